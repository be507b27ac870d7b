import pytest
from django.utils import timezone

from adopt.support.tests.factories import support_given

pytestmark = pytest.mark.django_db


def test_the_kpi_api_gives_each_figure_with_its_working_and_series(client, world):
    support_given(company=world.company, kind="workshop", delivered_on=timezone.localdate(), hours=13)
    client.force_login(world.manager)
    body = client.get("/api/impact/kpis", {"period": "all"}).json()
    kpis = {kpi["key"]: kpi for kpi in body["kpis"]}
    assert body["programmes"] == [world.programme.slug]
    assert kpis["supported"]["value"] == "1"
    assert kpis["jobs"]["value"] is None  # missing, not zero
    assert kpis["jobs"]["working"]
    assert {series["key"] for series in body["series"]} >= {"supported", "gva_net", "co2e"}


def test_the_kpi_api_refuses_a_period_it_cannot_read(client, world):
    client.force_login(world.manager)
    response = client.get("/api/impact/kpis", {"period": "last week"})
    assert response.status_code == 400
    assert "is not a financial year" in response.json()["detail"]


def test_the_kpi_api_hides_small_groups_from_evaluators(client, world):
    client.force_login(world.programme_evaluator)
    body = client.get("/api/impact/kpis").json()
    assert body["small_groups_suppressed"] is True
    assert body["companies_engaged"] is None
    # nothing shown but a zero, which stands on no company
    assert {kpi["value"] for kpi in body["kpis"]} <= {None, "0", "0.0", "0.00"}
    cells = {q[part] for one in body["series"] for q in one["quarters"] for part in ("added", "to_date")}
    assert cells <= {None, "0", "0.0", "0.00"}


def test_the_kpi_api_will_not_show_another_programme(client, world):
    client.force_login(world.manager)
    assert client.get("/api/impact/kpis", {"programme": world.other_programme.slug}).status_code == 404


def test_the_openapi_schema_describes_the_kpi_endpoint(client, world):
    client.force_login(world.manager)
    schema = client.get("/api/openapi.json").json()
    assert "/api/impact/kpis" in schema["paths"]
    assert "KpiReportOut" in schema["components"]["schemas"]
