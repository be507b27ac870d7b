import json

import pytest

from adopt.assessments.frameworks import FRAMEWORK_DIR, Framework, FrameworkError, framework, load_framework_file
from adopt.assessments.scoring import AnswerError, score_assessment, score_question, validate_answers

EU = framework("eu-dma")
DIAGNOSTIC = framework("manufacturing-diagnostic")


def question(key):
    return EU.question(key)


# One behaviour per answer type, with exact values.
def test_single_choice_scores_twice_the_level():
    assert [score_question(question("green_choices"), level) for level in range(6)] == [0, 2, 4, 6, 8, 10]


def test_checklist_scores_the_fraction_ticked():
    # 3 of the 7 scored options.
    assert score_question(question("readiness_to_change"), ["needs", "budget", "skills"]) == pytest.approx(30 / 7)


def test_checklist_exclusive_option_scores_zero():
    assert score_question(question("data_management"), ["not_digital"]) == 0


def test_two_column_checklist_counts_done_as_one_and_planned_as_half():
    answer = dict.fromkeys([item.key for item in question("investment_areas").items], "neither")
    answer |= {"design": "done", "operations": "done", "marketing": "planned"}
    assert score_question(question("investment_areas"), answer) == pytest.approx(10 * 2.5 / 9)


def test_rating_grid_scores_the_mean_rating_over_five():
    items = [item.key for item in question("ai_technologies").items]
    answer = dict.fromkeys(items, 0) | {items[0]: 5, items[1]: 3}
    assert score_question(question("ai_technologies"), answer) == pytest.approx(10 * 8 / (5 * 8))


def test_yes_partly_no_grid_scores_yes_one_partly_half():
    items = [item.key for item in question("green_uses").items]
    answer = dict.fromkeys(items, "no") | {items[0]: "yes", items[1]: "partly", items[2]: "partly"}
    assert score_question(question("green_uses"), answer) == pytest.approx(10 * 2 / 7)


def test_number_scores_linearly_and_clips():
    number = Framework.model_validate(
        {
            "key": "t",
            "version": 1,
            "title": "T",
            "mode": "self",
            "summary": "",
            "source": "",
            "bands": [{"name": "All", "min": 0, "max": 100, "descriptor": ""}],
            "dimensions": [
                {
                    "key": "d",
                    "title": "D",
                    "questions": [
                        {
                            "key": "share",
                            "type": "number",
                            "text": "Share of staff using digital tools daily",
                            "unit": "%",
                            "minimum": 0,
                            "maximum": 100,
                            "zero_at": 10,
                            "ten_at": 60,
                        }
                    ],
                }
            ],
        }
    ).question("share")
    assert [score_question(number, value) for value in (0, 10, 35, 60, 100)] == [0, 0, 5, 10, 10]


# Dimension, overall and bands.
def full_answers(level=3):
    answers = {}
    for q in EU.questions():
        if q.type == "single_choice":
            answers[q.key] = level
        elif q.type == "checklist":
            answers[q.key] = [q.scored_options[0].key]
        elif q.type == "two_column_checklist":
            answers[q.key] = {item.key: "done" for item in q.items}
        elif q.type == "rating_grid":
            answers[q.key] = {item.key: 5 for item in q.items}
        elif q.type == "yes_partly_no_grid":
            answers[q.key] = {item.key: "partly" for item in q.items}
    return answers


def test_dimension_scores_are_weighted_means_times_ten_and_overall_is_their_mean():
    scores = score_assessment(EU, full_answers())
    strategy = scores.dimension("strategy")
    assert strategy.score == pytest.approx((10 + 10 / 7) / 2 * 10)
    assert scores.dimension("readiness").score == 100
    assert scores.dimension("green").score == pytest.approx((5 + 6) / 2 * 10)
    expected = [(10 + 10 / 7) * 5, 100, (10 / 6 + 10 / 6) * 5, (10 / 6 + 10 / 7) * 5, 100, 55]
    assert scores.overall == pytest.approx(sum(expected) / 6)


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "Basic"),
        (25, "Basic"),
        (25.4, "Basic"),
        (25.6, "Average"),
        (50, "Average"),
        (51, "Moderately advanced"),
        (76, "Advanced"),
        (100, "Advanced"),
    ],
)
def test_eu_bands_follow_the_published_ranges(score, band):
    assert EU.band_for(score).name == band


def test_the_diagnostic_scores_each_dimension_at_twenty_per_band():
    answers = {q.key: 4 for q in DIAGNOSTIC.questions()} | {"vertical_integration": 1}
    scores = score_assessment(DIAGNOSTIC, answers)
    assert scores.dimension("vertical_integration").score == 20
    assert scores.dimension("collaboration").score == 80
    assert scores.overall == pytest.approx((20 + 15 * 80) / 16)
    assert len(scores.dimensions) == 16


# Validation: tampered or incomplete answers are refused.
def test_an_answer_outside_the_scale_is_refused():
    with pytest.raises(AnswerError, match="levels 0 to 5"):
        validate_answers(EU, {"green_choices": 6}, complete=False)


def test_a_question_from_another_framework_is_refused():
    with pytest.raises(AnswerError, match="is not a question of"):
        validate_answers(EU, {"vertical_integration": 3}, complete=False)


def test_the_exclusive_option_cannot_be_ticked_with_others():
    with pytest.raises(AnswerError, match="cannot be ticked with other options"):
        validate_answers(EU, {"data_security": ["none", "backups"]}, complete=False)


def test_a_grid_must_answer_every_row():
    with pytest.raises(AnswerError, match="answer every row"):
        validate_answers(EU, {"green_uses": {"products": "yes"}}, complete=False)


def test_an_incomplete_assessment_lists_what_is_missing():
    answers = full_answers()
    del answers["green_choices"], answers["data_security"]
    with pytest.raises(AnswerError, match="Unanswered: data_security, green_choices"):
        validate_answers(EU, answers, complete=True)


# Framework files.
def test_both_shipped_frameworks_load_with_their_published_shape():
    assert [d.key for d in EU.dimensions] == ["strategy", "readiness", "human", "data", "automation", "green"]
    assert len(EU.questions()) == 11
    assert {d.group for d in DIAGNOSTIC.dimensions} == {"Process", "Technology", "Organisation"}
    assert len(DIAGNOSTIC.dimensions) == 16


def test_a_framework_with_a_broken_entry_names_the_file_and_the_entry(tmp_path):
    data = json.loads((FRAMEWORK_DIR / "eu-dma@1.json").read_text())
    data["dimensions"][1]["questions"][0]["type"] = "slider"
    broken = tmp_path / "eu-dma@1.json"
    broken.write_text(json.dumps(data))
    with pytest.raises(FrameworkError, match=r"eu-dma@1.json: dimensions → 1 → questions → 0"):
        load_framework_file(broken)


def test_a_framework_whose_file_name_disagrees_with_its_version_is_refused(tmp_path):
    source = FRAMEWORK_DIR / "eu-dma@1.json"
    misnamed = tmp_path / "eu-dma@2.json"
    misnamed.write_text(source.read_text())
    with pytest.raises(FrameworkError, match="must be named eu-dma@1.json"):
        load_framework_file(misnamed)
