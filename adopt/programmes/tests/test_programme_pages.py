import pytest
from django.urls import reverse

from adopt.core.testing import assert_queries_do_not_grow
from adopt.programmes.models import ProgrammeStaff, Target
from adopt.programmes.tests.factories import ProgrammeFactory, ProgrammeStaffFactory, TargetFactory


def test_programme_page_shows_targets_in_funder_order_with_money_formatted(client, manager, world):
    TargetFactory(programme=world.programme, metric=Target.Metric.GVA_GBP, value=176_000_000)
    TargetFactory(programme=world.programme, metric=Target.Metric.COMPANIES_SUPPORTED, value=2500)
    client.force_login(manager)
    body = client.get(reverse("programmes:programme-detail", kwargs={"slug": "north-west"})).content.decode()
    assert "£176,000,000" in body
    assert body.index("Companies supported") < body.index("Jobs created") < body.index("Additional GVA")


def test_programme_page_names_staff_to_managers(client, manager):
    client.force_login(manager)
    body = client.get(reverse("programmes:programme-detail", kwargs={"slug": "north-west"})).content.decode()
    assert "Ada Adviser" in body


def test_programme_page_hides_staff_names_from_evaluators(client, evaluator):
    client.force_login(evaluator)
    body = client.get(reverse("programmes:programme-detail", kwargs={"slug": "north-west"})).content.decode()
    assert "1 adviser" in body
    assert "Ada Adviser" not in body


def test_adviser_lists_only_the_programmes_they_work_in(client, adviser):
    client.force_login(adviser)
    body = client.get(reverse("programmes:programme-list")).content.decode()
    assert "North West Digital Adoption Programme" in body
    assert "North East Digital Adoption Programme" not in body


def test_programme_list_queries_do_not_grow_with_programmes(client, admin):
    client.force_login(admin)

    def add_programmes(count):
        for programme in ProgrammeFactory.create_batch(count):
            ProgrammeStaffFactory(programme=programme, role=ProgrammeStaff.Role.ADVISER)

    assert_queries_do_not_grow(client, reverse("programmes:programme-list"), add_programmes)


@pytest.mark.django_db
def test_a_programme_cannot_end_before_it_starts():
    from django.db import IntegrityError

    programme = ProgrammeFactory()
    programme.ends_on = programme.starts_on
    with pytest.raises(IntegrityError):
        programme.save()
