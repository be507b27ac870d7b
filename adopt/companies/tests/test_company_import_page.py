import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from adopt.companies.models import Company
from adopt.companies.tests.companies_house_files import companies_house_csv, company_row
from adopt.geography.models import Area
from adopt.jobs.models import Job


@pytest.fixture
def east_lancashire(reference_data, world):
    world.programme.areas.set([Area.objects.get(code="east-lancashire")])
    return world.programme


def upload(text: str, name: str = "BasicCompanyData.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def test_manager_uploads_a_file_and_sees_the_same_summary_as_the_command(client, manager, east_lancashire):
    client.force_login(manager)
    rows = [company_row(), company_row(number="BAD", name="BAD NUMBER LTD")]
    response = client.post(
        reverse("companies:company-import"),
        {"file": upload(companies_house_csv(rows)), "programme": east_lancashire.pk, "encoding": "utf-8"},
    )
    job = Job.objects.get()
    assert response.url == reverse("jobs:job-detail", kwargs={"pk": job.pk})
    body = client.get(response.url).content.decode()
    assert "imported: 1, updated: 0, unchanged: 0, rejected: 1" in body
    assert "BAD NUMBER LTD" in body
    assert Company.objects.filter(companies_house_number="00123456", programme=east_lancashire).exists()
    rejects = client.get(reverse("jobs:job-result", kwargs={"pk": job.pk}))
    assert b"".join(rejects.streaming_content).decode().splitlines()[1].startswith("3,BAD,BAD NUMBER LTD,")
    assert (job.started_by, job.programme, job.input_name) == (manager, east_lancashire, "BasicCompanyData.csv")


def test_a_file_in_the_wrong_format_is_explained_and_imports_nothing(client, manager, east_lancashire):
    client.force_login(manager)
    before = Company.objects.count()
    response = client.post(
        reverse("companies:company-import"),
        {"file": upload("name;number\nA;1\n"), "programme": east_lancashire.pk, "encoding": "utf-8"},
        follow=True,
    )
    body = response.content.decode()
    assert "The job did not finish" in body
    assert "not comma-separated" in body
    assert Job.objects.get().status == Job.Status.FAILED
    assert Company.objects.count() == before


def test_nobody_else_sees_an_import_job_or_its_rejects(client, manager, world, east_lancashire):
    client.force_login(manager)
    rows = [company_row(number="BAD", name="BAD NUMBER LTD")]
    client.post(
        reverse("companies:company-import"),
        {"file": upload(companies_house_csv(rows)), "programme": east_lancashire.pk, "encoding": "utf-8"},
    )
    job = Job.objects.get()
    for outsider in (world.adviser, world.sme_member, world.evaluator):
        client.force_login(outsider)
        assert client.get(reverse("jobs:job-detail", kwargs={"pk": job.pk})).status_code == 404
        assert client.get(reverse("jobs:job-result", kwargs={"pk": job.pk})).status_code == 404
    client.force_login(world.national_admin)
    assert client.get(reverse("jobs:job-detail", kwargs={"pk": job.pk})).status_code == 200


def test_a_manager_cannot_import_into_a_programme_they_do_not_manage(client, manager, world, east_lancashire):
    client.force_login(manager)
    response = client.post(
        reverse("companies:company-import"),
        {
            "file": upload(companies_house_csv([company_row()])),
            "programme": world.other_programme.pk,
            "encoding": "utf-8",
        },
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Company.objects.filter(companies_house_number="00123456").exists()
