"""Text typed into any field that an export carries comes out as text, never as a live formula."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from adopt.core.tests.test_spreadsheets import PAYLOADS, formula_cells
from adopt.funding.services import application_transition, review_add
from adopt.funding.tests.factories import make_eligible, submit_application
from adopt.impact.tests.factories import funder_report_file
from adopt.programmes.models import ProgrammeStaff
from adopt.programmes.tests.factories import ProgrammeStaffFactory
from adopt.support.models import CohortPlace, UpskilledRole
from adopt.support.tests.factories import support_given


@pytest.mark.django_db
def test_every_export_of_typed_text_holds_no_formula(client, world):
    make_eligible(world.company, world.programme)
    approver = ProgrammeStaffFactory(programme=world.programme, role=ProgrammeStaff.Role.MANAGER).user
    payload = PAYLOADS[1]
    world.company.name = PAYLOADS[0]
    world.company.save()
    application = world.application
    application.title = payload
    application.save()
    submit_application(application.pk, actor=world.sme_member)
    application = application_transition(application.pk, "in_review", actor=world.adviser)
    review_add(application, reviewer=world.adviser, scores={"fit": 5, "value": 5}, comment=payload)
    application_transition(application.pk, "recommended", actor=world.adviser)
    application_transition(application.pk, "approved", actor=approver)
    UpskilledRole.objects.create(
        company=world.company,
        role=payload,
        training=PAYLOADS[2],
        provider=PAYLOADS[4],
        completed_on=timezone.localdate(),
    )
    support_given(company=world.company, kind="workshop", delivered_on=timezone.localdate(), hours=12)
    CohortPlace.objects.filter(company=world.company).update(participant_role=payload)
    world.cohort.name = PAYLOADS[3]
    world.cohort.save()
    client.force_login(world.manager)
    fund = world.fund
    files = {
        "ledger": client.get(reverse("funding:fund-export-excel", kwargs={"pk": fund.pk, "what": "ledger"})),
        "awards": client.get(reverse("funding:fund-export-excel", kwargs={"pk": fund.pk, "what": "awards"})),
        "funder workbook": funder_report_file(client, "xlsx", {"period": "all"}),
    }
    found = {name: formula_cells(response.content) for name, response in files.items()}
    assert all(response.status_code == 200 for response in files.values())
    assert found == {name: [] for name in files}
    texts = {
        cell.value
        for response in files.values()
        for sheet in load_workbook(io.BytesIO(response.content))
        for row in sheet.iter_rows()
        for cell in row
    }
    assert PAYLOADS[0] in texts  # the company's name came out, as text
