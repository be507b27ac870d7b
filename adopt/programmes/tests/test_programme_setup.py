import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from adopt.core.audit import audit_trail
from adopt.geography.models import Area
from adopt.programmes import setup
from adopt.programmes.models import Programme, Target


@pytest.fixture(autouse=True)
def places(reference_data):
    """Real regions and local authorities, as a fresh install loads them."""


def north_west() -> Area:
    return Area.objects.get(level=Area.Level.REGION, code="TLD")


def test_a_national_administrator_sets_up_a_programme_that_serves_its_whole_region_at_first(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("programmes:programme-new"),
        {
            "name": "Cumbria Digital Manufacturing",
            "region": north_west().pk,
            "starts_on": "2027-04-01",
            "ends_on": "2030-03-31",
            "contact_email": "hello@cumbria.example",
        },
    )
    programme = Programme.objects.get(name="Cumbria Digital Manufacturing")
    assert response.url == reverse("programmes:programme-areas", args=[programme.slug])
    assert list(programme.areas.all()) == [north_west()]
    assert programme.slug == "cumbria-digital-manufacturing"
    assert audit_trail(Programme, programme.pk).get().actor == admin


def test_a_programme_manager_cannot_set_up_a_new_programme(client, manager):
    client.force_login(manager)
    assert client.get(reverse("programmes:programme-new")).status_code == 403


def test_a_programme_that_ends_before_it_starts_is_refused_with_the_reason(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("programmes:programme-new"),
        {"name": "Backwards", "region": north_west().pk, "starts_on": "2027-04-01", "ends_on": "2026-03-31"},
    )
    assert "The programme must end after it starts." in response.content.decode()
    assert not Programme.objects.filter(name="Backwards").exists()


def test_areas_are_offered_by_local_authority_name_and_saved(client, admin):
    programme = setup.programme_create(
        region=north_west(),
        actor=admin,
        name="Lakes",
        starts_on=datetime.date(2027, 4, 1),
        ends_on=datetime.date(2029, 3, 31),
    )
    client.force_login(admin)
    page = client.get(reverse("programmes:programme-areas", args=[programme.slug])).content.decode()
    assert "Blackburn with Darwen" in page
    assert "Local authority E0" not in page
    chosen = Area.objects.get(level=Area.Level.LOCAL_AUTHORITY, name="Blackburn with Darwen")
    client.post(reverse("programmes:programme-areas", args=[programme.slug]), {"areas": [chosen.pk]})
    assert list(programme.areas.all()) == [chosen]


def test_the_whole_region_with_a_part_of_it_is_refused_as_ambiguous(admin):
    programme = setup.programme_create(
        region=north_west(),
        actor=admin,
        name="Lakes",
        starts_on=datetime.date(2027, 4, 1),
        ends_on=datetime.date(2029, 3, 31),
    )
    burnley = Area.objects.get(level=Area.Level.LOCAL_AUTHORITY, name="Burnley")
    with pytest.raises(setup.SetupRefused, match="North West already includes Burnley. Untick North West"):
        setup.programme_areas_set(programme, [north_west(), burnley], actor=admin)


def test_an_area_outside_the_programme_s_region_is_refused(admin):
    programme = setup.programme_create(
        region=north_west(),
        actor=admin,
        name="Lakes",
        starts_on=datetime.date(2027, 4, 1),
        ends_on=datetime.date(2029, 3, 31),
    )
    outside = Area.objects.get(level=Area.Level.LOCAL_AUTHORITY, name="Hartlepool")
    with pytest.raises(setup.SetupRefused, match="Hartlepool is outside North West"):
        setup.programme_areas_set(programme, [outside], actor=admin)


def test_the_programme_s_manager_sets_changes_and_clears_targets_each_recorded(client, world, manager):
    client.force_login(manager)
    url = reverse("programmes:programme-targets", args=[world.programme.slug])
    client.post(url, {"jobs_created__all": "120", "gva_gbp__all": "2500000"})
    client.post(url, {"jobs_created__all": "150"})
    assert dict(world.programme.targets.values_list("metric", "value")) == {Target.Metric.JOBS_CREATED: Decimal("150")}
    trail = [event.comment for event in audit_trail(Programme, world.programme.pk)]
    assert "Targets: Jobs created 120.00 to 150" in trail[-1]
    assert "Additional GVA (£) cleared" in trail[-1]


def test_a_manager_cannot_set_another_programme_s_targets(client, world, manager):
    client.force_login(manager)
    url = reverse("programmes:programme-targets", args=[world.other_programme.slug])
    assert client.post(url, {"jobs_created__all": "1"}).status_code == 403
    assert not world.other_programme.targets.filter(value=1).exists()


def test_a_year_s_own_targets_are_set_beside_the_whole_period_s(client, world, manager):
    client.force_login(manager)
    url = reverse("programmes:programme-targets", args=[world.programme.slug])
    client.post(url, {"jobs_created__all": "120", "jobs_created__2026": "30", "jobs_created__2027": "45"})
    stored = set(world.programme.targets.values_list("metric", "year", "value"))
    assert stored == {
        ("jobs_created", None, Decimal("120")),
        ("jobs_created", 2026, Decimal("30")),
        ("jobs_created", 2027, Decimal("45")),
    }
    page = client.get(reverse("programmes:programme-detail", args=[world.programme.slug])).content.decode()
    assert "Jobs created: 2026/27 30; 2027/28 45" in page


def test_a_year_outside_the_programme_cannot_have_a_target(world, manager):
    with pytest.raises(setup.SetupRefused, match="outside the programme's period"):
        setup.programme_targets_set(world.programme, {("jobs_created", 2035): Decimal("1")}, actor=manager)
