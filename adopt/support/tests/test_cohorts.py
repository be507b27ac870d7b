import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from adopt.support.cohorts import CohortFacts, attendance_problem, attendance_rate, cohort_problems, has_completed
from adopt.support.models import CohortPlace, LeadershipCohort

D = datetime.date
SPRING = CohortFacts(D(2026, 3, 1), D(2026, 6, 30), sessions=6, sessions_to_complete=5)


def test_a_leader_completes_after_the_cohort_ends_with_enough_sessions():
    assert has_completed(SPRING, attended=5, today=D(2026, 7, 1))
    assert not has_completed(SPRING, attended=4, today=D(2026, 7, 1))
    assert not has_completed(SPRING, attended=6, today=D(2026, 6, 1))  # still running


def test_attendance_beyond_the_sessions_or_before_the_start_is_refused():
    assert attendance_problem(SPRING, 7, D(2026, 7, 1)) == "The cohort has 6 sessions, so no one can have attended 7."
    assert "no sessions have been held yet" in (attendance_problem(SPRING, 1, D(2026, 2, 1)) or "")
    assert attendance_problem(SPRING, 6, D(2026, 7, 1)) is None


def test_a_cohort_ending_before_it_starts_or_asking_too_many_sessions_is_refused():
    problems = cohort_problems(CohortFacts(D(2026, 6, 1), D(2026, 5, 1), sessions=4, sessions_to_complete=5))
    assert problems == {
        "ends_on": "A cohort cannot end before it starts.",
        "sessions_to_complete": "Completing cannot take more sessions than the course has (4).",
    }


def test_attendance_rate_is_sessions_attended_over_sessions_offered():
    assert attendance_rate(attended=27, places=5, sessions=6) == 90
    assert attendance_rate(attended=0, places=0, sessions=6) is None


def cohort_form(**changes):
    today = timezone.localdate()
    return {
        "name": "Digital leaders, autumn",
        "provider": "Business school",
        "starts_on": today.isoformat(),
        "ends_on": (today + datetime.timedelta(days=90)).isoformat(),
        "sessions": "6",
        "sessions_to_complete": "5",
        **changes,
    }


@pytest.mark.django_db
def test_a_manager_sets_up_a_cohort(client, world):
    client.force_login(world.manager)
    response = client.post(reverse("support:cohorts"), {"programme": world.programme.pk, **cohort_form()})
    cohort = LeadershipCohort.objects.get(name="Digital leaders, autumn")
    assert response.url == reverse("support:cohort", kwargs={"pk": cohort.pk})
    assert cohort.programme == world.programme


@pytest.mark.django_db
def test_a_cohort_ending_before_it_starts_is_refused_on_the_page(client, world):
    client.force_login(world.manager)
    today = timezone.localdate()
    form = cohort_form(ends_on=(today - datetime.timedelta(days=1)).isoformat())
    response = client.post(reverse("support:cohorts"), {"programme": world.programme.pk, **form})
    assert response.status_code == 400
    assert "A cohort cannot end before it starts." in response.content.decode()


@pytest.mark.django_db
def test_an_adviser_cannot_set_up_a_cohort(client, world):
    client.force_login(world.adviser)
    response = client.post(reverse("support:cohorts"), {"programme": world.programme.pk, **cohort_form()})
    assert response.status_code == 403


@pytest.mark.django_db
def test_an_adviser_adds_a_place_by_company_number(client, world):
    client.force_login(world.adviser)
    url = reverse("support:cohort", kwargs={"pk": world.cohort.pk})
    response = client.post(
        url,
        {"record": "place", "company": world.company.companies_house_number, "participant_role": "Operations director"},
    )
    assert response.status_code == 302
    assert world.cohort.places.filter(participant_role="Operations director", company=world.company).exists()


@pytest.mark.django_db
def test_a_company_outside_the_programme_cannot_take_a_place(client, world):
    client.force_login(world.adviser)
    url = reverse("support:cohort", kwargs={"pk": world.cohort.pk})
    response = client.post(url, {"record": "place", "company": world.other_company.name, "participant_role": "CEO"})
    assert response.status_code == 400
    assert "has the number or name" in response.content.decode()


@pytest.mark.django_db
def test_attendance_above_the_sessions_is_refused_and_nothing_is_saved(client, world):
    place = CohortPlace.objects.get(cohort=world.cohort)
    client.force_login(world.adviser)
    url = reverse("support:cohort", kwargs={"pk": world.cohort.pk})
    response = client.post(url, {"record": "attendance", "place": place.pk, "sessions_attended": 9})
    assert response.status_code == 400
    assert "The cohort has 6 sessions" in response.content.decode()
    place.refresh_from_db()
    assert place.sessions_attended == 5


@pytest.mark.django_db
def test_the_cohort_page_shows_who_completed(client, world):
    client.force_login(world.manager)
    response = client.get(reverse("support:cohort", kwargs={"pk": world.cohort.pk}))
    assert response.context["completed"] == 1
    assert "1 of 1 leaders" in response.content.decode()


@pytest.mark.django_db
def test_the_company_support_log_lists_its_leadership_places(client, world):
    client.force_login(world.sme_member)
    response = client.get(reverse("support:log", kwargs={"company_pk": world.company.pk}))
    assert "Digital leaders, spring" in response.content.decode()
