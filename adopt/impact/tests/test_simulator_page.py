import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_manager_sees_what_six_point_one_million_is_likely_to_deliver(client, world):
    client.force_login(world.manager)
    response = client.get(reverse("impact:simulator"))
    assert response.status_code == 200
    assert "£6,100,000 is likely to deliver" in response.text
    assert "Roles upskilled" in response.text


def test_a_manager_changes_an_assumption_and_the_projection_follows(client, world):
    client.force_login(world.manager)
    page = client.get(reverse("impact:simulator"))
    data = {name: field.initial for name, field in page.context["form"].fields.items()}
    data.update(
        {
            "budget": "2000000",
            "jobs_per_investing__low": "1",
            "jobs_per_investing__mode": "1",
            "jobs_per_investing__high": "1",
        }
    )
    response = client.get(reverse("impact:simulator"), data)
    jobs = response.context["projection"].outcomes["jobs"]
    investing = response.context["projection"].outcomes["investing"]
    assert jobs.p50 == pytest.approx(investing.p50)


def test_a_backwards_range_is_explained(client, world):
    client.force_login(world.manager)
    page = client.get(reverse("impact:simulator"))
    data = {name: field.initial for name, field in page.context["form"].fields.items()}
    data.update({"average_grant__low": "20000"})
    response = client.get(reverse("impact:simulator"), data)
    assert response.status_code == 400
    assert "the range must run low ≤ most likely ≤ high" in response.text


def test_an_adviser_may_not_use_the_simulator(client, world):
    client.force_login(world.adviser)
    assert client.get(reverse("impact:simulator")).status_code == 403
