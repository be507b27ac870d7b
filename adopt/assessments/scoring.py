"""Scoring assessments: every question 0 to 10, every dimension 0 to 100, an overall score and bands.

Pure: a framework and raw answers in, scores out. The rules per answer type are documented on the
question classes in `frameworks.py`; `validate_answers` is the gate every stored answer passes first.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adopt.assessments.frameworks import (
    Checklist,
    Framework,
    NumberQuestion,
    Question,
    RatingGrid,
    SingleChoice,
    TwoColumnChecklist,
    YesPartlyNoGrid,
)
from adopt.core.errors import DomainError

Answers = Mapping[str, Any]
YES_PARTLY_NO = {"no": 0.0, "partly": 0.5, "yes": 1.0}
TWO_COLUMN_STATES = ("done", "planned", "neither")


class AnswerError(DomainError, ValueError):
    """An answer that does not fit its question: outside the scale, unknown item, exclusive option mixed."""


@dataclass(frozen=True)
class DimensionScore:
    key: str
    title: str
    score: float  # 0 to 100
    band: str


@dataclass(frozen=True)
class AssessmentScores:
    framework: str
    questions: dict[str, float]  # 0 to 10
    dimensions: tuple[DimensionScore, ...]
    overall: float  # 0 to 100
    overall_band: str

    def dimension(self, key: str) -> DimensionScore:
        return next(d for d in self.dimensions if d.key == key)


def check_answer(question: Question, answer: Any) -> Any:
    """The answer in its stored form, or AnswerError saying what is wrong with it."""
    if isinstance(question, SingleChoice):
        if not isinstance(answer, int) or isinstance(answer, bool) or not 0 <= answer <= 5:
            raise AnswerError(f"{question.key}: choose one of the levels 0 to 5.")
        return answer
    if isinstance(question, Checklist):
        keys = {option.key for option in question.options}
        if not isinstance(answer, list) or not answer or any(item not in keys for item in answer):
            raise AnswerError(f"{question.key}: tick at least one of the options offered.")
        exclusive = {option.key for option in question.options if option.exclusive}
        if exclusive & set(answer) and len(set(answer)) > 1:
            raise AnswerError(f"{question.key}: “none of these” cannot be ticked with other options.")
        return sorted(set(answer))
    if isinstance(question, TwoColumnChecklist):
        return _check_grid(question.key, question.items, answer, lambda v: v in TWO_COLUMN_STATES)
    if isinstance(question, RatingGrid):
        return _check_grid(
            question.key,
            question.items,
            answer,
            lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 5,
        )
    if isinstance(question, YesPartlyNoGrid):
        return _check_grid(question.key, question.items, answer, lambda v: v in YES_PARTLY_NO)
    if isinstance(question, NumberQuestion):
        if not isinstance(answer, int | float) or isinstance(answer, bool):
            raise AnswerError(f"{question.key}: enter a number.")
        if not question.minimum <= answer <= question.maximum:
            raise AnswerError(f"{question.key}: enter a number from {question.minimum:g} to {question.maximum:g}.")
        return answer
    raise AnswerError(f"{question.key}: unknown question type.")  # pragma: no cover - the schema forbids it


def _check_grid(key: str, items: list[Any], answer: Any, valid: Any) -> dict[str, Any]:
    expected = {item.key for item in items}
    if not isinstance(answer, dict) or set(answer) != expected:
        raise AnswerError(f"{key}: answer every row, and only the rows offered.")
    if not all(valid(value) for value in answer.values()):
        raise AnswerError(f"{key}: an answer is outside the scale.")
    return dict(answer)


def validate_answers(framework: Framework, answers: Answers, *, complete: bool) -> dict[str, Any]:
    """Answers checked against the framework; with `complete`, every question must be answered."""
    checked: dict[str, Any] = {}
    for key, answer in answers.items():
        question = framework.question(key)
        if question is None:
            raise AnswerError(f"{key} is not a question of {framework.title}.")
        checked[key] = check_answer(question, answer)
    if complete:
        missing = [question.key for question in framework.questions() if question.key not in checked]
        if missing:
            raise AnswerError(f"Unanswered: {', '.join(missing)}.")
    return checked


def score_question(question: Question, answer: Any) -> float:
    if isinstance(question, SingleChoice):
        return float(answer) * 2.0
    if isinstance(question, Checklist):
        scored = {option.key for option in question.scored_options}
        return 10.0 * len(scored & set(answer)) / len(scored)
    if isinstance(question, TwoColumnChecklist):
        weights = {"done": question.done_weight, "planned": question.planned_weight, "neither": 0.0}
        return 10.0 * sum(weights[state] for state in answer.values()) / len(answer)
    if isinstance(question, RatingGrid):
        return 10.0 * float(sum(answer.values())) / (5 * len(answer))
    if isinstance(question, YesPartlyNoGrid):
        return 10.0 * sum(YES_PARTLY_NO[value] for value in answer.values()) / len(answer)
    if isinstance(question, NumberQuestion):
        fraction = (float(answer) - question.zero_at) / (question.ten_at - question.zero_at)
        return 10.0 * min(max(fraction, 0.0), 1.0)
    raise AnswerError(f"{question.key}: unknown question type.")  # pragma: no cover


def score_assessment(framework: Framework, answers: Answers) -> AssessmentScores:
    """Scores for a complete set of answers (validate them first with `validate_answers`)."""
    question_scores: dict[str, float] = {}
    dimensions = []
    for dimension in framework.dimensions:
        total_weight = sum(question.weight for question in dimension.questions)
        weighted = 0.0
        for question in dimension.questions:
            score = score_question(question, answers[question.key])
            question_scores[question.key] = score
            weighted += question.weight * score
        dimension_score = 10.0 * weighted / total_weight
        dimensions.append(
            DimensionScore(dimension.key, dimension.title, dimension_score, framework.band_for(dimension_score).name)
        )
    if framework.overall == "weighted_mean":
        weights = {d.key: d.weight for d in framework.dimensions}
        overall = sum(weights[d.key] * d.score for d in dimensions) / sum(weights.values())
    else:
        overall = sum(d.score for d in dimensions) / len(dimensions)
    return AssessmentScores(
        framework.label, question_scores, tuple(dimensions), overall, framework.band_for(overall).name
    )
