import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from adopt.roadmaps.models import Roadmap

pytestmark = pytest.mark.django_db


def test_roadmap_writes_the_pdf_and_the_json(world, tmp_path, capsys):
    world.company.companies_house_number = "01234567"
    world.company.save()
    pdf = tmp_path / "roadmap.pdf"
    call_command("roadmap", "01234567", "--pdf", str(pdf), "--json")
    assert pdf.read_bytes().startswith(b"%PDF")
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == 1
    assert data["plan"]["items"]


def test_roadmap_for_an_unknown_company_says_so(db):
    with pytest.raises(CommandError, match="No company has the number 99999999"):
        call_command("roadmap", "99999999", "--json")


def test_replan_stores_versions_only_where_the_plan_changed(world):
    out = StringIO()
    call_command("replan", "--programme", world.programme.slug, "--workers", "1", stdout=out, stderr=StringIO())
    assert "1 roadmaps: 0 re-planned with a new version, 1 unchanged, 0 not planned" in out.getvalue()
    Roadmap.objects.filter(pk=world.roadmap.pk).update(budget_now=90000)
    out = StringIO()
    call_command("replan", "--programme", world.programme.slug, "--workers", "1", stdout=out, stderr=StringIO())
    assert "1 re-planned with a new version" in out.getvalue()
    assert world.roadmap.versions.count() == 2


def test_replan_counts_roadmaps_it_cannot_plan_with_the_reason(world):
    world.company.assessments.all().delete()
    out = StringIO()
    call_command("replan", "--programme", world.programme.slug, "--workers", "1", stdout=out, stderr=StringIO())
    assert "1 not planned: There is no submitted diagnostic or self-assessment" in out.getvalue()
    assert "Ribble Plastics Ltd" in out.getvalue()


def test_replan_of_an_unknown_programme_says_so(db):
    with pytest.raises(CommandError, match="No programme is called 'atlantis'"):
        call_command("replan", "--programme", "atlantis")
