"""The personal-data register accounts for every personal-looking field, and erasure leaves nothing behind."""

import json

import pytest
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from adopt.accounts.second_factor import recovery_codes_renew
from adopt.companies.models import Contact
from adopt.core.models import AuditEvent
from adopt.core.testing import tiny_pdf
from adopt.funding.services import document_add
from adopt.onboarding.models import ClaimCode, DeletionRequest, Enquiry, Invitation, MembershipRequest, SignupRequest
from adopt.onboarding.personal_data import NOT_PERSONAL, PERSONAL_LOOKING, REGISTER, apply_retention
from adopt.onboarding.services import deletion_process
from conftest import World

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"evaluation", "accounts", "companies", "assessments", "funding", "roadmaps", "support", "impact", "onboarding",
                "programmes", "core", "geography", "jobs", "notifications", "webhooks", "axes", "otp_totp", "otp_static", "sessions"}  # fmt: skip
LOOKS_PERSONAL_TYPES = (models.EmailField, models.GenericIPAddressField, models.FileField, models.TextField)


def test_every_field_that_looks_personal_is_in_the_register_or_said_not_to_be():
    registered = {f"{place.model}.{field}" for place in REGISTER for field in place.fields}
    unaccounted = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.concrete_fields:
            looks = isinstance(field, LOOKS_PERSONAL_TYPES) or (
                isinstance(field, models.CharField) and not field.choices and PERSONAL_LOOKING.search(field.name)
            )
            label = f"{model._meta.label}.{field.name}"
            if looks and label not in registered and label not in NOT_PERSONAL:
                unaccounted.append(label)
    assert not unaccounted, f"personal-looking fields in no register: {unaccounted}"


def a_person_everywhere(world: World):
    """The SME member, with data in every place of the register that can hold theirs."""
    person = world.sme_member
    email, name, phone = person.email, person.full_name, "07700 900123"
    Contact.objects.create(company=world.company, name=name, email=email, phone=phone)
    Enquiry.objects.create(name=name, email=email, phone=phone, company_name="Ribble", message=f"I am {name}")
    Invitation.objects.create(
        company=world.other_company, email=email, invited_by=world.adviser, expires_at=timezone.now()
    )
    SignupRequest.objects.create(email=email, full_name=name, password="x")
    MembershipRequest.objects.create(company=world.other_company, user=person, role_at_company=f"{name}, director")
    ClaimCode.objects.create(
        company=world.other_company, user=person, sent_to="x@y.example", code_hash="h", expires_at=timezone.now()
    )
    AuditEvent.objects.create(
        content_type_id=1, object_id=1, actor=world.adviser, action="note", comment=f"Called {name} on {email}"
    )
    upload = SimpleUploadedFile(f"{name} bank letter.pdf", tiny_pdf())
    document = document_add(world.application, actor=person, kind="quote", upload=upload)
    document.file.storage.save(f"grant-documents/{name} passport.pdf", SimpleUploadedFile("x", tiny_pdf()))
    document.file.name = f"grant-documents/{name} passport.pdf"
    document.save()
    AccessAttempt.objects.create(username=email, ip_address="192.0.2.10", user_agent="Firefox", failures_since_start=1)
    AccessLog.objects.create(username=email, ip_address="192.0.2.10", user_agent="Firefox")
    recovery_codes_renew(person)
    DeletionRequest.objects.filter(user=person).delete()
    request = DeletionRequest.objects.create(user=person, email_at_request=email, reason=f"{name} is leaving")
    return person, (email, name, phone), request


def every_text_in_the_database() -> list[tuple[str, str]]:
    found = []
    for model in apps.get_models():
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.FileField)
        ]
        for row in model._default_manager.values_list("pk", *text_fields):
            for field, value in zip(text_fields, row[1:], strict=True):
                if value:
                    found.append((f"{model._meta.label}.{field}", str(value)))
    return found


def test_the_data_download_covers_every_place_holding_the_person(client, world):
    person, (email, _, _), _ = a_person_everywhere(world)
    client.force_login(person)
    data = json.loads(client.get(reverse("onboarding:account-data")).content)
    held = set(data["held_about_you"])
    expected = {place.model for place in REGISTER if place.whose is not None and place.rows(person).exists()}
    assert held == expected
    assert len(held) >= 12
    assert data["held_about_you"]["companies.Contact"]["rows"][0]["email"] == email


def test_erasure_leaves_no_trace_of_the_person_in_any_row_or_file_name(world, settings):
    person, secrets, request = a_person_everywhere(world)
    before = [label for label, text in every_text_in_the_database() if secrets[0] in text.lower()]
    assert len(set(before)) >= 8  # the person is really spread across the database first
    deletion_process(request)
    left = [
        f"{label} holds {secret!r}"
        for label, text in every_text_in_the_database()
        for secret in secrets
        if secret.lower() in text.lower()
    ]
    files_named = [path.name for path in settings.MEDIA_ROOT.rglob("*") if secrets[1] in path.name]
    print(f"\nerasure: {len(REGISTER)} places in the register, {len(left) + len(files_named)} traces left")
    assert left == []
    assert files_named == []
    person.refresh_from_db()
    assert not person.is_active
    assert not person.has_usable_password()


def test_the_retention_job_deletes_what_is_past_its_period(world):
    old = SignupRequest.objects.create(email="old@example.test", full_name="Old Signup", password="x")
    SignupRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=30))
    recent = SignupRequest.objects.create(email="new@example.test", full_name="New Signup", password="x")
    deleted = apply_retention()
    assert deleted["onboarding.SignupRequest"] == 1
    assert list(SignupRequest.objects.all()) == [recent]


def test_the_privacy_notice_lists_the_register(client, db):
    page = client.get(reverse("onboarding:privacy")).content.decode()
    for place in REGISTER:
        assert escape(place.holds).lower() in page.lower()
