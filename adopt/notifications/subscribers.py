"""What each domain event tells whom. Subscribed at start-up (`NotificationsConfig.ready`).

Each subscriber reads the objects as they are now and queues its messages through `message_queue`, which keeps
one message per happening and person: hearing an event twice, or on a retry, sends nothing twice.
"""

import datetime
import hashlib
import json
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from adopt.accounts.models import User
from adopt.assessments.events import AssessmentSubmitted
from adopt.assessments.models import Assessment
from adopt.companies.events import AdviserAssigned, CompanyWaiting
from adopt.companies.models import Company
from adopt.core.events import Event, subscribe
from adopt.funding.events import ApplicationMoved, GrantPaid
from adopt.funding.models import GrantApplication
from adopt.notifications.models import Message
from adopt.notifications.recipients import company_casework, company_people, programme_managers
from adopt.notifications.services import message_queue
from adopt.onboarding.events import (
    AccountConfirmed,
    CompanyJoined,
    EnquiryReceived,
    InvitationSent,
    MembershipDecided,
    MembershipRequested,
    StaffInvited,
    StaffJoined,
)
from adopt.onboarding.models import Enquiry, Invitation, MembershipRequest, StaffInvitation
from adopt.onboarding.services import invitation_link
from adopt.onboarding.staffing import staff_invitation_link
from adopt.programmes.models import Programme, ProgrammeStaff
from adopt.roadmaps.events import RoadmapAgreed
from adopt.support.bookings import calendar_of
from adopt.support.events import VisitBooked
from adopt.support.models import Booking

Status = GrantApplication.Status


def _pounds(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def happening_of(event: Event) -> str:
    payload = json.dumps(event.payload(), sort_keys=True)
    return f"{event.type_name()}:{hashlib.sha256(payload.encode()).hexdigest()[:32]}"


def _tell(kind: str, people: list[User], event: Event, **options: object) -> None:
    for person in people:
        message_queue(kind, to=person, happening=happening_of(event), event_type=event.type_name(), **options)  # type: ignore[arg-type]


def enquiry_received(event: EnquiryReceived) -> None:
    enquiry = Enquiry.objects.select_related("programme").filter(pk=event.enquiry_id).first()
    if enquiry is None:
        return
    context = {"enquiry": enquiry, "name": enquiry.name, "company_name": enquiry.company_name}
    message_queue(
        "enquiry_acknowledged",
        to=enquiry.email,
        happening=happening_of(event),
        event_type=event.type_name(),
        programme=enquiry.programme,
        context=context,
    )
    _tell(
        "enquiry_received",
        programme_managers(enquiry.programme),
        event,
        programme=enquiry.programme,
        context=context,
        link=reverse("onboarding:enquiry-detail", args=[enquiry.pk]),
    )


def account_confirmed(event: AccountConfirmed) -> None:
    user = User.objects.filter(pk=event.user_id).first()
    if user is not None:
        _tell("account_confirmed", [user], event, context={}, link=reverse("dashboards:home"))


def membership_requested(event: MembershipRequested) -> None:
    request = MembershipRequest.objects.select_related("user", "company__programme", "company__adviser").filter(
        pk=event.request_id
    )
    for found in request:
        _tell(
            "membership_requested",
            company_casework(found.company),
            event,
            company=found.company,
            context={"request": found},
            link=reverse("onboarding:membership-requests"),
        )


def company_joined(event: CompanyJoined) -> None:
    company = Company.objects.select_related("programme", "adviser").filter(pk=event.company_id).first()
    person = User.objects.filter(pk=event.user_id).first()
    if company is None or person is None:
        return
    _tell(
        "company_joined",
        company_casework(company),
        event,
        company=company,
        context={"person": person, "how": event.how, "has_adviser": company.adviser_id is not None},
        link=reverse("companies:company-detail", args=[company.pk]),
    )


def membership_decided(event: MembershipDecided) -> None:
    for found in MembershipRequest.objects.select_related("user", "company__programme").filter(pk=event.request_id):
        _tell(
            "membership_approved" if event.approved else "membership_refused",
            [found.user],
            event,
            company=found.company,
            context={},
            link=reverse("companies:company-detail", args=[found.company_id]) if event.approved else "",
        )


def invitation_sent(event: InvitationSent) -> None:
    invitation = Invitation.objects.select_related("company__programme", "invited_by").filter(pk=event.invitation_id)
    for found in invitation:
        if found.accepted_at is None and found.revoked_at is None:
            message_queue(
                "invitation",
                to=found.email,
                happening=happening_of(event),
                event_type=event.type_name(),
                company=found.company,
                context={"invitation": found, "inviter": found.invited_by.full_name if found.invited_by else ""},
                link=invitation_link(found),
            )


def staff_invited(event: StaffInvited) -> None:
    found = StaffInvitation.objects.select_related("programme", "invited_by").filter(pk=event.invitation_id).first()
    if found is None or found.accepted_at is not None or found.revoked_at is not None:
        return
    message_queue(
        "staff_invitation",
        to=found.email,
        happening=happening_of(event),
        event_type=event.type_name(),
        programme=found.programme,
        context={"invitation": found, "inviter": found.invited_by.full_name, "role": found.get_role_display()},
        link=staff_invitation_link(found),
    )


def staff_joined(event: StaffJoined) -> None:
    programme = Programme.objects.filter(pk=event.programme_id).first()
    person = User.objects.filter(pk=event.user_id).first()
    if programme is None or person is None:
        return
    _tell(
        "staff_joined",
        [manager for manager in programme_managers(programme) if manager.pk != person.pk],
        event,
        programme=programme,
        context={"person": person, "role": ProgrammeStaff.Role(event.role).label},
        link=reverse("onboarding:programme-staff", args=[programme.slug]),
    )


def visit_booked(event: VisitBooked) -> None:
    """The company's people and the adviser each get the invitation, an update or a cancellation for their calendar."""
    booking = Booking.objects.select_related("company__programme", "adviser").filter(pk=event.booking_id).first()
    if booking is None or booking.sequence != event.sequence:
        return  # a later change is on its way with its own invitation
    people = [booking.adviser, *[p for p in company_people(booking.company) if p.pk != booking.adviser_id]]
    calendar = calendar_of(booking, people).decode()
    _tell(
        "visit_booked",
        people,
        event,
        company=booking.company,
        context={"booking": booking, "change": event.change},
        link=reverse("support:booking", args=[booking.pk]),
        calendar=calendar,
    )


def company_waiting(event: CompanyWaiting) -> None:
    company = Company.objects.select_related("programme").filter(pk=event.company_id).first()
    if company is None or company.adviser_id is not None:
        return
    # Asking again, or arriving twice, within a day tells the managers nothing new.
    recently = timezone.now() - datetime.timedelta(days=1)
    if Message.objects.filter(kind="company_waiting", company=company, created_at__gte=recently).exists():
        return
    _tell(
        "company_waiting",
        programme_managers(company.programme),
        event,
        company=company,
        context={"how": event.how},
        link=reverse("companies:unassigned", args=[company.programme.slug]),
    )


def adviser_assigned(event: AdviserAssigned) -> None:
    company = Company.objects.select_related("programme", "adviser").filter(pk=event.company_id).first()
    if company is None or company.adviser_id != event.adviser_id or company.adviser is None:
        return
    detail = reverse("companies:company-detail", args=[company.pk])
    _tell("adviser_assigned", company_people(company), event, company=company, context={"adviser": company.adviser})
    _tell("company_assigned", [company.adviser], event, company=company, context={}, link=detail)


def assessment_submitted(event: AssessmentSubmitted) -> None:
    assessment = Assessment.objects.select_related("company__programme", "company__adviser").filter(
        pk=event.assessment_id
    )
    for found in assessment:
        _tell(
            "assessment_submitted",
            company_casework(found.company),
            event,
            company=found.company,
            context={"assessment": found},
            link=reverse("assessments:detail", args=[found.pk]),
        )


def roadmap_agreed(event: RoadmapAgreed) -> None:
    company = Company.objects.select_related("programme").filter(pk=event.company_id).first()
    if company is not None:
        _tell(
            "roadmap_agreed",
            company_people(company),
            event,
            company=company,
            context={"version": event.version_number},
            link=reverse("roadmaps:roadmap", args=[company.pk]),
        )


# Who hears of each step of an application: (kind to the company's people, kind to its casework).
APPLICATION_STEPS: dict[tuple[str, str], tuple[str, str]] = {
    (Status.DRAFT, Status.SUBMITTED): ("application_submitted", "application_to_review"),
    (Status.RETURNED, Status.SUBMITTED): ("application_submitted", "application_to_review"),
    (Status.IN_REVIEW, Status.RETURNED): ("application_returned", ""),
    (Status.RECOMMENDED, Status.APPROVED): ("application_approved", ""),
    (Status.RECOMMENDED, Status.REJECTED): ("application_rejected", ""),
    (Status.IN_REVIEW, Status.REJECTED): ("application_rejected", ""),
    (Status.APPROVED, Status.OFFER_ACCEPTED): ("", "offer_accepted"),
    (Status.OFFER_ACCEPTED, Status.CLAIMED): ("claim_received", "claim_to_check"),
    (Status.PAID, Status.CLAIMED): ("claim_received", "claim_to_check"),
    (Status.CLAIMED, Status.CLAIM_APPROVED): ("claim_approved", ""),
    (Status.CLAIMED, Status.OFFER_ACCEPTED): ("claim_rejected", ""),
}


def application_moved(event: ApplicationMoved) -> None:
    to_company, to_casework = APPLICATION_STEPS.get((event.from_status, event.to_status), ("", ""))
    if not (to_company or to_casework):
        return
    application = (
        GrantApplication.objects.select_related("company__programme", "company__adviser", "scheme")
        .filter(pk=event.application_id)
        .first()
    )
    if application is None:
        return
    options = {
        "company": application.company,
        "context": {
            "application": application,
            "comment": event.comment,
            "amount": _pounds(application.award or application.grant_requested),
        },
        "link": reverse("funding:application-detail", args=[application.pk]),
    }
    if to_company:
        _tell(to_company, company_people(application.company), event, **options)
    if to_casework:
        _tell(to_casework, company_casework(application.company), event, **options)


def grant_paid(event: GrantPaid) -> None:
    application = GrantApplication.objects.select_related("company__programme").filter(pk=event.application_id)
    for found in application:
        _tell(
            "grant_paid",
            company_people(found.company),
            event,
            company=found.company,
            context={"application": found, "amount": _pounds(Decimal(event.amount)), "reference": event.reference},
            link=reverse("funding:application-detail", args=[found.pk]),
        )


def subscribe_all() -> None:
    subscribe(EnquiryReceived, enquiry_received)
    subscribe(AccountConfirmed, account_confirmed)
    subscribe(MembershipRequested, membership_requested)
    subscribe(MembershipDecided, membership_decided)
    subscribe(CompanyJoined, company_joined)
    subscribe(InvitationSent, invitation_sent)
    subscribe(StaffInvited, staff_invited)
    subscribe(StaffJoined, staff_joined)
    subscribe(VisitBooked, visit_booked)
    subscribe(AdviserAssigned, adviser_assigned)
    subscribe(CompanyWaiting, company_waiting)
    subscribe(AssessmentSubmitted, assessment_submitted)
    subscribe(RoadmapAgreed, roadmap_agreed)
    subscribe(ApplicationMoved, application_moved)
    subscribe(GrantPaid, grant_paid)
