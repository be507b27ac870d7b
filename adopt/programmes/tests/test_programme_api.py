from django.urls import reverse


def test_api_lists_only_programmes_the_caller_may_see(client, adviser):
    client.force_login(adviser)
    response = client.get(reverse("api:list_programmes"))
    assert response.status_code == 200
    assert [row["slug"] for row in response.json()] == ["north-west"]


def test_api_programme_carries_its_targets(client, evaluator):
    client.force_login(evaluator)
    data = client.get(reverse("api:get_programme", kwargs={"slug": "north-west"})).json()
    assert data["targets"] == [{"label": "Jobs created", "value": "100.00"}]


def test_api_asks_anonymous_callers_to_authenticate(client, world):
    assert client.get(reverse("api:list_programmes")).status_code == 401


def test_openapi_schema_describes_the_programme_endpoints(client, adviser):
    client.force_login(adviser)
    schema = client.get(reverse("api:openapi-json")).json()
    assert "/api/programmes/" in schema["paths"]
