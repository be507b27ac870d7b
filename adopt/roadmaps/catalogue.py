"""The technology catalogue and the planning rules, as versioned data files validated on load.

`data/catalogue/technologies@<version>.json` holds the technologies; `data/planning@<version>.json` the
objectives, cost areas, phases, weights and best-in-class levels. Both name the diagnostic framework whose
dimensions they speak of, and every reference (a dimension, a prerequisite, an objective) is checked
against it, so a typo or a prerequisite cycle is a load error naming the entry, never a wrong plan.
"""

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from adopt.assessments.frameworks import FrameworkError, framework

DATA = Path(__file__).resolve().parent / "data"
CATALOGUE_DIR = DATA / "catalogue"
PLANNING_FILE = DATA / "planning@1.json"
SizeBand = Literal["micro", "small", "medium"]
BenefitKind = Literal["productivity", "scrap", "energy", "lead_time"]
ModelT = TypeVar("ModelT", bound=BaseModel)


class CatalogueError(Exception):
    """A catalogue or planning file is missing or invalid; the message names the file and the entry."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Range(Strict):
    low: Decimal = Field(ge=0)
    high: Decimal = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> "Range":
        if self.low > self.high:
            raise ValueError(f"the low end {self.low} is above the high end {self.high}")
        return self

    @property
    def middle(self) -> Decimal:
        return (self.low + self.high) / 2


class Costs(Strict):
    one_off: tuple[int, int]
    yearly: tuple[int, int]

    @model_validator(mode="after")
    def _ordered(self) -> "Costs":
        for name, (low, high) in (("one_off", self.one_off), ("yearly", self.yearly)):
            if low < 0 or low > high:
                raise ValueError(f"{name} must be two amounts, low then high, not below zero")
        return self


class Benefit(Range):
    source: str


class Jobs(Strict):
    created_fte: Range
    roles_upskilled: Range
    skills: str = ""


class Prerequisites(Strict):
    items: list[str] = []
    minimum_levels: dict[str, int] = {}


class Technology(Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    category: str
    description: str
    raises: dict[str, int] = Field(min_length=1)
    prerequisites: Prerequisites = Prerequisites()
    costs: dict[SizeBand, Costs]
    implementation_months: int = Field(ge=1, le=36)
    benefits: dict[BenefitKind, Benefit] = {}
    jobs: Jobs
    tool_kinds: list[str] = Field(min_length=1)
    objectives: list[str] = []

    @model_validator(mode="after")
    def _every_size_band_costed(self) -> "Technology":
        missing = {"micro", "small", "medium"} - set(self.costs)
        if missing:
            raise ValueError(f"no costs for {', '.join(sorted(missing))}")
        if any(not 1 <= level <= 5 for level in self.raises.values()):
            raise ValueError("raises a dimension by 1 to 5 levels")
        return self


class Catalogue(Strict):
    key: str
    version: int = Field(ge=1)
    year: int
    title: str
    framework: str
    summary: str
    currency: str
    size_bands: dict[SizeBand, str]
    categories: dict[str, str]
    sources: dict[str, str]
    technologies: list[Technology] = Field(min_length=1)

    @property
    def label(self) -> str:
        return f"{self.key}@{self.version}"

    @property
    def described(self) -> str:
        """The catalogue as people read it, e.g. 'the Adopt technology catalogue (version 1, 2026)'."""
        return f"the {self.title} (version {self.version}, {self.year})"

    def technology(self, key: str) -> Technology:
        for item in self.technologies:
            if item.key == key:
                return item
        raise KeyError(key)

    @property
    def by_key(self) -> dict[str, Technology]:
        return {item.key: item for item in self.technologies}


class Phase(Strict):
    key: str
    title: str
    starts_month: int
    ends_month: int
    time_value: float = Field(gt=0, le=1)
    capacity: int = Field(ge=0)
    weights: dict[Literal["gaps", "objectives", "cost_profile"], float]
    why: str


class Objective(Strict):
    key: str
    title: str
    dimensions: dict[str, float]


class CostArea(Objective):
    default_share: int = Field(ge=0, le=100)


class BestInClass(Strict):
    default: int = Field(ge=1, le=5)
    by_division: dict[str, int] = {}
    source: str

    def level_for(self, sic_code: str) -> int:
        return self.by_division.get(sic_code[:2], self.default)


class SelfAssessmentMap(Strict):
    framework: str
    note: str
    dimensions: dict[str, list[str]]


class Grant(Strict):
    pays_for: Literal["one_off"]
    note: str


class Solver(Strict):
    time_limit_seconds: float = Field(gt=0)
    mip_rel_gap: float = Field(ge=0, lt=1)


class Planning(Strict):
    key: str
    version: int
    year: int
    source: str
    framework: str
    phases: list[Phase] = Field(min_length=1)
    objectives: list[Objective]
    cost_areas: list[CostArea]
    best_in_class: BestInClass
    self_assessment: SelfAssessmentMap
    grant: Grant
    solver: Solver

    @property
    def label(self) -> str:
        return f"{self.key}@{self.version}"

    @property
    def described(self) -> str:
        return f"the planning rules (version {self.version}, {self.year})"

    def objective(self, key: str) -> Objective:
        return next(objective for objective in self.objectives if objective.key == key)


def _load(model: type[ModelT], path: Path) -> ModelT:
    if not path.exists():
        raise CatalogueError(f"{path.name} does not exist.")
    try:
        return model.model_validate_json(path.read_text(encoding="utf-8"))
    except ValidationError as error:
        first = error.errors()[0]
        where = " → ".join(str(part) for part in first["loc"])
        raise CatalogueError(f"{path.name}: {where}: {first['msg']}") from None


def _dimension_keys(label: str, path: Path) -> set[str]:
    key, _, version = label.partition("@")
    try:
        return {dimension.key for dimension in framework(key, int(version)).dimensions}
    except (FrameworkError, ValueError):
        raise CatalogueError(f"{path.name}: framework {label!r} is not known.") from None


def _prerequisite_cycle(technologies: list[Technology]) -> list[str] | None:
    """A chain of keys that leads back to its start, if the prerequisites have one."""
    needs = {item.key: item.prerequisites.items for item in technologies}
    state: dict[str, str] = {}

    def visit(key: str, path: list[str]) -> list[str] | None:
        if state.get(key) == "done":
            return None
        if state.get(key) == "visiting":
            return [*path[path.index(key) :], key]
        state[key] = "visiting"
        for needed in needs.get(key, []):
            cycle = visit(needed, [*path, key])
            if cycle:
                return cycle
        state[key] = "done"
        return None

    for key in needs:
        cycle = visit(key, [])
        if cycle:
            return cycle
    return None


def check_catalogue(catalogue: Catalogue, planning: Planning, path: Path) -> None:
    """Raise CatalogueError naming the first entry that refers to something that does not exist."""
    dimensions = _dimension_keys(catalogue.framework, path)
    objectives = {objective.key for objective in planning.objectives}
    keys: set[str] = set()
    for item in catalogue.technologies:
        where = f"{path.name}: technology {item.key!r}"
        if item.key in keys:
            raise CatalogueError(f"{where} appears twice.")
        keys.add(item.key)
        if item.category not in catalogue.categories:
            raise CatalogueError(f"{where}: category {item.category!r} is not one of the catalogue's categories.")
        for dimension in [*item.raises, *item.prerequisites.minimum_levels]:
            if dimension not in dimensions:
                raise CatalogueError(f"{where}: dimension {dimension!r} is not in {catalogue.framework}.")
        for objective in item.objectives:
            if objective not in objectives:
                raise CatalogueError(f"{where}: objective {objective!r} is not in {planning.label}.")
        for benefit in item.benefits.values():
            if benefit.source not in catalogue.sources:
                raise CatalogueError(f"{where}: source {benefit.source!r} is not in the catalogue's sources.")
    for item in catalogue.technologies:
        for needed in item.prerequisites.items:
            if needed not in keys:
                raise CatalogueError(
                    f"{path.name}: technology {item.key!r} needs {needed!r}, which is not in the catalogue."
                )
            if needed == item.key:
                raise CatalogueError(f"{path.name}: technology {item.key!r} lists itself as a prerequisite.")
    cycle = _prerequisite_cycle(catalogue.technologies)
    if cycle:
        raise CatalogueError(f"{path.name}: the prerequisites go round in a circle: {' → '.join(cycle)}.")


def check_planning(planning: Planning, path: Path) -> None:
    dimensions = _dimension_keys(planning.framework, path)
    for group in (planning.objectives, planning.cost_areas):
        for entry in group:
            unknown = set(entry.dimensions) - dimensions
            if unknown:
                raise CatalogueError(
                    f"{path.name}: {entry.key!r} names unknown dimensions {', '.join(sorted(unknown))}."
                )
    for source, targets in planning.self_assessment.dimensions.items():
        if set(targets) - dimensions:
            raise CatalogueError(f"{path.name}: self-assessment {source!r} maps to unknown dimensions.")
    if [phase.key for phase in planning.phases] != ["now", "next", "later"]:
        raise CatalogueError(f"{path.name}: the phases must be now, next and later, in that order.")
    if sum(area.default_share for area in planning.cost_areas) != 100:
        raise CatalogueError(f"{path.name}: the cost areas' default shares must add up to 100.")


def load_planning(path: Path = PLANNING_FILE) -> Planning:
    planning = _load(Planning, path)
    check_planning(planning, path)
    return planning


def load_catalogue(path: Path, planning: Planning) -> Catalogue:
    catalogue = _load(Catalogue, path)
    expected = f"{catalogue.label}.json"
    if path.name != expected:
        raise CatalogueError(f"{path.name}: a file holding {catalogue.label} must be named {expected}.")
    check_catalogue(catalogue, planning, path)
    return catalogue


def published_dir() -> Path:
    """Where versions published from Adopt's pages are kept: beside uploaded files, shared by every process."""
    from django.conf import settings

    return Path(settings.MEDIA_ROOT) / "reference" / "roadmaps"


def published_catalogue_dir() -> Path:
    return published_dir()


def versioned_paths(key: str) -> dict[int, Path]:
    """Every version of `technologies` or `planning`: those shipped with Adopt, then those published since."""
    shipped = CATALOGUE_DIR if key == "technologies" else DATA
    paths: dict[int, Path] = {}
    for directory in (shipped, published_dir()):
        for path in directory.glob(f"{key}@*.json"):
            number = path.stem.partition("@")[2]
            if number.isdigit():
                paths.setdefault(int(number), path)
    return paths


def catalogue_paths() -> dict[int, Path]:
    return versioned_paths("technologies")


def planning_rules(version: int | None = None) -> Planning:
    """The planning rules at a version, or the latest, shipped or published."""
    paths = versioned_paths("planning")
    number = max(paths, default=0) if version is None else version
    if number not in paths:
        raise CatalogueError(f"No planning rules planning@{number}.")
    return _planning_at(paths[number], paths[number].stat().st_mtime_ns)


@cache
def _planning_at(path: Path, stamp: int) -> Planning:
    return load_planning(path)


def catalogue(version: int | None = None) -> Catalogue:
    """The catalogue at a version, or the latest, shipped or published, checked against the latest rules."""
    paths = catalogue_paths()
    if not paths:
        raise CatalogueError(f"No technology catalogue in {CATALOGUE_DIR}.")
    number = max(paths) if version is None else version
    if number not in paths:
        raise CatalogueError(f"No technology catalogue technologies@{number}.")
    return _catalogue_at(paths[number], paths[number].stat().st_mtime_ns, planning_rules().version)


@cache
def _catalogue_at(path: Path, stamp: int, planning_version: int) -> Catalogue:
    return load_catalogue(path, planning_rules(planning_version))
