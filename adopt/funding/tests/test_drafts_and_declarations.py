"""An owner completes an application: a draft they can change until it is submitted, costs added, changed and
removed, only the scheme's own questions, its rules up front, and a check-your-answers page whose declarations are
recorded in the words shown."""

from decimal import Decimal

import pytest
from django.urls import reverse

from adopt.core.audit import Action, audit_trail
from adopt.funding.declarations import current_declarations
from adopt.funding.models import CostItem, Document, GrantApplication, Scheme
from adopt.funding.rules import Outcome
from adopt.funding.selectors import checks_for
from adopt.funding.services import (
    FundingError,
    application_transition,
    application_update,
    cost_remove,
    cost_update,
)
from adopt.funding.tests.factories import SchemeFactory, ready_application, submit_application

S = GrantApplication.Status


@pytest.fixture
def draft(world, funding):
    return ready_application(world.company, funding["scheme"], created_by=world.sme_member)  # £15,000 cost


def test_a_draft_is_changed_twice_and_the_trail_names_what_changed(world, draft):
    application_update(draft, actor=world.sme_member, title="Cobot cell", expected_jobs=Decimal("2.0"))
    application_update(draft, actor=world.sme_member, description="Packing line automation")
    draft.refresh_from_db()
    assert (draft.title, draft.expected_jobs, draft.description) == (
        "Cobot cell",
        Decimal("2.0"),
        "Packing line automation",
    )
    changes = [e.comment for e in audit_trail(GrantApplication, draft.pk) if e.action == Action.CHANGED]
    assert changes == ["Changed: title, expected jobs.", "Changed: description."]


def test_a_submitted_application_cannot_be_changed(world, draft):
    submit_application(draft.pk, actor=world.sme_member)
    with pytest.raises(FundingError, match="only change while it is a draft"):
        application_update(GrantApplication.objects.get(pk=draft.pk), actor=world.sme_member, title="Other")


def test_a_cost_is_changed_then_removed_and_the_grant_follows(world, draft):
    cost = draft.costs.get()
    cost_update(
        draft,
        cost.pk,
        actor=world.sme_member,
        description="Sensors",
        cost_type="equipment",
        supplier="",
        amount=Decimal(20000),
    )
    draft.refresh_from_db()
    assert draft.grant_requested == Decimal("10000.00")
    cost_remove(draft, cost.pk, actor=world.sme_member)
    draft.refresh_from_db()
    assert draft.grant_requested == Decimal("0")
    assert not draft.costs.exists()
    actions = [e.action for e in audit_trail(GrantApplication, draft.pk)]
    assert actions == [Action.COST_CHANGED, Action.COST_REMOVED]


def test_a_cost_of_another_application_cannot_be_changed_through_this_one(world, funding, draft):
    other = ready_application(world.other_company, SchemeFactory(), created_by=world.sme_outsider)
    with pytest.raises(FundingError, match="not on this application"):
        cost_remove(draft, other.costs.get().pk, actor=world.sme_member)
    assert other.costs.exists()


def test_the_cost_page_of_another_company_s_application_is_not_found(client, world, funding):
    other = ready_application(world.other_company, SchemeFactory(), created_by=world.sme_outsider)
    client.force_login(world.sme_member)
    url = reverse("funding:cost-edit", kwargs={"pk": other.pk, "cost_pk": other.costs.get().pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"description": "x", "cost_type": "equipment", "amount": "1"}).status_code == 404


def test_the_change_page_saves_and_returns_to_check_your_answers(client, world, draft):
    client.force_login(world.sme_member)
    url = reverse("funding:application-edit", kwargs={"pk": draft.pk}) + "?from=check"
    form = client.get(url).content.decode()
    assert "Machine monitoring on the CNC cell" in form
    response = client.post(
        url,
        {
            "title": "Machine monitoring, phase 1",
            "financial_year": "2026",
            "expected_jobs": "1",
            "expected_roles_upskilled": "2",
            "expected_productivity_pct": "5",
            "expected_energy_kwh": "0",
        },
    )
    assert response.url == reverse("funding:application-check", kwargs={"pk": draft.pk})
    draft.refresh_from_db()
    assert draft.title == "Machine monitoring, phase 1"


@pytest.mark.parametrize(
    ("kind", "asked", "not_asked"),
    [
        (Scheme.Kind.TECHNOLOGY_GRANT, "Expected energy saved", "Internship hours"),
        (Scheme.Kind.INTERNSHIP, "Internship hours", "Leadership programme places"),
        (Scheme.Kind.LEADERSHIP, "Leadership programme places", "Internship hours"),
    ],
)
def test_the_form_asks_only_the_scheme_s_own_questions(client, world, funding, kind, asked, not_asked):
    scheme = SchemeFactory(fund=funding["scheme"].fund, kind=kind, name=f"{kind} scheme")
    client.force_login(world.sme_member)
    url = reverse("funding:application-new", kwargs={"company_pk": world.company.pk}) + f"?scheme={scheme.pk}"
    page = client.get(url).content.decode()
    assert asked in page
    assert not_asked not in page
    assert "---------" not in page


def test_with_several_schemes_the_owner_first_reads_each_one_s_rules(client, world, funding):
    SchemeFactory(fund=funding["scheme"].fund, kind=Scheme.Kind.INTERNSHIP, name="Digital internships")
    client.force_login(world.sme_member)
    page = client.get(reverse("funding:application-new", kwargs={"company_pk": world.company.pk})).content.decode()
    assert "Choose a scheme" in page
    assert "50% of the eligible costs" in page
    assert "Apply to Digital internships" in page


def test_a_scheme_s_required_documents_must_be_attached_before_submitting(world, funding, draft):
    funding["scheme"].required_documents = [Document.Kind.QUOTE]
    funding["scheme"].save()
    check = next(c for c in checks_for(draft) if c.key == "documents")
    assert check.outcome is Outcome.FAIL
    assert check.reason == "Attach the scheme's required documents: Supplier quote."
    with pytest.raises(FundingError, match="Supplier quote"):
        submit_application(draft.pk, actor=world.sme_member)


def test_each_cost_over_the_threshold_needs_the_scheme_s_number_of_quotes(world, funding, draft):
    funding["scheme"].quotes_required = 3
    funding["scheme"].quotes_above = Decimal("5000")
    funding["scheme"].save()
    CostItem.objects.create(application=draft, description="Cabling", cost_type="installation", amount=4999)
    CostItem.objects.create(application=draft, description="Software", cost_type="software", amount=5000)
    check = next(c for c in checks_for(draft) if c.key == "quotes")
    assert check.outcome is Outcome.FAIL
    assert check.reason == (
        "The scheme asks for 3 supplier quotes for each cost of £5,000.00 or more: 2 costs, so 6 quotes; 0 attached."
    )
    for n in range(6):
        Document.objects.create(
            application=draft,
            kind=Document.Kind.QUOTE,
            file=f"q{n}.pdf",
            original_name=f"q{n}.pdf",
            content_type="application/pdf",
            size=1,
            uploaded_by=world.sme_member,
        )
    assert next(c for c in checks_for(draft) if c.key == "quotes").outcome is Outcome.PASS


def test_submitting_without_every_declaration_is_refused_and_nothing_recorded(world, draft):
    keys = set(current_declarations().keys) - {"no_double_funding"}
    with pytest.raises(FundingError, match="Make every declaration before submitting: No double funding."):
        application_transition(draft.pk, S.SUBMITTED, actor=world.sme_member, declared=keys)
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    assert not draft.declarations.exists()


def test_the_bare_submit_button_is_refused_and_points_to_check_your_answers(client, world, draft):
    client.force_login(world.sme_member)
    url = reverse("funding:application-move", kwargs={"pk": draft.pk})
    page = client.post(url, {"to": "submitted"}, follow=True).content.decode()
    assert "Check your answers and make the declarations on the check-your-answers page to submit." in page
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_check_your_answers_shows_every_answer_cost_and_declaration_with_change_links(client, world, draft):
    client.force_login(world.sme_member)
    page = client.get(reverse("funding:application-check", kwargs={"pk": draft.pk})).content.decode()
    assert "Machine monitoring on the CNC cell" in page
    assert "Sensors and gateway" in page
    assert "£15,000.00, equipment and hardware" in page
    assert reverse("funding:cost-edit", kwargs={"pk": draft.pk, "cost_pk": draft.costs.get().pk}) in page
    for item in current_declarations().items:
        assert item.text in page


def test_an_unticked_declaration_is_named_in_the_error_and_the_application_stays_a_draft(client, world, draft):
    client.force_login(world.sme_member)
    url = reverse("funding:application-check", kwargs={"pk": draft.pk})
    ticked = dict.fromkeys(current_declarations().keys - {"authority"}, "on")
    page = client.post(url, ticked).content.decode()
    assert "Confirm the declaration “Authority to apply”." in page
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_a_returned_application_is_declared_again_on_resubmission(world, funding, draft):
    submit_application(draft.pk, actor=world.sme_member)
    application_transition(draft.pk, S.IN_REVIEW, actor=world.adviser)
    application_transition(draft.pk, S.RETURNED, actor=world.adviser, comment="Add the second quote")
    submit_application(draft.pk, actor=world.sme_member)
    assert draft.declarations.count() == 2 * len(current_declarations().items)
