from decimal import Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q

from adopt.companies.models import Company
from adopt.core.models import TimeStampedModel
from adopt.core.visibility import Visibility
from adopt.programmes.models import Programme

ZERO = Decimal("0")


def money(**kwargs: object) -> models.DecimalField:  # type: ignore[type-arg]  # the stub's generic has no default
    return models.DecimalField(max_digits=14, decimal_places=2, **kwargs)  # type: ignore[arg-type]  # field options vary


class Fund(TimeStampedModel):
    """A pot of public money a programme awards from, with a budget for each financial year."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="funds")
    name = models.CharField(max_length=150)
    funder = models.CharField(max_length=150, help_text="Who provides the money, as named in 360Giving exports.")
    identifier_prefix = models.CharField(
        max_length=40,
        default="360G-adopt",
        validators=[
            RegexValidator(
                r"^360G-[A-Za-z0-9_-]+$",
                "A 360Giving prefix starts with 360G- and holds letters, digits, hyphens and underscores only.",
            )
        ],
        help_text="The prefix 360Giving registered for the funder, like 360G-northwestdigital: grant ids begin so.",
    )
    funder_identifier = models.CharField(
        max_length=60,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z]{2}-[A-Z]{2,5}-[A-Za-z0-9_-]+$",
                "An organisation identifier from org-id.guide, like GB-GOR-PB188 or GB-COH-01234567.",
            )
        ],
        help_text="The funder's organisation identifier from org-id.guide (GB-GOR-… for a government body); "
        "left blank, 360Giving files name the funder under the fund's prefix.",
    )

    nominal_code = models.CharField(
        max_length=20,
        default="5900",
        help_text="The accounts package's expense code grants from this fund are booked to, in the finance export.",
    )

    class Meta:
        ordering = ["programme", "name"]

    def __str__(self) -> str:
        return self.name


class FundYear(models.Model):
    """One financial year of a fund. `committed` and `paid` move only in the ledger service, under a row lock."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(help_text="The calendar year the financial year starts in (April).")
    budget = money()
    committed = money(default=ZERO)
    paid = money(default=ZERO)

    class Meta:
        ordering = ["fund", "year"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "year"], name="one_budget_per_fund_year"),
            models.CheckConstraint(condition=Q(committed__lte=F("budget")), name="fund_year_never_over_committed"),
            models.CheckConstraint(condition=Q(paid__lte=F("committed")), name="fund_year_never_over_paid"),
            models.CheckConstraint(condition=Q(paid__gte=ZERO) & Q(committed__gte=ZERO), name="fund_year_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.year}/{str(self.year + 1)[-2:]}"

    @property
    def remaining(self) -> Decimal:
        return Decimal(self.budget) - Decimal(self.committed)


class Scheme(TimeStampedModel):
    """A way of giving money from a fund, with its rules as data."""

    class Kind(models.TextChoices):
        TECHNOLOGY_GRANT = "technology_grant", "Match-funded technology grant"
        INTERNSHIP = "internship", "Digital technology internship"
        LEADERSHIP = "leadership", "Leadership programme place"

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="schemes")
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    intervention_rate = models.DecimalField(max_digits=4, decimal_places=3, default=Decimal("0.5"))
    minimum_grant = money(default=ZERO)
    maximum_grant = money(default=Decimal("20000"))
    eligible_cost_types = models.JSONField(default=list, blank=True)
    hourly_rate = money(default=ZERO)
    maximum_hours = models.PositiveIntegerField(default=0)
    place_value = money(default=ZERO)
    review_criteria = models.JSONField(
        default=list, blank=True, help_text="Criteria reviewers score 0 to 5: a list of {key, title, weight}."
    )
    required_documents = models.JSONField(
        default=list, blank=True, help_text="Kinds of document every application must attach before it is submitted."
    )
    quotes_required = models.PositiveSmallIntegerField(
        default=0, help_text="Supplier quotes needed for each cost line of `quotes_above` or more; 0: none."
    )
    quotes_above = money(default=ZERO, help_text="The amount from which a cost line needs its quotes.")
    claim_months = models.PositiveSmallIntegerField(
        default=12, help_text="Months from the offer in which the company must claim."
    )
    offer_conditions = models.TextField(
        blank=True, help_text="Conditions of this scheme's offers, beyond the standard ones; one per line."
    )
    four_eyes = models.BooleanField(
        default=True, help_text="The manager who approves must not be the person who recommended."
    )
    is_open = models.BooleanField(default=True)

    class Meta:
        ordering = ["fund", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(intervention_rate__gt=ZERO) & Q(intervention_rate__lte=Decimal("1")),
                name="intervention_rate_between_0_and_1",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class GrantApplication(TimeStampedModel):
    # What the applicant answers, and may change while the application is a draft; the scheme and company stay.
    ANSWERS = (
        "title",
        "description",
        "project_key",
        "financial_year",
        "hours",
        "places",
        "expected_jobs",
        "expected_roles_upskilled",
        "expected_productivity_pct",
        "expected_energy_kwh",
    )

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        IN_REVIEW = "in_review", "In review"
        RETURNED = "returned", "Returned for changes"
        RECOMMENDED = "recommended", "Recommended"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        OFFER_ACCEPTED = "offer_accepted", "Offer accepted"
        CLAIMED = "claimed", "Claim submitted"
        CLAIM_APPROVED = "claim_approved", "Claim approved"
        PAID = "paid", "Paid"
        CLOSED = "closed", "Closed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="grant_applications")
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    project_key = models.CharField(
        max_length=100, blank=True, help_text="The roadmap item (or a short project name) the application is for."
    )
    financial_year = models.PositiveSmallIntegerField(help_text="The financial year the grant is paid from.")
    hours = models.PositiveIntegerField(default=0, help_text="Internship hours.")
    places = models.PositiveIntegerField(default=0, help_text="Leadership programme places.")
    grant_requested = money(default=ZERO)
    award = money(default=ZERO, help_text="The amount committed at approval.")
    paid = money(default=ZERO)
    expected_jobs = models.DecimalField(max_digits=7, decimal_places=1, default=ZERO)
    expected_roles_upskilled = models.PositiveIntegerField(default=0)
    expected_productivity_pct = models.DecimalField(max_digits=5, decimal_places=1, default=ZERO)
    expected_energy_kwh = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(paid__lte=F("award")), name="award_never_over_paid"),
            models.CheckConstraint(condition=Q(award__gte=ZERO) & Q(paid__gte=ZERO), name="award_not_negative"),
        ]
        indexes = [
            models.Index(fields=["updated_at", "id"], name="application_changed"),
            models.Index(fields=["scheme", "status"]),
            models.Index(fields=["company", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.company})"


class CostItem(models.Model):
    class Type(models.TextChoices):
        EQUIPMENT = "equipment", "Equipment and hardware"
        SOFTWARE = "software", "Software and licences"
        INSTALLATION = "installation", "Installation and integration"
        TRAINING = "training", "Training"
        CONSULTANCY = "consultancy", "Consultancy"
        OTHER = "other", "Other (not paid for by the scheme)"

    application = models.ForeignKey(GrantApplication, on_delete=models.CASCADE, related_name="costs")
    description = models.CharField(max_length=200)
    cost_type = models.CharField(max_length=40, choices=Type.choices)
    supplier = models.CharField(max_length=150, blank=True)
    amount = money()

    class Meta:
        ordering = ["application", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=ZERO), name="cost_amount_positive")]

    def __str__(self) -> str:
        return f"{self.description}: £{self.amount}"


class Document(TimeStampedModel):
    """A file attached to an application, stored outside the web root and served only through the policy."""

    class Kind(models.TextChoices):
        QUOTE = "quote", "Supplier quote"
        MATCH_FUNDING = "match_funding", "Evidence of match funding"
        INVOICE = "invoice", "Invoice"
        PROOF_OF_PAYMENT = "proof_of_payment", "Proof of payment"
        OTHER = "other", "Other evidence"

    application = models.ForeignKey(GrantApplication, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to="grant-documents/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["application", "created_at"]

    def __str__(self) -> str:
        return self.original_name


class Review(TimeStampedModel):
    application = models.ForeignKey(GrantApplication, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(default=dict)
    weighted_score = models.DecimalField(max_digits=5, decimal_places=2)
    comment = models.TextField(blank=True)
    visibility = models.CharField(
        "Who sees the review", max_length=10, choices=Visibility.choices, default=Visibility.STAFF
    )

    class Meta:
        ordering = ["application", "created_at"]

    def __str__(self) -> str:
        return f"Review of {self.application} by {self.reviewer}"


class PaymentRun(models.Model):
    """A batch of approved claims paid together: exported to finance, then recorded as paid in one step."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="payment_runs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"PR-{self.fund_id:03d}-{self.pk:05d}"


class Claim(TimeStampedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        PAID = "paid", "Paid"

    application = models.ForeignKey(GrantApplication, on_delete=models.PROTECT, related_name="claims")
    amount = money()
    invoice_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    payment_run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, null=True, blank=True, related_name="claims")

    class Meta:
        # For integrations' incremental sync: rows in the order they changed (`adopt.core.cursors`).
        indexes = [models.Index(fields=["updated_at", "id"], name="claim_changed")]
        ordering = ["application", "created_at"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=ZERO), name="claim_amount_positive")]

    def __str__(self) -> str:
        return f"Claim of £{self.amount} on {self.application}"


class LedgerEntry(models.Model):
    """One movement of money: a commitment at approval, a release, a payment, or money recovered. Never edited."""

    class Kind(models.TextChoices):
        COMMITMENT = "commitment", "Commitment"
        RELEASE = "release", "Release"
        PAYMENT = "payment", "Payment"
        RECOVERY = "recovery", "Recovery"

    fund_year = models.ForeignKey(FundYear, on_delete=models.PROTECT, related_name="entries")
    application = models.ForeignKey(GrantApplication, on_delete=models.PROTECT, related_name="ledger")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = money()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["fund_year", "at", "pk"]
        verbose_name_plural = "ledger entries"
        constraints = [models.CheckConstraint(condition=Q(amount__gt=ZERO), name="ledger_amount_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} £{self.amount}"


class Declaration(models.Model):
    """A statement the applicant made on submitting, in the words they were shown. Never edited."""

    application = models.ForeignKey(GrantApplication, on_delete=models.PROTECT, related_name="declarations")
    key = models.CharField(max_length=40)
    version = models.PositiveSmallIntegerField()
    text = models.TextField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField()

    class Meta:
        ordering = ["application", "made_at", "pk"]

    def __str__(self) -> str:
        return f"{self.key}@{self.version} by {self.made_by} on {self.made_at:%d %b %Y}"


class SubsidyNotice(models.Model):
    """Minimal Financial Assistance, as section 37 of the Subsidy Control Act 2022 asks: the notification before the
    award, the company's written confirmation of its headroom, and the confirmation given with the award."""

    application = models.ForeignKey(GrantApplication, on_delete=models.PROTECT, related_name="subsidy_notices")
    gross_value = money()
    limit = money(help_text="The limit in force when the notice was given.")
    window_starts = models.DateField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_name = models.CharField(max_length=150, blank=True)
    confirmed_other_mfa = money(
        null=True, blank=True, help_text="Other minimal or SPEI assistance the company confirmed in the window."
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    given_at = models.DateTimeField(null=True, blank=True, help_text="When the assistance was given: the acceptance.")
    superseded = models.BooleanField(default=False, help_text="Replaced by a later notice after a variation.")

    class Meta:
        ordering = ["application", "issued_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(gross_value__gt=ZERO), name="notice_value_positive")]

    def __str__(self) -> str:
        return f"Minimal Financial Assistance notice of £{self.gross_value} for {self.application}"


class Offer(models.Model):
    """A grant offer as issued from a versioned letter template, and its acceptance by a simple electronic
    signature (typed name and position, time and address). A variation issues a new offer to accept again."""

    application = models.ForeignKey(GrantApplication, on_delete=models.PROTECT, related_name="offers")
    number = models.PositiveSmallIntegerField(help_text="1 for the first offer, then one more per variation.")
    template = models.CharField(max_length=60, help_text="The letter template and its version, like offer@1.")
    amount = money()
    claim_deadline = models.DateField()
    conditions = models.TextField(blank=True, help_text="Every condition as offered, one per line.")
    notice = models.ForeignKey(
        "SubsidyNotice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
        help_text="The Minimal Financial Assistance notice given with the offer.",
    )
    reason = models.TextField(blank=True, help_text="Why a variation was made.")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_name = models.CharField(max_length=150, blank=True)
    accepted_position = models.CharField(max_length=150, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_from = models.GenericIPAddressField(null=True, blank=True)
    superseded = models.BooleanField(default=False)

    class Meta:
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="one_offer_per_number"),
            models.CheckConstraint(condition=Q(amount__gt=ZERO), name="offer_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"Offer {self.number} of £{self.amount} on {self.application}"

    @property
    def reference(self) -> str:
        return f"APP-{self.application_id:06d}/{self.number}"


class Recovery(models.Model):
    """Money clawed back from a paid grant, with the reason; recorded against the ledger as a recovery."""

    class Reason(models.TextChoices):
        BREACH = "breach", "Breach of the grant's conditions"
        CEASED_TRADING = "ceased_trading", "The business ceased trading"
        FALSE_INFORMATION = "false_information", "False or incomplete information"
        OVERPAYMENT = "overpayment", "Paid too much"

    application = models.ForeignKey(GrantApplication, on_delete=models.PROTECT, related_name="recoveries")
    ledger_entry = models.OneToOneField(LedgerEntry, on_delete=models.PROTECT, related_name="recovery")
    amount = money()
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["application", "recorded_at"]
        verbose_name_plural = "recoveries"
        constraints = [models.CheckConstraint(condition=Q(amount__gt=ZERO), name="recovery_amount_positive")]

    def __str__(self) -> str:
        return f"Recovery of £{self.amount} from {self.application}"
