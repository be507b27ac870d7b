import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from adopt.roadmaps.models import Roadmap
from adopt.support.models import SupportedRule, SupportEntry
from adopt.support.rules import SupportedRuleFacts, supported_verdict
from adopt.support.tests.factories import support_given

pytestmark = pytest.mark.django_db


def log(world):
    return reverse("support:log", kwargs={"company_pk": world.company.pk})


def entry(**changes):
    data = {"kind": "one_to_one", "delivered_on": "2026-10-01", "hours": "3.5", "notes": "Roadmap follow-up"}
    return {**data, **changes}


def test_twelve_hours_make_a_company_supported():
    verdict = supported_verdict(Decimal("12"), False, SupportedRuleFacts())
    assert verdict.supported
    assert "12 hours of support" in verdict.reason


def test_an_agreed_roadmap_counts_when_the_programme_says_so():
    assert supported_verdict(Decimal("2"), True, SupportedRuleFacts()).supported
    assert not supported_verdict(Decimal("2"), True, SupportedRuleFacts(roadmap_counts=False)).supported


def test_short_of_the_rule_says_what_is_missing():
    verdict = supported_verdict(Decimal("4.5"), False, SupportedRuleFacts())
    assert verdict.reason == "4.5 hours so far: needs 7.5 more hours of support or an agreed roadmap."


def test_the_adviser_records_support_and_the_hours_add_up(client, world):
    client.force_login(world.adviser)
    client.post(log(world), entry())
    client.post(log(world), entry(hours="9"))
    response = client.get(log(world))
    assert "12.5 hours" in response.text
    assert "Supported" in response.text
    assert SupportEntry.objects.filter(company=world.company, adviser=world.adviser).count() == 2


def test_support_in_the_future_is_refused(client, world):
    client.force_login(world.adviser)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(log(world), entry(delivered_on=tomorrow))
    assert response.status_code == 400
    assert "cannot be in the future" in response.text


def test_zero_hours_are_refused(client, world):
    client.force_login(world.adviser)
    response = client.post(log(world), entry(hours="0"))
    assert response.status_code == 400
    assert not SupportEntry.objects.exists()


def test_more_roles_upskilled_than_staff_is_refused(client, world):
    world.company.staff_headcount = 1
    world.company.save()
    client.force_login(world.adviser)
    role = {"record": "role", "role": "Setter", "training": "CNC", "provider": "College", "completed_on": "2026-09-01"}
    client.post(log(world), role)
    response = client.post(log(world), {**role, "role": "Operator"})
    assert response.status_code == 400
    assert "more roles than staff cannot be upskilled" in response.text


def test_a_company_member_sees_the_log_but_cannot_record(client, world):
    client.force_login(world.sme_member)
    assert client.get(log(world)).status_code == 200
    assert client.post(log(world), entry()).status_code == 403


def test_the_programme_rule_decides(client, world):
    SupportedRule.objects.create(programme=world.programme, minimum_hours=Decimal("2"), roadmap_counts=False)
    Roadmap.objects.filter(pk=world.roadmap.pk).update(agreed_version=world.roadmap.versions.first())
    client.force_login(world.adviser)
    assert "Not yet supported" in client.get(log(world)).text
    client.post(log(world), entry(hours="2"))
    assert "at least the 2 the programme asks" in client.get(log(world)).text


def internship(**changes):
    data = {
        "record": "internship",
        "internship-student": "Sam Student",
        "internship-hours": "300",
        "internship-hourly_rate": "12.50",
        "internship-starts_on": "2026-06-01",
        "internship-ends_on": "2026-09-01",
        "internship-outcome": "job_offer",
    }
    return {**data, **changes}


def test_the_adviser_records_an_internship_and_its_outcome(client, world):
    client.force_login(world.adviser)
    assert client.post(log(world), internship()).status_code == 302
    response = client.get(log(world))
    assert "Completed with a job offer" in response.text
    assert world.company.internships.get().hours == 300


def test_an_internship_that_ends_before_it_starts_is_refused(client, world):
    client.force_login(world.adviser)
    response = client.post(log(world), internship(**{"internship-ends_on": "2026-05-01"}))
    assert response.status_code == 400
    assert "cannot end before it starts" in response.text
    assert not world.company.internships.exists()


def test_an_internship_that_has_ended_needs_its_end_date(client, world):
    client.force_login(world.adviser)
    response = client.post(log(world), internship(**{"internship-ends_on": ""}))
    assert response.status_code == 400
    assert "Give the end date" in response.text


def test_the_support_log_shows_each_section_once_under_a_plain_title(client, world):
    client.force_login(world.adviser)
    response = client.get(log(world))
    assert f"<title>Support and skills – {world.company.name} – Adopt</title>" in response.text
    assert response.text.count("Digital technology internships") == 1


def test_support_notes_are_for_staff_unless_shared_with_the_company(client, world):
    support_given(
        company=world.company, kind="diagnostic", delivered_on="2026-09-01", hours=3, notes="Owner seems overstretched"
    )
    support_given(
        company=world.company,
        kind="workshop",
        delivered_on="2026-09-02",
        hours=2,
        notes="Bring your stock list next time",
        visibility="company",
    )
    client.force_login(world.sme_member)
    body = client.get(log(world)).content.decode()
    assert "Owner seems overstretched" not in body
    assert "Bring your stock list next time" in body
    assert "Diagnostic" in body  # the support itself is the company's to see
    client.force_login(world.adviser)
    body = client.get(log(world)).content.decode()
    assert "Owner seems overstretched" in body
    assert "Bring your stock list next time" in body


def test_recorded_support_notes_default_to_staff_only(client, world):
    client.force_login(world.adviser)
    client.post(log(world), entry(notes="Private view of the finances"))
    assert SupportEntry.objects.get(notes="Private view of the finances").visibility == "staff"
