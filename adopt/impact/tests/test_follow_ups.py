import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from adopt.core.financial_years import add_months
from adopt.funding.models import FundYear, LedgerEntry
from adopt.impact.checks import ReportFacts, report_problems
from adopt.impact.models import FollowUpReport

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)


def paid(world, days_ago: int) -> None:
    entry = LedgerEntry.objects.create(
        fund_year=FundYear.objects.filter(fund=world.fund).get(),
        application=world.application,
        kind=LedgerEntry.Kind.PAYMENT,
        amount=Decimal("5000"),
        actor=world.manager,
    )
    LedgerEntry.objects.filter(pk=entry.pk).update(at=timezone.now() - datetime.timedelta(days=days_ago))


def report(world, **values):
    data = {"reported_on": timezone.localdate().isoformat(), "jobs_created": "2", "roles_upskilled": "3"}
    data.update(values)
    url = reverse("impact:follow-up", kwargs={"application_pk": world.application.pk, "months": 6})
    return data, url


def facts(**changes):
    values = {
        "paid_on": datetime.date(2026, 1, 10),
        "today": TODAY,
        "staff": 20,
        "electricity_kwh": 100_000,
        "gas_kwh": None,
    }
    return ReportFacts(**{**values, **changes})


def test_months_are_added_to_the_end_of_shorter_months():
    assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2026, 1, 15), 24) == datetime.date(2028, 1, 15)


def test_negative_jobs_more_roles_than_staff_and_impossible_energy_are_each_refused():
    problems = report_problems(
        {"jobs_created": Decimal(-1), "roles_upskilled": 25, "electricity_saved_kwh": 150_000}, facts()
    )
    assert problems["jobs_created"] == "Cannot be negative."
    assert problems["roles_upskilled"] == "More roles than the company's 20 staff."
    assert problems["electricity_saved_kwh"] == "More than the company uses in a year (100,000 kWh)."


def test_a_report_dated_before_the_payment_or_in_the_future_is_refused():
    assert (
        "before the grant was paid"
        in report_problems({"reported_on": datetime.date(2026, 1, 1)}, facts())["reported_on"]
    )
    assert report_problems({"reported_on": TODAY + datetime.timedelta(days=1)}, facts())["reported_on"] == (
        "Cannot be in the future."
    )


def test_blank_figures_are_accepted_as_missing():
    assert report_problems({"reported_on": TODAY, "jobs_created": None}, facts()) == {}


def test_a_follow_up_six_months_after_payment_is_due_and_once_recorded_is_gone(client, world):
    paid(world, days_ago=200)
    client.force_login(world.adviser)
    listing = client.get(reverse("impact:follow-ups"))
    assert "Record the 6-month follow-up" in listing.text
    assert "Overdue" in listing.text
    data, url = report(world)
    response = client.post(url, data)
    assert response.status_code == 302
    assert FollowUpReport.objects.get(application=world.application, months=6).jobs_created == Decimal("2")
    assert "Record the 6-month follow-up" not in client.get(reverse("impact:follow-ups")).text


def test_a_bad_report_shows_each_problem_beside_its_field(client, world):
    paid(world, days_ago=200)
    world.company.staff_headcount = 2
    world.company.save()
    client.force_login(world.adviser)
    data, url = report(world, roles_upskilled="5")
    response = client.post(url, data)
    assert response.status_code == 400
    assert "More roles than the company&#x27;s 2 staff." in response.text
    assert not FollowUpReport.objects.exists()


def test_no_follow_up_before_the_grant_is_paid(client, world):
    client.force_login(world.adviser)
    _, url = report(world)
    assert client.get(url).status_code == 404


def test_the_follow_up_form_shows_the_forecast_made_at_approval(client, world):
    world.application.expected_jobs = Decimal("3.5")
    world.application.save()
    paid(world, days_ago=200)
    client.force_login(world.adviser)
    _, url = report(world)
    assert "3.5 new jobs" in client.get(url).text
