import io
import json

import pytest
from django.core.management import CommandError, call_command

from adopt.evaluation.simulation import Simulation
from adopt.evaluation.tests.factories import companies_with_outcomes
from adopt.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("evaluate", *args, stdout=out)
    return out.getvalue()


def test_evaluate_prints_an_estimate_with_its_interval_sizes_and_level_as_json() -> None:
    programme = ProgrammeFactory(slug="simulated")
    companies_with_outcomes(programme, Simulation(firms=400, seed=11))
    result = json.loads(_run("--programme", "simulated", "--method", "did", "--json"))
    [estimate] = result["estimates"]
    assert estimate["method"] == "did"
    assert estimate["maryland_level"] == 3
    assert estimate["effect"]["low"] <= 0.05 <= estimate["effect"]["high"]
    assert estimate["treated"] + estimate["comparison"] == 400
    assert sum(group["companies"] for group in result["groups"]) == result["companies"] == 400


def test_evaluate_says_why_there_is_no_estimate_when_there_are_no_outcomes() -> None:
    ProgrammeFactory(slug="empty")
    text = _run("--programme", "empty", "--method", "psm")
    assert "psm: no estimate." in text
    assert "needs outcomes" in text or "at least 10" in text


def test_evaluate_refuses_an_unknown_programme() -> None:
    with pytest.raises(CommandError, match="No programme is called 'nowhere'"):
        _run("--programme", "nowhere")
