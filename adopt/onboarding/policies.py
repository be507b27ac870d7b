from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from adopt.accounts.models import User
from adopt.accounts.policies import AnyUser, is_national_admin, is_national_evaluator
from adopt.companies.models import Company
from adopt.companies.policies import editable_companies
from adopt.core.models import AuditEvent
from adopt.onboarding.claims import (
    CLAIM_WINDOW,
    CLAIMS_PER_COMPANY,
    CLAIMS_PER_PERSON,
    COUNTED_ATTEMPTS,
    COUNTED_FOR_THE_COMPANY,
    mask_email,
)
from adopt.onboarding.models import Enquiry, MembershipRequest
from adopt.programmes.models import Programme, ProgrammeStaff
from adopt.programmes.policies import programme_ids_where, visible_programmes

Role = ProgrammeStaff.Role


def invitable_companies(user: AnyUser) -> QuerySet[Company]:
    """Members invite colleagues; programme staff invite a company's contacts."""
    return editable_companies(user)


def claimable_companies(user: AnyUser) -> QuerySet[Company]:
    """Companies a signed-in person may find to claim: any, as name, number and town are public at Companies
    House; the search shows nothing more, and claiming one takes proof (see `services.company_claim`).

    Evaluators claim none: they work from aggregates, and the search would list the programme's companies.
    """
    if not user.is_authenticated or is_national_evaluator(user) or programme_ids_where(user, Role.EVALUATOR):
        return Company.objects.none()
    return Company.objects.all()


def can_see_leads(user: AnyUser) -> bool:
    return is_national_admin(user) or bool(programme_ids_where(user, Role.ADVISER, Role.MANAGER))


def visible_enquiries(user: AnyUser) -> QuerySet[Enquiry]:
    """A programme's team sees its own leads; leads no programme covers go to national administrators alone."""
    if is_national_admin(user):
        return Enquiry.objects.all()
    return Enquiry.objects.filter(programme_id__in=programme_ids_where(user, Role.ADVISER, Role.MANAGER))


def decidable_requests(user: AnyUser) -> QuerySet[MembershipRequest]:
    if is_national_admin(user):
        return MembershipRequest.objects.all()
    return MembershipRequest.objects.filter(
        company__programme_id__in=programme_ids_where(user, Role.ADVISER, Role.MANAGER)
    )


def may_attempt_claim(user: User, company: Company) -> bool:
    """A person gets a few tries a day at claiming companies, and a company a few more across everyone."""
    since = timezone.now() - CLAIM_WINDOW
    attempts = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Company), action__in=COUNTED_ATTEMPTS, at__gte=since
    )
    return (
        attempts.filter(actor=user).count() < CLAIMS_PER_PERSON
        and attempts.filter(object_id=company.pk, action__in=COUNTED_FOR_THE_COMPANY).count() < CLAIMS_PER_COMPANY
    )


def claim_code_addresses(company: Company) -> list[tuple[int, str]]:
    """Addresses on the company's record a code may go to, masked, for a company nobody acts for yet."""
    if company.memberships.exists():
        return []
    contacts = company.contacts.exclude(email="").filter(from_enquiry=False).order_by("pk")
    return [(contact.pk, mask_email(contact.email)) for contact in contacts]


def token_programmes(user: AnyUser) -> QuerySet[Programme]:
    """Programmes a personal token may be limited to: those the person sees."""
    return visible_programmes(user).order_by("name")


def service_token_programmes(user: AnyUser) -> QuerySet[Programme]:
    """Programmes whose service tokens a person makes: all for national administrators, else those they manage."""
    if is_national_admin(user):
        return Programme.objects.order_by("name")
    return Programme.objects.filter(pk__in=programme_ids_where(user, Role.MANAGER)).order_by("name")


def lead_programmes(user: AnyUser) -> QuerySet[Programme]:
    """Programmes whose enquiries a person records: those they advise or manage; every one for national admins."""
    if is_national_admin(user):
        return Programme.objects.all()
    return Programme.objects.filter(pk__in=programme_ids_where(user, Role.ADVISER, Role.MANAGER))


def enquiry_owners(enquiry: Enquiry) -> QuerySet[User]:
    """Who may own an enquiry: the advisers and managers of its programme, and whoever owns it now."""
    staff = Q(
        programme_roles__programme_id=enquiry.programme_id or 0,
        programme_roles__role__in=[Role.ADVISER, Role.MANAGER],
        is_active=True,
        is_service_account=False,
    )
    return User.objects.filter(staff | Q(pk=enquiry.owner_id or 0)).distinct().order_by("full_name")
