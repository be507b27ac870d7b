import re

import pytest
from django.core import mail
from django.urls import reverse

from adopt.companies.models import Company
from adopt.onboarding import staffing
from adopt.onboarding.models import StaffInvitation
from adopt.programmes.models import ProgrammeStaff

Role = ProgrammeStaff.Role


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_an_invited_adviser_makes_an_account_from_the_link_and_joins_the_programme(client, world, manager):
    client.force_login(manager)
    client.post(
        reverse("onboarding:programme-staff", args=[world.programme.slug]),
        {"email": "Nia.New@Example.test", "role": Role.ADVISER},
    )
    invitation = mail.outbox[-1]
    assert invitation.to == ["nia.new@example.test"]
    assert "as technology adviser" in invitation.body
    client.logout()
    page = client.post(
        link_in(invitation),
        {"full_name": "Nia New", "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9"},
    )
    assert page.url == reverse("accounts:two-factor-setup")
    member = ProgrammeStaff.objects.get(programme=world.programme, user__email="nia.new@example.test")
    assert member.role == Role.ADVISER
    assert any("Nia New joined" in message.subject for message in mail.outbox if manager.email in message.to)


def test_an_invitation_opened_by_someone_signed_in_with_another_address_is_refused(client, world, manager, adviser):
    staffing.staff_invite(programme=world.programme, email="someone@example.test", role=Role.MANAGER, actor=manager)
    client.force_login(adviser)
    response = client.post(link_in(mail.outbox[-1]))
    assert response.status_code == 400
    assert not ProgrammeStaff.objects.filter(user=adviser, role=Role.MANAGER, programme=world.programme).exists()


def test_a_revoked_staff_invitation_no_longer_opens(client, world, manager):
    invitation = staffing.staff_invite(
        programme=world.programme, email="late@example.test", role=Role.ADVISER, actor=manager
    )
    staffing.staff_invitation_revoke(invitation, actor=manager)
    assert client.get(link_in(mail.outbox[-1])).status_code == 400


def test_inviting_someone_already_in_the_role_says_so(world, manager, adviser):
    with pytest.raises(staffing.StaffRefused, match="already technology adviser"):
        staffing.staff_invite(programme=world.programme, email=adviser.email, role=Role.ADVISER, actor=manager)


def test_removing_an_adviser_puts_their_companies_in_the_unassigned_queue(client, world, manager, adviser):
    assert Company.objects.filter(programme=world.programme, adviser=adviser).exists()
    member = ProgrammeStaff.objects.get(programme=world.programme, user=adviser, role=Role.ADVISER)
    client.force_login(manager)
    client.post(
        reverse("onboarding:staff-change", args=[world.programme.slug]), {"member": member.pk, "action": "remove"}
    )
    assert not ProgrammeStaff.objects.filter(pk=member.pk).exists()
    assert not Company.objects.filter(programme=world.programme, adviser=adviser).exists()


def test_the_programme_s_only_manager_cannot_be_removed(world, manager, admin):
    member = ProgrammeStaff.objects.get(programme=world.programme, user=manager, role=Role.MANAGER)
    with pytest.raises(staffing.StaffRefused, match="only manager"):
        staffing.staff_remove(member, actor=admin)


def test_a_role_is_changed_and_recorded(world, manager, adviser):
    member = ProgrammeStaff.objects.get(programme=world.programme, user=adviser, role=Role.ADVISER)
    staffing.staff_role_change(member, role=Role.MANAGER, actor=manager)
    member.refresh_from_db()
    assert member.role == Role.MANAGER


def test_a_member_of_staff_from_another_programme_cannot_change_this_one_s_staff(client, world, adviser):
    other = ProgrammeStaff.objects.filter(programme=world.other_programme).first()
    client.force_login(adviser)
    response = client.post(
        reverse("onboarding:staff-change", args=[world.other_programme.slug]),
        {"member": other.pk, "action": "remove"},
    )
    assert response.status_code == 403
    assert ProgrammeStaff.objects.filter(pk=other.pk).exists()
    assert not StaffInvitation.objects.exists()


def test_a_staff_invitation_link_lasts_as_long_as_the_invitation(client, world, manager, settings):
    import datetime

    from django.utils import timezone

    staffing.staff_invite(programme=world.programme, email="later@example.test", role=Role.ADVISER, actor=manager)
    link = link_in(mail.outbox[-1])
    ten_days = timezone.now() + datetime.timedelta(days=10)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: ten_days.timestamp())
        assert client.get(link).status_code == 200


def test_a_password_like_the_invited_address_is_refused_on_the_form(client, world, manager):
    staffing.staff_invite(programme=world.programme, email="janedoe@example.test", role=Role.ADVISER, actor=manager)
    response = client.post(
        link_in(mail.outbox[-1]),
        {"full_name": "Jane Doe", "password1": "janedoe@example.test", "password2": "janedoe@example.test"},
    )
    assert response.status_code == 200
    assert "too similar" in response.content.decode()
    assert not ProgrammeStaff.objects.filter(user__email="janedoe@example.test").exists()


def test_someone_signed_in_with_another_address_is_told_to_sign_out(client, world, manager, adviser):
    staffing.staff_invite(programme=world.programme, email="other@example.test", role=Role.MANAGER, actor=manager)
    client.force_login(adviser)
    page = client.get(link_in(mail.outbox[-1])).content.decode()
    assert f"You are signed in as {adviser.email}" in page
    assert "Accept the invitation" not in page
