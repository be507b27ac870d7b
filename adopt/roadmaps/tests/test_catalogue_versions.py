import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from adopt.jobs.models import Job
from adopt.roadmaps.catalogue import CATALOGUE_DIR, DATA, catalogue, planning_rules, published_dir
from adopt.roadmaps.models import PublishedCatalogue

SHIPPED = CATALOGUE_DIR / "technologies@1.json"
URL = "/roadmaps/technologies/versions/"


def version_two(change=lambda technologies, data: None) -> bytes:
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    data["version"] = 2
    change({item["key"]: item for item in data["technologies"]}, data)
    return json.dumps(data).encode("utf-8")


def check(client, content: bytes):
    upload = SimpleUploadedFile("technologies@2.json", content, content_type="application/json")
    return client.post(URL, {"action": "check", "file": upload})


def cheaper_mes(technologies, data):
    technologies["mes"]["costs"]["small"]["one_off"] = [1000, 2000]
    data["technologies"] = [item for item in data["technologies"] if item["key"] != "machine_vision"]


def test_a_new_version_is_checked_and_its_changes_shown_before_anything_changes(client, admin):
    client.force_login(admin)
    page = check(client, version_two(cheaper_mes)).content.decode()
    assert "technologies@2 is valid" in page
    assert f"Removed: {catalogue().technology('machine_vision').name}" in page
    assert f"Changed: {catalogue().technology('mes').name} (costs)" in page
    assert catalogue().version == 1
    assert not PublishedCatalogue.objects.exists()


def test_publishing_makes_the_new_version_the_one_roadmaps_are_planned_with(client, admin):
    client.force_login(admin)
    client.post(URL, {"action": "publish", "content": version_two(cheaper_mes).decode("utf-8")})
    assert catalogue().version == 2
    assert catalogue(1).version == 1
    assert (published_dir() / "technologies@2.json").exists()
    record = PublishedCatalogue.objects.get()
    assert record.published_by == admin
    assert any(change.startswith("Changed: ") for change in record.changes)


def test_a_file_with_the_wrong_version_number_is_refused_with_the_number_wanted(client, admin):
    client.force_login(admin)
    content = SHIPPED.read_bytes()
    page = check(client, content).content.decode()
    assert "the next version is technologies@2" in page


def test_a_prerequisite_that_does_not_exist_is_refused_naming_the_entry(client, admin):
    def broken(technologies, data):
        technologies["mes"]["prerequisites"]["items"] = ["teleporter"]

    client.force_login(admin)
    response = check(client, version_two(broken))
    assert response.status_code == 400
    assert "teleporter" in response.content.decode()
    assert catalogue().version == 1


def test_a_file_that_is_not_json_is_refused(client, admin):
    client.force_login(admin)
    assert "not JSON" in check(client, b"{nope").content.decode()


def test_every_roadmap_is_re_planned_by_a_background_job(client, admin, world):
    client.force_login(admin)
    response = client.post(URL, {"action": "replan"})
    job = Job.objects.get(kind=Job.Kind.ROADMAPS_REPLAN)
    assert response.url == reverse("jobs:job-detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert any("roadmaps:" in line for line in job.summary["lines"])


@pytest.mark.parametrize("role", ["manager", "adviser"])
def test_only_national_administrators_publish_versions(client, world, role):
    client.force_login(getattr(world, role))
    assert client.post(URL, {"action": "publish", "content": version_two().decode()}).status_code == 403
    assert catalogue().version == 1


def planning_two(change=lambda data: None) -> bytes:
    data = json.loads((DATA / "planning@1.json").read_text(encoding="utf-8"))
    data["version"] = 2
    change(data)
    return json.dumps(data).encode("utf-8")


def test_new_planning_rules_are_checked_shown_and_published(client, admin):
    def tighter_solver(data):
        data["solver"]["time_limit_seconds"] = 5

    client.force_login(admin)
    upload = SimpleUploadedFile("planning@2.json", planning_two(tighter_solver), content_type="application/json")
    page = client.post(URL, {"action": "check", "file": upload}).content.decode()
    assert "planning@2 is valid" in page
    assert "Changed: solver" in page
    client.post(URL, {"action": "publish", "content": planning_two(tighter_solver).decode()})
    assert planning_rules().version == 2
    assert catalogue().version == 1


def test_planning_rules_whose_cost_shares_do_not_add_up_are_refused(client, admin):
    def broken(data):
        data["cost_areas"][0]["default_share"] += 1

    client.force_login(admin)
    upload = SimpleUploadedFile("planning@2.json", planning_two(broken), content_type="application/json")
    response = client.post(URL, {"action": "check", "file": upload})
    assert "must add up to 100" in response.content.decode()
    assert planning_rules().version == 1
