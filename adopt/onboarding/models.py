from django.conf import settings
from django.db import models

from adopt.companies.models import Company
from adopt.core.models import TimeStampedModel
from adopt.programmes.models import Programme, ProgrammeStaff


class Enquiry(TimeStampedModel):
    """A business that asked to talk before signing up: a lead for the programme's team."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        QUALIFIED = "qualified", "Qualified"
        CONVERTED = "converted", "Converted to a company"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=150)
    email = models.EmailField()
    phone = models.CharField(max_length=30, blank=True)
    company_name = models.CharField(max_length=160)
    companies_house_number = models.CharField(max_length=8, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    message = models.TextField(blank=True)
    programme = models.ForeignKey(Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="enquiries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    closed_reason = models.CharField(max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="enquiries_owned"
    )
    first_contacted_at = models.DateTimeField(null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    matched_company = models.ForeignKey(
        Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="enquiries"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "enquiries"

    def __str__(self) -> str:
        return f"{self.company_name} ({self.name})"


class EnquiryNote(models.Model):
    """What the programme's team did or learnt about an enquiry: a call, an email, a reason."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Note on {self.enquiry}"


class Invitation(TimeStampedModel):
    """An invitation to act for a company, accepted through sign-up (or sign-in) with the invited address."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} to {self.company}"


class MembershipRequest(TimeStampedModel):
    """Someone who says they act for a company that we cannot confirm automatically; an adviser decides."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the adviser"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="membership_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership_requests")
    role_at_company = models.CharField(max_length=100, blank=True)
    postcode_given = models.CharField(
        max_length=10, blank=True, help_text="The registered office postcode the person typed, shown to the adviser."
    )
    postcode_matches = models.BooleanField(
        null=True, blank=True, help_text="Whether it matched the company's registered postcode when asked."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "user"], condition=models.Q(status="pending"), name="one_pending_request_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.company}"


class DeletionRequest(TimeStampedModel):
    """A person's request to delete their account; an administrator processes the queue."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        DONE = "done", "Done"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="deletion_requests"
    )
    email_at_request = models.EmailField()
    reason = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Deletion of {self.email_at_request}"


class SignupRequest(TimeStampedModel):
    """A sign-up waiting for its email confirmation; the account is made only when the link is followed.

    Holding the name and password hash here, not on a `User`, means a sign-up can never change an existing
    account: until the address is proven, there is no account to change.
    """

    email = models.EmailField()
    full_name = models.CharField(max_length=150)
    password = models.CharField(max_length=128, help_text="A hash, as on an account, never the password itself.")
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email"])]

    def __str__(self) -> str:
        return f"Sign-up of {self.email}"


class ClaimCode(TimeStampedModel):
    """A one-time code sent to an address already on a company's record, proving the claimant can read its mail."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="claim_codes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claim_codes")
    sent_to = models.EmailField()
    code_hash = models.CharField(max_length=128)
    expires_at = models.DateTimeField()
    wrong_tries = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Code for {self.user} to join {self.company}"


class StaffInvitation(TimeStampedModel):
    """An invitation to work in a programme in one role, sent by email. The link proves the address, so a person
    without an account makes one on the invitation's page."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="staff_invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=ProgrammeStaff.Role.choices)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} as {self.get_role_display()}, {self.programme}"
