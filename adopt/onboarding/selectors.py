"""Reads of onboarding that pages share."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from adopt.accounts.policies import AnyUser
from adopt.companies.models import CompanyMembership, Contact
from adopt.onboarding.models import MembershipRequest


@dataclass(frozen=True)
class RequestForReview:
    """A pending request with what an adviser weighs before approving it."""

    request: MembershipRequest
    member_count: int
    domain_known: bool

    def __getattr__(self, name: str) -> object:  # the template reads the request's own fields through this
        return getattr(self.request, name)


def requests_for_review(requests: QuerySet[MembershipRequest]) -> list[RequestForReview]:
    rows = (
        requests.filter(status=MembershipRequest.Status.PENDING)
        .select_related("company", "user")
        .annotate(member_count=Count("company__memberships", distinct=True))
        .prefetch_related(Prefetch("company__contacts", queryset=Contact.objects.exclude(email="")))
        .order_by("created_at")
    )
    reviewed = []
    for request in rows:
        domains = {contact.email.rpartition("@")[2].lower() for contact in request.company.contacts.all()}
        reviewed.append(
            RequestForReview(
                request=request,
                member_count=request.member_count,
                domain_known=request.user.email.rpartition("@")[2].lower() in domains,
            )
        )
    return reviewed


def memberships_with_an_adviser(user: AnyUser) -> list[CompanyMembership]:
    """The companies a person acts for that have an adviser, with the adviser: who they ask for help."""
    if not user.is_authenticated:
        return []
    return list(
        CompanyMembership.objects.filter(user_id=user.pk, company__adviser__isnull=False)
        .select_related("company__adviser")
        .order_by("company__name")
    )
