"""Who may see and act on grant applications and funds."""

from django.db.models import QuerySet

from adopt.accounts.policies import AnyUser, is_national_admin, is_national_evaluator, signed_in_user
from adopt.companies.models import CompanyMembership
from adopt.companies.policies import visible_companies
from adopt.core.visibility import Visibility
from adopt.funding.models import Fund, GrantApplication, Review
from adopt.funding.workflow import Actor
from adopt.programmes.models import ProgrammeStaff
from adopt.programmes.policies import programme_ids_where

Role = ProgrammeStaff.Role


def visible_applications(user: AnyUser) -> QuerySet[GrantApplication]:
    return GrantApplication.objects.filter(company__in=visible_companies(user))


def visible_funds(user: AnyUser) -> QuerySet[Fund]:
    """Fund figures are aggregates: programme staff, evaluators and national roles may see them."""
    if is_national_admin(user) or is_national_evaluator(user):
        return Fund.objects.all()
    return Fund.objects.filter(programme_id__in=programme_ids_where(user, Role.MANAGER, Role.ADVISER, Role.EVALUATOR))


def exportable_funds(user: AnyUser) -> QuerySet[Fund]:
    """Exports list companies and the staff who acted: programme managers and national administrators only."""
    if is_national_admin(user):
        return Fund.objects.all()
    return Fund.objects.filter(programme_id__in=programme_ids_where(user, Role.MANAGER))


def can_list_funds(user: AnyUser) -> bool:
    return is_national_admin(user) or is_national_evaluator(user) or bool(programme_ids_where(user))


def can_act_as(user: AnyUser, application: GrantApplication, actor: Actor) -> bool:
    person = signed_in_user(user)
    if person is None:
        return False
    programme_id = application.company.programme_id
    if actor is Actor.APPROVER:
        return is_national_admin(person) or programme_id in programme_ids_where(person, Role.MANAGER)
    staff = programme_id in programme_ids_where(person, Role.ADVISER, Role.MANAGER)
    if actor is Actor.REVIEWER:
        return staff or is_national_admin(person)
    member = CompanyMembership.objects.filter(user=person, company_id=application.company_id).exists()
    return member or staff or is_national_admin(person)


def can_sign_for(user: AnyUser, application: GrantApplication) -> bool:
    """The business's written word (headroom confirmed, offer accepted) comes from an owner or director of it, or is
    recorded by the programme's staff from one received in writing; a colleague cannot give it."""
    person = signed_in_user(user)
    if person is None:
        return False
    owner = CompanyMembership.objects.filter(
        user=person, company_id=application.company_id, role=CompanyMembership.Role.OWNER
    ).exists()
    return owner or can_act_as(person, application, Actor.REVIEWER)


def can_review(user: AnyUser, application: GrantApplication) -> bool:
    """Reviews are recorded by the programme's advisers and managers (and national administrators)."""
    return can_act_as(user, application, Actor.REVIEWER)


def can_read_staff_work(user: AnyUser, application: GrantApplication) -> bool:
    """Reviews and review steps are written for the programme's staff; the company reads only what is shared."""
    return can_review(user, application)


def visible_reviews(user: AnyUser, application: GrantApplication) -> QuerySet[Review]:
    reviews = application.reviews.select_related("reviewer").order_by("created_at")
    if can_read_staff_work(user, application):
        return reviews
    return reviews.filter(visibility=Visibility.COMPANY)


def can_apply_for(user: AnyUser, company_id: int, programme_id: int) -> bool:
    person = signed_in_user(user)
    if person is None:
        return False
    if is_national_admin(person) or CompanyMembership.objects.filter(user=person, company_id=company_id).exists():
        return True
    return programme_id in programme_ids_where(person, Role.ADVISER, Role.MANAGER)


def can_review_queue(user: AnyUser) -> bool:
    return is_national_admin(user) or bool(programme_ids_where(user, Role.ADVISER, Role.MANAGER))


def can_approve_board(user: AnyUser) -> bool:
    return is_national_admin(user) or bool(programme_ids_where(user, Role.MANAGER))


def reviewable_applications(user: AnyUser) -> QuerySet[GrantApplication]:
    if is_national_admin(user):
        return GrantApplication.objects.all()
    return GrantApplication.objects.filter(
        company__programme_id__in=programme_ids_where(user, Role.ADVISER, Role.MANAGER)
    )


def approvable_applications(user: AnyUser) -> QuerySet[GrantApplication]:
    if is_national_admin(user):
        return GrantApplication.objects.all()
    return GrantApplication.objects.filter(company__programme_id__in=programme_ids_where(user, Role.MANAGER))


def can_set_up_funds(user: AnyUser, programme_id: int) -> bool:
    """Funds, budgets and schemes: national administrators and the programme's managers."""
    return is_national_admin(user) or programme_id in programme_ids_where(user, Role.MANAGER)
