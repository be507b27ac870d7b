import datetime

from django.urls import reverse
from django.utils import timezone

from adopt.companies.models import Company
from adopt.support.activities import activity_record


def record(world, **changes):
    values = {
        "kind": "call",
        "happened_at": timezone.now() - datetime.timedelta(hours=2),
        "minutes": 20,
        "summary": "Talked through the shop-floor sensors quote.",
        "visibility": "staff",
        "by": world.adviser,
    }
    return activity_record(world.company, **(values | changes))


def timeline(client, world) -> str:
    return client.get(reverse("support:timeline", args=[world.company.pk])).content.decode()


def test_an_adviser_records_a_call_on_the_timeline_and_it_becomes_the_last_contact(client, world, adviser):
    client.force_login(adviser)
    client.post(
        reverse("support:timeline", args=[world.company.pk]),
        {
            "action": "activity",
            "kind": "call",
            "day": "2026-11-20",
            "time": "10:15",
            "minutes": "25",
            "summary": "Agreed the date of the diagnostic.",
            "visibility": "company",
        },
    )
    page = timeline(client, world)
    assert "Agreed the date of the diagnostic." in page
    assert "25 minutes" in page
    company = Company.objects.get(pk=world.company.pk)
    assert timezone.localtime(company.last_contact_at).strftime("%Y-%m-%d %H:%M") == "2026-11-20 10:15"


def test_a_note_is_on_the_timeline_but_is_not_a_contact(world):
    record(world, kind="note", minutes=0)
    assert Company.objects.get(pk=world.company.pk).last_contact_at is None


def test_an_older_contact_recorded_late_leaves_the_last_contact_as_it_was(world):
    recent = timezone.now() - datetime.timedelta(hours=1)
    record(world, happened_at=recent)
    record(world, happened_at=recent - datetime.timedelta(days=3))
    assert Company.objects.get(pk=world.company.pk).last_contact_at == recent


def test_the_company_reads_only_what_was_shared_with_it(client, world, sme_user):
    record(world, summary="Staff-only thoughts on the owner's plans.")
    record(world, summary="Shared: the diagnostic is on Tuesday.", visibility="company")
    client.force_login(sme_user)
    page = timeline(client, world)
    assert "Shared: the diagnostic is on Tuesday." in page
    assert "Staff-only thoughts" not in page
    assert "Record a call" not in page


def test_an_activity_in_the_future_is_refused_with_the_reason(client, world, adviser):
    client.force_login(adviser)
    ahead = timezone.localdate() + datetime.timedelta(days=2)
    response = client.post(
        reverse("support:timeline", args=[world.company.pk]),
        {"action": "activity", "kind": "visit", "day": ahead.isoformat(), "time": "09:00", "minutes": "60",
         "summary": "Visit", "visibility": "staff"},
    )  # fmt: skip
    assert "book a visit for one ahead" in response.content.decode()


def test_the_next_action_is_set_and_the_caseload_flags_it_overdue(client, world, adviser):
    client.force_login(adviser)
    client.post(
        reverse("support:timeline", args=[world.company.pk]),
        {"action": "next", "text": "Send the roadmap draft", "due": "2026-01-05"},
    )
    board = client.get(reverse("dashboards:caseload") + "?due=overdue").content.decode()
    assert "Send the roadmap draft" in board
    assert "overdue" in board
    assert world.company.name in board


def test_a_next_action_needs_its_due_date(client, world, adviser):
    client.force_login(adviser)
    response = client.post(
        reverse("support:timeline", args=[world.company.pk]), {"action": "next", "text": "Call back"}
    )
    assert "Say by when the next action is due." in response.content.decode()


def test_the_caseload_sorts_the_longest_without_contact_first(client, world, adviser):
    from adopt.companies.tests.factories import CompanyFactory

    contacted = CompanyFactory(programme=world.programme, adviser=adviser, name="Aardvark Contacted Ltd")
    Company.objects.filter(pk=contacted.pk).update(last_contact_at=timezone.now())
    client.force_login(adviser)
    board = client.get(reverse("dashboards:caseload") + "?sort=contact").content.decode()
    assert board.index(world.company.name) < board.index("Aardvark Contacted Ltd")


def test_a_company_member_cannot_record_on_the_timeline(client, world, sme_user):
    client.force_login(sme_user)
    response = client.post(reverse("support:timeline", args=[world.company.pk]), {"action": "note"})
    assert response.status_code == 403
