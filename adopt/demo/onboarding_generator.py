"""Demo leads and a join request, so the enquiries list and the adviser's queue are not empty."""

from typing import Any

from django.db import transaction

from adopt.accounts.models import User
from adopt.companies.models import Company
from adopt.onboarding.models import Enquiry, MembershipRequest
from adopt.onboarding.services import enquiry_record
from adopt.programmes.models import Programme


@transaction.atomic
def generate_demo_onboarding(settings: dict[str, Any], password: str) -> int:
    if Enquiry.objects.exists():
        return 0
    for row in settings["enquiries"]:
        programme = Programme.objects.filter(slug=row.pop("programme")).first()
        enquiry_record(programme=programme, **row)
    requester = User.objects.filter(email=settings["join_request"]["email"]).first()
    if requester is None:
        requester = User.objects.create_user(
            settings["join_request"]["email"], password, full_name=settings["join_request"]["full_name"]
        )
    company = Company.objects.filter(programme__slug="north-west").order_by("companies_house_number")[5]
    MembershipRequest.objects.get_or_create(
        company=company, user=requester, defaults={"role_at_company": "Operations manager"}
    )
    return len(settings["enquiries"])
