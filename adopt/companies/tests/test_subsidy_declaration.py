import pytest
from django.urls import reverse

from adopt.companies.models import Company


def test_declaring_no_subsidies_settles_the_subsidy_rule(client, sme_user, world):
    client.force_login(sme_user)
    url = reverse("companies:company-subsidies", kwargs={"pk": world.company.pk})
    client.post(url, {})
    world.company.refresh_from_db()
    assert world.company.subsidy_declared_on is not None
    detail = client.get(reverse("companies:company-detail", kwargs={"pk": world.company.pk})).content.decode()
    assert "leaves £315,000.00 of the £315,000 allowance" in detail


def test_a_subsidy_over_the_allowance_makes_the_company_not_eligible(client, sme_user, world):
    client.force_login(sme_user)
    url = reverse("companies:company-subsidies", kwargs={"pk": world.company.pk})
    client.post(url, {"granted_on": "2026-06-01", "amount_gbp": "320000", "grantor": "Growth fund"})
    world.company.refresh_from_db()
    assert world.company.eligibility == Company.Eligibility.NOT_ELIGIBLE
    assert "Growth fund" in client.get(url).content.decode()


def test_a_half_filled_subsidy_is_explained_and_not_saved(client, sme_user, world):
    client.force_login(sme_user)
    url = reverse("companies:company-subsidies", kwargs={"pk": world.company.pk})
    body = client.post(url, {"amount_gbp": "5000"}).content.decode()
    assert "Enter the date it was received too" in body
    assert "Enter who gave it too" in body
    world.company.refresh_from_db()
    assert world.company.subsidy_declared_on is None
    assert not world.company.subsidies.exists()


@pytest.mark.parametrize("amount", ["1000000000000", "1e308", "99999999999999999999", "NaN", "Infinity"])
def test_an_impossible_subsidy_amount_is_explained_not_a_server_error(client, sme_user, world, amount):
    client.force_login(sme_user)
    url = reverse("companies:company-subsidies", kwargs={"pk": world.company.pk})
    response = client.post(url, {"granted_on": "2026-06-01", "amount_gbp": amount, "grantor": "Growth fund"})
    assert response.status_code in {200, 400}
    assert "There is a problem" in response.content.decode()
    assert not world.company.subsidies.exists()
