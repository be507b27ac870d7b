"""Assessment frameworks as data: versioned JSON files in `data/frameworks/`, validated on load.

A framework names its dimensions, their questions and answer types, the weights and the maturity bands.
Files are named `<key>@<version>.json`; every version stays on disk so old assessments re-score as taken.
"""

from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

FRAMEWORK_DIR = Path(__file__).resolve().parent / "data" / "frameworks"


class FrameworkError(Exception):
    """A framework file is missing or invalid; the message names the file and the entry."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Band(Strict):
    name: str
    min: float = Field(ge=0, le=100)
    max: float = Field(ge=0, le=100)
    descriptor: str


class Option(Strict):
    key: str
    label: str
    exclusive: bool = False  # a "none of these" answer that cannot be ticked with others


class Level(Strict):
    value: int = Field(ge=0, le=5)
    label: str
    descriptor: str = ""


class QuestionBase(Strict):
    key: str
    text: str
    help: str = ""
    weight: float = Field(default=1.0, gt=0)


class SingleChoice(QuestionBase):
    """One of six levels, 0 to 5, each with a descriptor. Scores level × 2."""

    type: Literal["single_choice"]
    levels: list[Level] = Field(min_length=6, max_length=6)

    @model_validator(mode="after")
    def _levels_are_0_to_5(self) -> "SingleChoice":
        if [level.value for level in self.levels] != list(range(6)):
            raise ValueError("levels must be the values 0 to 5 in order")
        return self


class Checklist(QuestionBase):
    """Tick what applies. Scores 10 × ticked / scored options; the exclusive "none" option scores 0.

    Every checklist has exactly one exclusive option, so "none of these" is an answer, not a blank.
    """

    type: Literal["checklist"]
    options: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _one_exclusive_option(self) -> "Checklist":
        if sum(option.exclusive for option in self.options) != 1:
            raise ValueError("a checklist needs exactly one exclusive option, such as 'none of these'")
        return self

    @property
    def scored_options(self) -> list[Option]:
        return [option for option in self.options if not option.exclusive]


class TwoColumnChecklist(QuestionBase):
    """Per item: already done, planned, or neither. Scores 10 × mean(done weight or planned weight)."""

    type: Literal["two_column_checklist"]
    items: list[Option] = Field(min_length=1)
    done_weight: float = Field(default=1.0, ge=0, le=1)
    planned_weight: float = Field(default=0.5, ge=0, le=1)


class RatingGrid(QuestionBase):
    """Per item, a rating 0 to 5. Scores 10 × mean(rating) / 5."""

    type: Literal["rating_grid"]
    items: list[Option] = Field(min_length=1)
    scale: list[str] = Field(min_length=6, max_length=6)


class YesPartlyNoGrid(QuestionBase):
    """Per item: no (0), partly (0.5) or yes (1). Scores 10 × mean."""

    type: Literal["yes_partly_no_grid"]
    items: list[Option] = Field(min_length=1)


class NumberQuestion(QuestionBase):
    """A number, scored linearly from `zero_at` (0) to `ten_at` (10), clipped."""

    type: Literal["number"]
    unit: str = ""
    minimum: float
    maximum: float
    zero_at: float
    ten_at: float

    @model_validator(mode="after")
    def _range_is_sensible(self) -> "NumberQuestion":
        if self.minimum >= self.maximum or self.zero_at == self.ten_at:
            raise ValueError("minimum must be below maximum, and zero_at must differ from ten_at")
        return self


Question = Annotated[
    SingleChoice | Checklist | TwoColumnChecklist | RatingGrid | YesPartlyNoGrid | NumberQuestion,
    Field(discriminator="type"),
]


class Dimension(Strict):
    key: str
    title: str
    group: str = ""
    description: str = ""
    weight: float = Field(default=1.0, gt=0)
    questions: list[Question] = Field(min_length=1)
    evidence: bool = False  # whether the assessor records notes and evidence for this dimension


class Framework(Strict):
    key: str
    version: int = Field(ge=1)
    title: str
    mode: Literal["self", "adviser"]
    summary: str
    source: str
    overall: Literal["mean", "weighted_mean"] = "mean"
    bands: list[Band] = Field(min_length=1)
    dimensions: list[Dimension] = Field(min_length=1)

    @model_validator(mode="after")
    def _keys_unique_and_bands_cover(self) -> "Framework":
        seen: set[str] = set()
        for dimension in self.dimensions:
            for question in dimension.questions:
                if question.key in seen:
                    raise ValueError(f"question key {question.key!r} is used twice")
                seen.add(question.key)
        if len({d.key for d in self.dimensions}) != len(self.dimensions):
            raise ValueError("dimension keys must be unique")
        bands = sorted(self.bands, key=lambda band: band.min)
        if bands[0].min != 0 or bands[-1].max != 100:
            raise ValueError("bands must run from 0 to 100")
        for lower, upper in pairwise(bands):
            if upper.min > lower.max + 1 or upper.min <= lower.min:
                raise ValueError(f"bands {lower.name!r} and {upper.name!r} leave a gap or overlap")
        return self

    @property
    def label(self) -> str:
        return f"{self.key}@{self.version}"

    def questions(self) -> list[Question]:
        return [question for dimension in self.dimensions for question in dimension.questions]

    def question(self, key: str) -> Question | None:
        return next((question for question in self.questions() if question.key == key), None)

    def band_for(self, score: float) -> Band:
        """The band whose range holds the score; scores are rounded to whole numbers for banding."""
        rounded = round(score)
        for band in sorted(self.bands, key=lambda band: band.min, reverse=True):
            if rounded >= band.min:
                return band
        return self.bands[0]


def load_framework_file(path: Path) -> Framework:
    if not path.exists():
        raise FrameworkError(f"Framework file {path.name} does not exist.")
    try:
        framework = Framework.model_validate_json(path.read_text(encoding="utf-8"))
    except ValidationError as error:
        first = error.errors()[0]
        where = " → ".join(str(part) for part in first["loc"])
        raise FrameworkError(f"{path.name}: {where}: {first['msg']}") from None
    expected = f"{framework.key}@{framework.version}.json"
    if path.name != expected:
        raise FrameworkError(f"{path.name}: a file holding {framework.label} must be named {expected}.")
    return framework


@cache
def all_frameworks(directory: Path = FRAMEWORK_DIR) -> dict[str, Framework]:
    """Every framework version on disk, by `key@version`."""
    frameworks = [load_framework_file(path) for path in sorted(directory.glob("*.json"))]
    return {framework.label: framework for framework in frameworks}


def framework(key: str, version: int | None = None) -> Framework:
    """A framework by key, at the given version or the latest one."""
    versions = [f for f in all_frameworks().values() if f.key == key]
    if not versions:
        raise FrameworkError(f"No framework is called {key!r}.")
    if version is None:
        return max(versions, key=lambda f: f.version)
    for candidate in versions:
        if candidate.version == version:
            return candidate
    raise FrameworkError(f"Framework {key!r} has no version {version}.")


def latest_frameworks() -> list[Framework]:
    keys = sorted({f.key for f in all_frameworks().values()})
    return [framework(key) for key in keys]


class HasFramework(Protocol):
    framework_key: str
    framework_version: int


def framework_for(assessment: HasFramework) -> Framework:
    """The exact framework version an assessment was taken with."""
    return framework(assessment.framework_key, assessment.framework_version)
