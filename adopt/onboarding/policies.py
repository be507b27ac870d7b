from django.db.models import QuerySet

from adopt.accounts.policies import AnyUser, is_national_admin
from adopt.companies.models import Company
from adopt.companies.policies import editable_companies
from adopt.onboarding.models import Enquiry, MembershipRequest
from adopt.programmes.models import ProgrammeStaff
from adopt.programmes.policies import programme_ids_where

Role = ProgrammeStaff.Role


def invitable_companies(user: AnyUser) -> QuerySet[Company]:
    """Members invite colleagues; programme staff invite a company's contacts."""
    return editable_companies(user)


def can_see_leads(user: AnyUser) -> bool:
    return is_national_admin(user) or programme_ids_where(user, Role.ADVISER, Role.MANAGER).exists()


def visible_enquiries(user: AnyUser) -> QuerySet[Enquiry]:
    if is_national_admin(user):
        return Enquiry.objects.all()
    staffed = programme_ids_where(user, Role.ADVISER, Role.MANAGER)
    return Enquiry.objects.filter(programme_id__in=staffed) | Enquiry.objects.filter(programme__isnull=True)


def decidable_requests(user: AnyUser) -> QuerySet[MembershipRequest]:
    if is_national_admin(user):
        return MembershipRequest.objects.all()
    return MembershipRequest.objects.filter(
        company__programme_id__in=programme_ids_where(user, Role.ADVISER, Role.MANAGER)
    )
