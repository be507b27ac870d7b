"""Reading a section's answers from a posted form. Field names: `q__<question>` and `q__<question>__<item>`."""

from dataclasses import dataclass, field, replace
from typing import Any

from django.http import QueryDict

from adopt.assessments.frameworks import (
    Checklist,
    NumberQuestion,
    Question,
    RatingGrid,
    SingleChoice,
    TwoColumnChecklist,
    YesPartlyNoGrid,
)
from adopt.assessments.scoring import AnswerError, check_answer
from adopt.assessments.sections import Section


@dataclass
class SectionAnswers:
    answers: dict[str, Any] = field(default_factory=dict)
    cleared: list[str] = field(default_factory=list)  # questions left blank this time
    evidence: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def read_section(section: Section, data: QueryDict, with_evidence: bool) -> SectionAnswers:
    result = SectionAnswers()
    for dimension in section.dimensions:
        if with_evidence and dimension.evidence:
            result.evidence[dimension.key] = data.get(f"evidence__{dimension.key}", "").strip()[:4000]
        for question in dimension.questions:
            try:
                raw = _raw_answer(question, data)
            except AnswerError as error:
                result.errors[question.key] = _message(question, error)
                continue
            except ValueError:
                result.errors[question.key] = "That answer is not one of those offered."
                continue
            if raw is None:
                result.cleared.append(question.key)
                continue
            try:
                result.answers[question.key] = check_answer(question, raw)
            except AnswerError as error:
                result.errors[question.key] = _message(question, error)
    return result


def _message(question: Question, error: Exception) -> str:
    text = str(error)
    return text.split(": ", 1)[1] if text.startswith(question.key + ":") else text


def _raw_answer(question: Question, data: QueryDict) -> Any:
    name = f"q__{question.key}"
    if isinstance(question, SingleChoice):
        value = data.get(name, "")
        return int(value) if value != "" else None
    if isinstance(question, Checklist):
        return data.getlist(name) or None
    if isinstance(question, NumberQuestion):
        value = data.get(name, "").strip()
        if value == "":
            return None
        try:
            return float(value)
        except ValueError:
            raise AnswerError("enter a number, like 25.") from None
    if isinstance(question, TwoColumnChecklist | RatingGrid | YesPartlyNoGrid):
        rows = {item.key: data.get(f"{name}__{item.key}", "") for item in question.items}
        given = {key: value for key, value in rows.items() if value != ""}
        if not given:
            return None
        if len(given) < len(rows):
            raise AnswerError("answer every row, or leave them all for later.")
        if isinstance(question, RatingGrid):
            return {key: int(value) for key, value in given.items()}
        return given
    raise AnswerError("unknown question type.")  # pragma: no cover


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    hint: str
    checked: bool
    exclusive: bool = False


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    choices: list[Choice]


@dataclass(frozen=True)
class QuestionView:
    """What a template needs to draw one question with its current answer."""

    key: str
    type: str
    text: str
    help: str
    error: str
    choices: list[Choice] = field(default_factory=list)  # single choice and checklist
    rows: list[Row] = field(default_factory=list)  # grids
    value: str = ""  # number
    unit: str = ""


GRID_CHOICES = {
    "two_column_checklist": [("done", "Already done"), ("planned", "Planned"), ("neither", "Neither")],
    "yes_partly_no_grid": [("yes", "Yes"), ("partly", "Partly"), ("no", "No")],
}


def question_views(
    section: Section, answers: dict[str, Any], errors: dict[str, str]
) -> list[tuple[Any, list[QuestionView]]]:
    """Each dimension of the section with its questions ready to draw."""
    return [
        (dimension, [question_view(q, answers.get(q.key), errors.get(q.key, "")) for q in dimension.questions])
        for dimension in section.dimensions
    ]


def question_view(question: Question, answer: Any, error: str) -> QuestionView:
    base = QuestionView(question.key, question.type, question.text, question.help, error)
    if isinstance(question, SingleChoice):
        choices = [Choice(str(v.value), v.label, v.descriptor, answer == v.value) for v in question.levels]
        return replace(base, choices=choices)
    if isinstance(question, Checklist):
        ticked = set(answer or [])
        choices = [Choice(o.key, o.label, "", o.key in ticked, o.exclusive) for o in question.options]
        return replace(base, choices=choices)
    if isinstance(question, NumberQuestion):
        return replace(base, value="" if answer is None else f"{answer:g}", unit=question.unit)
    given = answer or {}
    if isinstance(question, RatingGrid):
        options = [(str(n), f"{n} – {label}") for n, label in enumerate(question.scale)]
    else:
        options = GRID_CHOICES[question.type]
    rows = [
        Row(item.key, item.label, [Choice(v, label, "", str(given.get(item.key, "")) == v) for v, label in options])
        for item in question.items
    ]
    return replace(base, rows=rows)
