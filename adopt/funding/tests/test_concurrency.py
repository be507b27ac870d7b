import threading
from decimal import Decimal

import pytest
from django.db import connection

from adopt.funding.models import FundYear, GrantApplication, LedgerEntry
from adopt.funding.services import FundingError, application_transition
from adopt.funding.tests.factories import ready_application
from adopt.programmes.models import ProgrammeStaff
from adopt.programmes.tests.factories import ProgrammeStaffFactory

APPROVALS = 60
ROOM_FOR = 10


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_sixty_concurrent_approvals_fill_a_fund_with_room_for_ten_and_no_more(world, funding):
    year = funding["year"]
    FundYear.objects.filter(pk=year.pk).update(budget=Decimal("1000.00") * ROOM_FOR)
    managers = [
        ProgrammeStaffFactory(programme=world.programme, role=ProgrammeStaff.Role.MANAGER).user for _ in range(4)
    ]
    applications = [
        ready_application(
            world.company,
            funding["scheme"],
            amount="2000.00",
            status="recommended",
            project_key=f"p{n}",
            recommended_by=world.adviser,
        )
        for n in range(APPROVALS)
    ]
    barrier = threading.Barrier(APPROVALS)
    approved: list[int] = []
    refused: list[str] = []
    lock = threading.Lock()

    def approve(application_id: int, manager) -> None:
        barrier.wait()
        try:
            application_transition(application_id, GrantApplication.Status.APPROVED, actor=manager)
            with lock:
                approved.append(application_id)
        except FundingError as error:
            with lock:
                refused.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(a.pk, managers[n % 4])) for n, a in enumerate(applications)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    year.refresh_from_db()
    assert len(approved) == ROOM_FOR
    assert len(refused) == APPROVALS - ROOM_FOR
    assert all("left in 2026/27, less than the £1,000.00" in reason for reason in refused)
    assert year.committed == year.budget == Decimal("10000.00")
    ledger = sum(entry.amount for entry in LedgerEntry.objects.filter(fund_year=year, kind="commitment"))
    assert ledger == year.committed
    assert GrantApplication.objects.filter(status="approved").count() == ROOM_FOR
