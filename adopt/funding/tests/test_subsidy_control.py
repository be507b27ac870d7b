"""Minimal Financial Assistance: every award Adopt has made to a company, in any programme, counts in the rolling
window (this financial year and the two before) beside what the company declared, and an award that would take it
over the allowance is refused with the figures."""

import datetime
from decimal import Decimal
from typing import cast

import pytest
from django.utils import timezone

from adopt.funding.models import GrantApplication, Scheme
from adopt.funding.rules import Outcome
from adopt.funding.selectors import checks_for
from adopt.funding.services import FundingError, application_transition, review_add
from adopt.funding.tests.factories import FundYearFactory, SchemeFactory, ready_application

S = GrantApplication.Status


def local(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def earlier_award(world, amount: str, decided_at: datetime.datetime) -> GrantApplication:
    """A grant from the other programme, made before the company moved to the world's programme."""
    scheme = cast(Scheme, SchemeFactory(fund=FundYearFactory(fund__programme=world.other_programme).fund))
    return GrantApplication.objects.create(
        company=world.company,
        scheme=scheme,
        title="Earlier grant",
        financial_year=2023,
        status=S.PAID,
        award=Decimal(amount),
        paid=Decimal(amount),
        decided_at=decided_at,
        created_by=world.manager,
    )


def subsidy_check(application: GrantApplication, today: datetime.date):
    return next(check for check in checks_for(application, today) if check.key == "subsidy")


@pytest.fixture
def applying(world, funding):
    return ready_application(world.company, funding["scheme"], created_by=world.sme_member)  # a £7,500.00 grant


def test_an_award_made_on_31_march_counts_until_the_window_moves_past_its_year(world, applying):
    earlier_award(world, "310000", local(2024, 3, 31))
    on_31_march = subsidy_check(applying, datetime.date(2026, 3, 31))  # window: 1 April 2023 onwards
    assert on_31_march.outcome is Outcome.FAIL
    assert on_31_march.reason == (
        "£0.00 declared from other bodies plus £310,000.00 awarded through Adopt (1 grant) since 1 April 2023, "
        "plus this grant of £7,500.00, is £317,500.00: over the £315,000.00 allowance by £2,500.00."
    )
    on_1_april = subsidy_check(applying, datetime.date(2026, 4, 1))  # window: 1 April 2024 onwards
    assert on_1_april.outcome is Outcome.PASS
    assert "£0.00 awarded through Adopt (0 grants) since 1 April 2024" in on_1_april.reason


def test_an_award_made_just_after_midnight_on_1_april_counts_in_the_new_year_by_local_time(world, applying):
    earlier_award(world, "310000", local(2024, 4, 1, 0, 30))  # 23:30 on 31 March in UTC
    assert subsidy_check(applying, datetime.date(2027, 3, 31)).outcome is Outcome.FAIL
    assert subsidy_check(applying, datetime.date(2027, 4, 1)).outcome is Outcome.PASS


def test_what_the_company_declared_and_what_adopt_awarded_are_added(world, applying):
    from adopt.companies.models import SubsidyReceipt

    SubsidyReceipt.objects.create(
        company=world.company, granted_on=datetime.date(2025, 6, 1), amount_gbp=Decimal("210000"), grantor="LEP"
    )
    earlier_award(world, "100000", local(2025, 9, 1))
    check = subsidy_check(applying, datetime.date(2026, 1, 15))
    assert check.outcome is Outcome.FAIL
    assert "£210,000.00 declared from other bodies plus £100,000.00 awarded through Adopt" in check.reason
    assert "over the £315,000.00 allowance by £2,500.00" in check.reason


def test_approving_an_award_over_the_allowance_is_refused_with_the_figures(world, applying):
    earlier_award(world, "310000", timezone.now() - datetime.timedelta(days=30))
    # Put to review when it fitted; the earlier award was made since.
    GrantApplication.objects.filter(pk=applying.pk).update(status=S.IN_REVIEW)
    review_add(
        GrantApplication.objects.get(pk=applying.pk), reviewer=world.adviser, scores={"fit": 4, "value": 3}, comment=""
    )
    application_transition(applying.pk, S.RECOMMENDED, actor=world.adviser)
    with pytest.raises(FundingError, match=r"over the £315,000\.00 allowance by £2,500\.00"):
        application_transition(applying.pk, S.APPROVED, actor=world.manager)
    assert GrantApplication.objects.get(pk=applying.pk).status == S.RECOMMENDED


def test_the_application_s_own_award_is_not_counted_twice(world, applying):
    GrantApplication.objects.filter(pk=applying.pk).update(
        status=S.APPROVED, award=Decimal("7500"), decided_at=timezone.now()
    )
    check = subsidy_check(GrantApplication.objects.get(pk=applying.pk), timezone.localdate())
    assert "(0 grants)" in check.reason


def test_money_paid_on_a_grant_later_withdrawn_still_counts(world, applying):
    withdrawn = earlier_award(world, "310000", local(2025, 9, 1))
    GrantApplication.objects.filter(pk=withdrawn.pk).update(status=S.WITHDRAWN)
    check = subsidy_check(applying, datetime.date(2026, 1, 15))
    assert check.outcome is Outcome.FAIL
    assert "£310,000.00 awarded through Adopt (1 grant)" in check.reason


def test_a_new_limit_applies_from_its_date_and_not_before(world, applying, monkeypatch):
    import dataclasses

    from adopt.companies.subsidy_control import MfaLimit, mfa_rules

    rules = mfa_rules()
    raised = MfaLimit(datetime.date(2027, 1, 1), Decimal("400000"), "a later statutory instrument")
    monkeypatch.setattr(
        "adopt.funding.selectors.mfa_rules", lambda: dataclasses.replace(rules, limits=(*rules.limits, raised))
    )
    earlier_award(world, "310000", local(2026, 6, 1))
    assert subsidy_check(applying, datetime.date(2026, 12, 31)).outcome is Outcome.FAIL
    on_new_year = subsidy_check(applying, datetime.date(2027, 1, 1))
    assert on_new_year.outcome is Outcome.PASS
    assert "leaves £82,500.00 of the £400,000.00 allowance" in on_new_year.reason
