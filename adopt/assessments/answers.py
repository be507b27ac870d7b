"""Each stored answer in the words its question offered, for the check-your-answers page. Pure."""

from dataclasses import dataclass
from typing import Any

from adopt.assessments.frameworks import (
    Checklist,
    NumberQuestion,
    Question,
    RatingGrid,
    SingleChoice,
    TwoColumnChecklist,
    YesPartlyNoGrid,
)
from adopt.assessments.sections import Section

NOT_ANSWERED = "Not answered yet"
TWO_COLUMN_WORDS = {"done": "Already done", "planned": "Planned", "neither": "Neither"}
YES_PARTLY_NO_WORDS = {"yes": "Yes", "partly": "Partly", "no": "No"}


@dataclass(frozen=True)
class AnsweredQuestion:
    key: str
    text: str
    lines: list[str]  # the answer, one line per row of a grid
    answered: bool


@dataclass(frozen=True)
class AnsweredSection:
    section: Section
    questions: list[AnsweredQuestion]


def answer_in_words(question: Question, answer: Any) -> list[str]:
    """The answer as the person chose it, in the question's own labels."""
    if answer is None:
        return [NOT_ANSWERED]
    if isinstance(question, SingleChoice):
        level = next((level for level in question.levels if level.value == answer), None)
        return [level.label if level else str(answer)]
    if isinstance(question, Checklist):
        labels = {option.key: option.label for option in question.options}
        return [", ".join(labels.get(key, key) for key in answer)]
    if isinstance(question, TwoColumnChecklist):
        return [f"{item.label}: {TWO_COLUMN_WORDS.get(answer.get(item.key), NOT_ANSWERED)}" for item in question.items]
    if isinstance(question, RatingGrid):
        return [f"{item.label}: {_rating(question, answer.get(item.key))}" for item in question.items]
    if isinstance(question, YesPartlyNoGrid):
        return [
            f"{item.label}: {YES_PARTLY_NO_WORDS.get(answer.get(item.key), NOT_ANSWERED)}" for item in question.items
        ]
    if isinstance(question, NumberQuestion):
        return [f"{answer:g} {question.unit}".strip()]
    return [str(answer)]


def _rating(question: RatingGrid, value: Any) -> str:
    if not isinstance(value, int) or not 0 <= value < len(question.scale):
        return NOT_ANSWERED
    return f"{question.scale[value]} ({value} of 5)"


def answered_sections(sections: list[Section], answers: dict[str, Any]) -> list[AnsweredSection]:
    return [
        AnsweredSection(
            section,
            [
                AnsweredQuestion(q.key, q.text, answer_in_words(q, answers.get(q.key)), q.key in answers)
                for dimension in section.dimensions
                for q in dimension.questions
            ],
        )
        for section in sections
    ]
