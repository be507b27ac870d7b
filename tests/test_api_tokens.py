"""The API with tokens: what a token may reach (its scopes, its programme, its owner's policies), how it is kept,
and the reads and writes an integration makes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from adopt.accounts.api_tokens import api_token_create, api_token_revoke
from adopt.accounts.models import ApiToken
from adopt.companies.models import Company
from adopt.companies.tests.factories import CompanyFactory
from adopt.support.models import SupportEntry

ALL_READ = ["companies:read", "funding:read", "support:read", "assessments:read", "impact:read"]


def key_for(user, scopes=ALL_READ, **options) -> str:
    return api_token_create(user=user, name="BI", scopes=scopes, actor=user, **options).key


def get(client, path, key, **params):
    return client.get(path, params, headers={"Authorization": f"Bearer {key}"})


def post(client, path, key, data):
    return client.post(path, data, content_type="application/json", headers={"Authorization": f"Bearer {key}"})


def test_a_token_pulls_the_companies_changed_since_a_date_page_by_page(client, world):
    for n in range(5):
        CompanyFactory(programme=world.programme, name=f"Extra {n} Ltd")
    Company.objects.filter(name="Extra 0 Ltd").update(updated_at=timezone.now() - datetime.timedelta(days=30))
    key = key_for(world.manager)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    seen, cursor = [], ""
    while True:
        page = get(client, "/api/companies/", key, updated_since=since, limit=2, cursor=cursor).json()
        seen += page["items"]
        if page["next_cursor"] is None:
            break
        cursor = page["next_cursor"]
    names = [item["name"] for item in seen]
    expected = Company.objects.filter(programme=world.programme, updated_at__gte=since).order_by("updated_at", "pk")
    assert names == [company.name for company in expected]
    assert "Extra 0 Ltd" not in names
    assert "Tyne Textiles Ltd" not in names  # another programme's


def test_a_token_without_the_scope_is_refused_with_the_scope_it_lacks(client, world):
    key = key_for(world.manager, scopes=["support:read"])
    response = get(client, "/api/companies/", key)
    assert response.status_code == 403
    assert "companies:read" in response.json()["detail"]


def test_a_token_cannot_write_with_a_read_scope(client, world):
    key = key_for(world.manager, scopes=["support:read"])
    entry = {"company_id": world.company.pk, "kind": "diagnostic", "delivered_on": "2026-11-20", "hours": "2"}
    assert post(client, "/api/support/entries", key, entry).status_code == 403


def test_a_revoked_or_expired_token_no_longer_works(client, world):
    made = api_token_create(user=world.manager, name="x", scopes=ALL_READ, actor=world.manager)
    assert get(client, "/api/companies/", made.key).status_code == 200
    api_token_revoke(made.token, actor=world.manager)
    assert get(client, "/api/companies/", made.key).status_code == 401
    expired = api_token_create(user=world.manager, name="y", scopes=ALL_READ, actor=world.manager, expires_in_days=1)
    ApiToken.objects.filter(pk=expired.token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert get(client, "/api/companies/", expired.key).status_code == 401


def test_only_a_hash_of_the_key_is_kept_and_its_last_use_is_noted(client, world):
    made = api_token_create(user=world.manager, name="x", scopes=ALL_READ, actor=world.manager)
    stored = ApiToken.objects.filter(pk=made.token.pk).values()[0]
    assert made.key not in {str(value) for value in stored.values()}
    get(client, "/api/companies/", made.key)
    assert ApiToken.objects.get(pk=made.token.pk).last_used_at is not None


def test_a_token_limited_to_a_programme_sees_none_of_another(client, world):
    key = key_for(world.national_admin, programme_id=world.other_programme.pk)
    names = [item["name"] for item in get(client, "/api/companies/", key).json()["items"]]
    assert names == ["Tyne Textiles Ltd"]


def test_a_company_member_s_token_sees_only_their_company(client, world):
    key = key_for(world.sme_member)
    assert [item["name"] for item in get(client, "/api/companies/", key).json()["items"]] == ["Ribble Plastics Ltd"]


def test_an_evaluator_s_token_reads_figures_but_no_company(client, world):
    key = key_for(world.evaluator)
    assert get(client, "/api/companies/", key).json()["items"] == []
    assert get(client, "/api/funding/applications", key).json()["items"] == []
    assert get(client, "/api/impact/kpis", key).status_code == 200


def test_a_crm_adds_a_company_and_records_support_with_a_token(client, world):
    key = key_for(world.adviser, scopes=["companies:write", "companies:read", "support:write"])
    created = post(
        client,
        "/api/companies/",
        key,
        {
            "programme": world.programme.slug,
            "name": "Pennine Castings Ltd",
            "postcode": "BB4 5AB",
            "sic_codes": ["25620"],
        },
    )
    assert created.status_code == 201
    company = created.json()
    assert company["programme"] == world.programme.slug
    assert {reason["rule"] for reason in company["eligibility_reasons"]}
    entry = post(
        client,
        "/api/support/entries",
        key,
        {"company_id": company["id"], "kind": "diagnostic", "delivered_on": "2026-11-20", "hours": "2.5"},
    )
    assert entry.status_code == 201
    assert SupportEntry.objects.get(company_id=company["id"]).adviser == world.adviser


def test_a_company_with_bad_facts_is_refused_with_the_form_s_reasons(client, world):
    key = key_for(world.adviser, scopes=["companies:write"])
    response = post(client, "/api/companies/", key, {"programme": world.programme.slug, "name": "", "sic_codes": ["x"]})
    assert response.status_code == 422
    assert "name" in response.json()["detail"]


def test_a_company_cannot_be_added_to_another_programme(client, world):
    key = key_for(world.adviser, scopes=["companies:write"])
    response = post(client, "/api/companies/", key, {"programme": world.other_programme.slug, "name": "Sneaky Ltd"})
    assert response.status_code == 404
    assert not Company.objects.filter(name="Sneaky Ltd").exists()


def test_a_crm_pushes_an_enquiry(client, world):
    key = key_for(world.manager, scopes=["onboarding:write"])
    data = {"programme": world.programme.slug, "name": "Jo", "email": "jo@bloggs.example", "company_name": "Bloggs"}
    response = post(client, "/api/onboarding/enquiries", key, data)
    assert response.status_code == 201
    assert response.json()["programme"] == world.programme.slug
    bad = post(client, "/api/onboarding/enquiries", key, {**data, "email": "not an address"})
    assert bad.status_code == 422


def test_the_tokens_page_shows_a_new_key_once_and_revokes(client, world):
    client.force_login(world.sme_member)
    url = reverse("onboarding:api-tokens")
    page = client.post(
        url, {"action": "personal", "name": "Sheet", "scopes": ["companies:read"], "expires_in_days": "30"}
    )
    token = ApiToken.objects.get(user=world.sme_member)
    assert token.prefix in page.text
    assert "Copy the token now" in page.text
    assert "Copy the token now" not in client.get(url).text
    client.post(reverse("onboarding:api-token-revoke", kwargs={"pk": token.pk}))
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_a_manager_makes_a_service_token_that_acts_as_an_adviser_of_the_programme(client, world):
    client.force_login(world.manager)
    client.post(
        reverse("onboarding:api-tokens"),
        {
            "action": "service",
            "service-name": "Growth Hub CRM",
            "service-scopes": ["companies:read"],
            "service-programme": world.programme.pk,
            "service-role": "adviser",
            "service-expires_in_days": "365",
        },
    )
    token = ApiToken.objects.get(kind=ApiToken.Kind.SERVICE)
    assert token.user.is_service_account
    assert not token.user.has_usable_password()
    assert token.user.programme_roles.get().programme == world.programme
    assert token.programme_id == world.programme.pk


@pytest.mark.parametrize("path", ["/api/companies/", "/api/funding/claims", "/api/support/entries"])
def test_a_made_up_cursor_is_refused_in_words(client, world, path):
    key = key_for(world.manager)
    response = get(client, path, key, cursor="bm90IGEgY3Vyc29y")
    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


def test_a_list_exported_as_csv_has_the_same_rows_as_its_pages(client, world):
    for n in range(3):
        CompanyFactory(programme=world.programme, name=f"Extra {n} Ltd")
    CompanyFactory(programme=world.programme, name='=HYPERLINK("http://x")')
    key = key_for(world.manager)
    response = get(client, "/api/companies/export.csv", key)
    assert response["Content-Type"] == "text/csv"
    lines = b"".join(response.streaming_content).decode().splitlines()
    header, rows = lines[0].split(","), lines[1:]
    assert header[:3] == ["id", "name", "companies_house_number"]
    listed = get(client, "/api/companies/", key, limit=500).json()["items"]
    assert [int(row.split(",")[0]) for row in rows] == [item["id"] for item in listed]
    assert any(row.split(",", 2)[1].startswith("\"'=HYPERLINK") for row in rows)  # shown as text, never run


def test_the_api_refuses_a_form_body_in_words_and_a_nul_character(client, world):
    key = key_for(world.adviser, scopes=["companies:write"])
    form = client.post("/api/companies/", {"programme": world.programme.slug, "name": "Form Ltd"},
                       headers={"Authorization": f"Bearer {key}"})  # fmt: skip
    assert form.status_code in {400, 422}
    assert not Company.objects.filter(name="Form Ltd").exists()
    nul = post(client, "/api/companies/", key, {"programme": world.programme.slug, "name": "Nul\u0000 Ltd"})
    assert nul.status_code == 400
    assert not Company.objects.filter(name__startswith="Nul").exists()


@pytest.mark.parametrize("since", ["0001-01-01T00:00:00+18:00", "9999-12-31T23:59:59-18:00", "2026-11-01T00:00:00"])
def test_a_time_outside_what_can_be_stored_is_refused_and_one_without_a_zone_is_utc(client, world, since):
    key = key_for(world.manager)
    for path in ("/api/companies/", "/api/companies/export.csv"):
        response = get(client, path, key, updated_since=since)
        assert response.status_code == (200 if since.startswith("2026") else 400), (path, since)
