"""Enquiries pushed by another system (a Growth Hub CRM's web form), recorded as the public form records them."""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from adopt.accounts.api_auth import api_auth, within_token_programme
from adopt.core.api_errors import documented
from adopt.onboarding.policies import can_see_leads, lead_programmes
from adopt.onboarding.services import enquiry_record

router = Router(tags=["onboarding"], auth=api_auth("onboarding"))


class EnquiryIn(Schema):
    programme: str
    name: str
    email: str
    company_name: str
    phone: str = ""
    companies_house_number: str = ""
    postcode: str = ""
    message: str = ""


class EnquiryOut(Schema):
    id: int
    programme: str
    status: str
    duplicate_of_id: int | None  # an earlier enquiry from the same business or address
    matched_company_id: int | None  # a company Adopt already knows with the same number or name
    created_at: datetime.datetime


@router.post("/enquiries", response={201: EnquiryOut, **documented(EnquiryOut)}, summary="Record an enquiry")
def create_enquiry(request: HttpRequest, data: EnquiryIn) -> Status[dict[str, object]]:
    if not can_see_leads(request.user):
        raise HttpError(403, "Only programme staff record enquiries through the API.")
    programme = within_token_programme(request, lead_programmes(request.user), "pk").filter(slug=data.programme)
    chosen = programme.first()
    if chosen is None:
        raise HttpError(404, f"No programme {data.programme!r} that you may record enquiries for.")
    try:
        enquiry = enquiry_record(programme=chosen, **data.dict(exclude={"programme"}))
    except ValidationError as error:  # the model's own checks, as on the public form
        raise HttpError(422, "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())) from None
    return Status(
        201,
        {
            "id": enquiry.pk,
            "programme": chosen.slug,
            "status": enquiry.status,
            "duplicate_of_id": enquiry.duplicate_of_id,
            "matched_company_id": enquiry.matched_company_id,
            "created_at": enquiry.created_at,
        },
    )
