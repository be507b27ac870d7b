import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import OperationalError, transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from adopt.companies.services import company_save
from adopt.core.models import EventFailure
from adopt.impact.milestones import MilestoneFacts, hours_reached_on, milestones_of
from adopt.impact.models import CompanyMilestones
from adopt.support.models import SupportedRule, SupportEntry
from adopt.support.rules import SupportedRuleFacts
from adopt.support.services import supported_rule_remove, supported_rule_save
from adopt.support.tests.factories import support_given

D = datetime.date


def facts(**changes):
    values = {
        "support": ((D(2026, 5, 1), Decimal(4)), (D(2026, 4, 1), Decimal(6)), (D(2026, 6, 1), Decimal(3))),
        "rule": SupportedRuleFacts(Decimal(12), roadmap_counts=True),
        "first_assessed": D(2026, 3, 15),
        "roadmap_agreed": None,
        "first_paid": None,
    }
    return MilestoneFacts(**{**values, **changes})


def test_supported_on_is_the_day_the_running_hours_reach_the_rule():
    # 6 hours on 1 April, 10 by 1 May, 13 by 1 June: the rule's 12 is reached on 1 June, whatever the order given
    assert hours_reached_on(facts().support, Decimal(12)) == D(2026, 6, 1)
    assert milestones_of(facts()).supported_on == D(2026, 6, 1)
    assert milestones_of(facts()).support_hours == Decimal(13)


def test_an_agreed_roadmap_counts_as_support_when_the_rule_lets_it():
    early = facts(roadmap_agreed=D(2026, 4, 20))
    assert milestones_of(early).supported_on == D(2026, 4, 20)
    strict = facts(roadmap_agreed=D(2026, 4, 20), rule=SupportedRuleFacts(Decimal(12), roadmap_counts=False))
    assert milestones_of(strict).supported_on == D(2026, 6, 1)


def test_a_company_short_of_the_hours_is_not_supported():
    assert milestones_of(facts(support=((D(2026, 4, 1), Decimal(11)),))).supported_on is None


def test_engaged_is_the_first_contact_of_any_kind():
    assert milestones_of(facts()).engaged_on == D(2026, 3, 15)
    assert milestones_of(facts(first_assessed=None)).engaged_on == D(2026, 4, 1)
    assert milestones_of(facts(first_assessed=None, support=())).engaged_on is None
    assert milestones_of(facts(first_assessed=None, support=(), first_paid=D(2026, 2, 1))).engaged_on == D(2026, 2, 1)


def test_a_grant_paid_to_a_company_short_of_the_hours_makes_it_supported_and_investing():
    paid = milestones_of(facts(support=((D(2026, 4, 1), Decimal(2)),), first_paid=D(2026, 9, 1)))
    assert (paid.supported_on, paid.investing_on) == (D(2026, 9, 1), D(2026, 9, 1))


days = st.one_of(st.none(), st.dates(min_value=D(2024, 1, 1), max_value=D(2027, 12, 31)))


@given(
    support=st.lists(
        st.tuples(st.dates(min_value=D(2024, 1, 1), max_value=D(2027, 12, 31)), st.decimals(0, 20, places=1)),
        max_size=6,
    ),
    minimum=st.decimals(1, 30, places=0),
    roadmap_counts=st.booleans(),
    first_assessed=days,
    roadmap_agreed=days,
    first_paid=days,
)
def test_the_stages_nest_for_every_company(
    support, minimum, roadmap_counts, first_assessed, roadmap_agreed, first_paid
):
    reached = milestones_of(
        MilestoneFacts(
            tuple(support), SupportedRuleFacts(minimum, roadmap_counts), first_assessed, roadmap_agreed, first_paid
        )
    )
    if reached.investing_on is not None:
        assert reached.supported_on is not None
        assert reached.supported_on <= reached.investing_on
    for later in (reached.supported_on, reached.assessed_on, reached.roadmap_on):
        if later is not None:
            assert reached.engaged_on is not None
            assert reached.engaged_on <= later


@pytest.mark.django_db
def test_recording_support_moves_the_companys_milestones(world):
    today = timezone.localdate()
    support_given(company=world.company, kind="workshop", delivered_on=today, hours=12)
    assert CompanyMilestones.objects.get(company=world.company).supported_on == today


@pytest.mark.django_db
def test_changing_a_programmes_rule_recounts_its_companies(world):
    today = timezone.localdate()
    support_given(company=world.company, kind="workshop", delivered_on=today, hours=3)
    assert CompanyMilestones.objects.get(company=world.company).supported_on is None
    rule = SupportedRule(programme=world.programme, minimum_hours=Decimal(3), roadmap_counts=False)
    supported_rule_save(rule, actor=world.manager)
    assert CompanyMilestones.objects.get(company=world.company).supported_on == today
    supported_rule_remove(rule, actor=world.manager)
    assert CompanyMilestones.objects.get(company=world.company).supported_on is None


@pytest.mark.django_db
def test_a_company_moved_to_another_programme_is_counted_by_that_programmes_rule(world):
    today = timezone.localdate()
    rule = SupportedRule.objects.get(programme=world.other_programme)
    rule.minimum_hours, rule.roadmap_counts = Decimal(3), False
    supported_rule_save(rule, actor=world.national_admin)
    support_given(company=world.company, kind="workshop", delivered_on=today, hours=3)
    assert CompanyMilestones.objects.get(company=world.company).supported_on is None
    company_save(world.company, changes={"programme": world.other_programme}, actor=world.national_admin)
    assert CompanyMilestones.objects.get(company=world.company).supported_on == today


@pytest.mark.django_db
def test_support_rolled_back_with_its_transaction_moves_nothing(world):
    def record_then_fail():
        with transaction.atomic():
            support_given(company=world.company, kind="workshop", delivered_on=timezone.localdate(), hours=12)
            raise RuntimeError("the page failed after recording the support")

    with pytest.raises(RuntimeError):
        record_then_fail()
    assert not SupportEntry.objects.filter(company=world.company).exists()
    assert not CompanyMilestones.objects.filter(company=world.company, supported_on__isnull=False).exists()
    assert not EventFailure.objects.exists()


@pytest.mark.django_db
def test_a_failed_milestone_refresh_keeps_the_support_and_a_retry_repairs_the_milestones(world, monkeypatch):
    def database_gone(company_ids):
        raise OperationalError("server closed the connection unexpectedly")

    today = timezone.localdate()
    monkeypatch.setattr("adopt.impact.subscribers.refresh_milestones", database_gone)
    support_given(company=world.company, kind="workshop", delivered_on=today, hours=12)
    assert SupportEntry.objects.filter(company=world.company).exists()
    assert not CompanyMilestones.objects.filter(company=world.company, supported_on__isnull=False).exists()
    failure = EventFailure.objects.get()
    assert (failure.event_type, failure.subscriber) == (
        "support.SupportRecorded",
        "adopt.impact.subscribers.milestones_refresh_for_company",
    )
    assert "server closed the connection" in failure.error

    out = StringIO()
    call_command("events_retry", stdout=out)  # still failing: kept, with the attempt counted
    assert "0 repaired, 1 still failing" in out.getvalue()
    assert EventFailure.objects.get().attempts == 2

    monkeypatch.undo()
    out = StringIO()
    call_command("events_retry", stdout=out)
    assert "1 repaired, 0 still failing" in out.getvalue()
    assert CompanyMilestones.objects.get(company=world.company).supported_on == today
    assert not EventFailure.objects.exists()


@pytest.mark.django_db
def test_the_refresh_command_rebuilds_lost_milestones_and_says_what_it_found(world):
    support_given(company=world.company, kind="workshop", delivered_on=timezone.localdate(), hours=14)
    CompanyMilestones.objects.all().delete()
    out = StringIO()
    call_command("refresh_milestones", "--programme", world.programme.slug, stdout=out, stderr=StringIO())
    assert CompanyMilestones.objects.get(company=world.company).supported_on == timezone.localdate()
    assert "1 supported" in out.getvalue()


@pytest.mark.django_db
def test_the_refresh_command_refuses_an_unknown_programme(world):
    with pytest.raises(Exception, match="No programme is called 'atlantis'"):
        call_command("refresh_milestones", "--programme", "atlantis", stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db(transaction=True)
def test_deleting_a_company_with_support_takes_its_milestones_with_it(world):
    support_given(company=world.other_company, kind="workshop", delivered_on=timezone.localdate(), hours=3)
    assert CompanyMilestones.objects.filter(company=world.other_company).exists()
    world.other_company.delete()
    assert not CompanyMilestones.objects.filter(company_id=world.other_company.pk).exists()
