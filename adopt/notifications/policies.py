"""Who sees which messages: the staff of a company's programme see what was sent about it; everyone signed in sees
and sets their own preferences. Message bodies hold personal data, so evaluators see none."""

from django.db.models import QuerySet

from adopt.accounts.policies import AnyUser, is_national_admin, signed_in_user
from adopt.companies.models import Company
from adopt.companies.policies import is_staff_for, visible_companies
from adopt.notifications.models import Message


def can_see_company_messages(user: AnyUser, company: Company) -> bool:
    return is_staff_for(user, company)


def messages_about(user: AnyUser, company: Company) -> QuerySet[Message]:
    if not can_see_company_messages(user, company):
        return Message.objects.none()
    return Message.objects.filter(company=company)


def staff_companies(user: AnyUser) -> QuerySet[Company]:
    """Companies whose messages the person may open: those of programmes they staff."""
    person = signed_in_user(user)
    if person is None:
        return Company.objects.none()
    if is_national_admin(person):
        return Company.objects.all()
    return (
        visible_companies(person)
        .filter(programme__staff__user=person, programme__staff__role__in=["adviser", "manager"])
        .distinct()
    )


def can_set_preferences(user: AnyUser) -> bool:
    return signed_in_user(user) is not None
