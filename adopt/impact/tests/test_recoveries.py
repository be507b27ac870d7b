"""Money recovered from a grant is netted off the programme's paid and committed figures."""

from decimal import Decimal

import pytest
from django.utils import timezone

from adopt.funding.services import payment_recover, payment_run_create, payment_run_pay
from adopt.funding.tests.factories import FundYearFactory, SchemeFactory, make_eligible, ready_application
from adopt.funding.tests.test_workflow import walk_to_claim_approved
from adopt.impact.selectors import measure_facts, method_for


@pytest.fixture
def paid_grant(world):
    year = FundYearFactory(fund__programme=world.programme)
    make_eligible(world.company, world.programme)
    application = ready_application(world.company, SchemeFactory(fund=year.fund), created_by=world.sme_member)
    walk_to_claim_approved(application, world, amount="6000")
    run = payment_run_create(year.fund, actor=world.manager)
    payment_run_pay(run.pk, actor=world.manager)
    return application


def test_the_programme_s_paid_and_committed_figures_net_off_a_recovery(world, paid_grant):
    payment_recover(paid_grant.pk, actor=world.manager, amount=Decimal("1000"), reason="breach", note="Sold on")
    facts = measure_facts([world.programme], method_for([world.programme]), timezone.localdate())
    assert sum(fact.amount for fact in facts["paid"]) == Decimal("5000.00")
    assert sum(fact.amount for fact in facts["committed"]) == Decimal("6500.00")
