"""Reviews are the programme's own working: the company reads one only when a reviewer shares it."""

import re

import pytest
from django.urls import reverse

from adopt.core.visibility import Visibility
from adopt.funding.models import GrantApplication
from adopt.funding.services import application_transition, review_add
from adopt.funding.tests.factories import ready_application, submit_application

pytestmark = pytest.mark.django_db
S = GrantApplication.Status


@pytest.fixture
def in_review(world, funding):
    application = ready_application(world.company, funding["scheme"], created_by=world.sme_member)
    submit_application(application.pk, actor=world.sme_member)
    application_transition(application.pk, S.IN_REVIEW, actor=world.adviser)
    return GrantApplication.objects.get(pk=application.pk)


def page(client, application):
    return client.get(reverse("funding:application-detail", kwargs={"pk": application.pk})).content.decode()


def test_a_review_is_for_staff_only_unless_shared(client, world, in_review):
    review_add(in_review, reviewer=world.adviser, scores={"fit": 2, "value": 1}, comment="Weak cash flow, doubtful")
    client.force_login(world.sme_member)
    body = page(client, in_review)
    assert "Weak cash flow" not in body
    assert not re.search(r"\d/100\.", body)  # no score; an id in a link may well contain /100
    client.force_login(world.adviser)
    assert "Weak cash flow" in page(client, in_review)


def test_a_shared_review_is_shown_to_the_company(client, world, in_review):
    review_add(
        in_review,
        reviewer=world.adviser,
        scores={"fit": 5, "value": 4},
        comment="Clear plan, well costed",
        visibility=Visibility.COMPANY,
    )
    client.force_login(world.sme_member)
    assert "Clear plan, well costed" in page(client, in_review)


def test_the_review_form_defaults_to_staff_only_and_the_choice_is_kept(client, world, in_review):
    client.force_login(world.adviser)
    assert 'value="staff" selected' in page(client, in_review)
    client.post(
        reverse("funding:application-review", kwargs={"pk": in_review.pk}),
        {"score_fit": "4", "score_value": "4", "comment": "Share this", "visibility": "company"},
    )
    assert in_review.reviews.get().visibility == Visibility.COMPANY


def test_an_applicant_cannot_record_a_review(client, world, in_review):
    client.force_login(world.sme_member)
    response = client.post(
        reverse("funding:application-review", kwargs={"pk": in_review.pk}),
        {"score_fit": "5", "score_value": "5", "comment": "", "visibility": "company"},
    )
    assert response.status_code == 403
    assert not in_review.reviews.exists()
