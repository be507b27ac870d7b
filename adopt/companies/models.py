from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from adopt.core.models import TimeStampedModel
from adopt.geography.models import Area
from adopt.programmes.models import Programme


class SicCode(models.Model):
    """One entry of UK SIC 2007 at any level: section, division, group, class or five-digit subclass."""

    class Level(models.TextChoices):
        SECTION = "section", "Section"
        DIVISION = "division", "Division"
        GROUP = "group", "Group"
        CLASS = "class", "Class"
        SUBCLASS = "subclass", "Subclass"

    code = models.CharField(max_length=5, primary_key=True)
    level = models.CharField(max_length=10, choices=Level.choices)
    description = models.CharField(max_length=255)
    section = models.CharField(max_length=1)
    division = models.CharField(max_length=2, blank=True)
    is_manufacturing = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = "SIC 2007 code"

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class FactSource(models.TextChoices):
    """Who told the programme a fact about a company; verdicts name it, so a declared fact never reads as checked."""

    UNKNOWN = "", "Not recorded"
    COMPANIES_HOUSE = "companies_house", "Companies House"
    BUSINESS = "business", "Declared by the business"
    ADVISER = "adviser", "Recorded by programme staff"


# Which fields make up each fact whose source is kept.
SOURCED_FACTS = {
    "status_source": ("status",),
    "sic_source": ("sic_codes",),
    "size_source": ("staff_headcount", "turnover_gbp", "balance_sheet_gbp", "financials_year"),
}


class Company(TimeStampedModel):
    """A business the programme works with, as Companies House and the business itself describe it."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        STRIKE_OFF = "strike_off", "Active - proposal to strike off"
        DISSOLVED = "dissolved", "Dissolved"
        LIQUIDATION = "liquidation", "In liquidation"
        ADMINISTRATION = "administration", "In administration"
        RECEIVERSHIP = "receivership", "In receivership"
        VOLUNTARY_ARRANGEMENT = "voluntary_arrangement", "Voluntary arrangement"
        INSOLVENCY = "insolvency", "Insolvency proceedings"
        CLOSED = "closed", "Converted or closed"
        UNKNOWN = "unknown", "Not known"

    class Eligibility(models.TextChoices):
        ELIGIBLE = "eligible", "Eligible"
        NOT_ELIGIBLE = "not_eligible", "Not eligible"
        NEEDS_INFORMATION = "needs_information", "Needs information"

    name = models.CharField(max_length=160)
    companies_house_number = models.CharField(max_length=8, unique=True, null=True, blank=True)
    # Not indexed alone: the indexes below that start with the programme serve its lookups, and each index a
    # national import keeps up costs it time.
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="companies", db_index=False)
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload",
        help_text="The technology adviser assigned to this company.",
    )
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.UNKNOWN)
    company_category = models.CharField(max_length=100, blank=True)
    incorporated_on = models.DateField(null=True, blank=True)
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    post_town = models.CharField(max_length=100, blank=True)
    county = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    local_authority = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    region = models.ForeignKey(Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False)
    sic_codes = models.JSONField(default=list, blank=True, help_text="Up to four SIC 2007 codes; the first is primary.")
    primary_sic = models.CharField(max_length=5, blank=True, db_index=True, editable=False)
    staff_headcount = models.PositiveIntegerField(null=True, blank=True)
    turnover_gbp = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    balance_sheet_gbp = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    financials_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year of the accounts the staff and money figures come from."
    )
    subsidy_declared_on = models.DateField(
        null=True, blank=True, help_text="When the company last declared the subsidies it has received."
    )
    notes = models.TextField(blank=True)
    # Kept so an evaluator can match the company to the ONS business register, which is keyed by VAT and PAYE.
    vat_number = models.CharField(max_length=12, blank=True, help_text="9 or 12 digits, without GB.")
    paye_reference = models.CharField(max_length=14, blank=True, help_text="Like 123/AB45678.")
    status_source = models.CharField(max_length=20, choices=FactSource.choices, blank=True, default="")
    sic_source = models.CharField(max_length=20, choices=FactSource.choices, blank=True, default="")
    size_source = models.CharField(
        max_length=20,
        choices=FactSource.choices,
        blank=True,
        default="",
        help_text="Where the staff headcount, turnover and balance sheet figures came from.",
    )
    facts_declared_at = models.DateTimeField(
        null=True, blank=True, help_text="When the business last changed facts that an adviser has not yet confirmed."
    )
    eligibility = models.CharField(max_length=20, choices=Eligibility.choices, default=Eligibility.NEEDS_INFORMATION)
    eligibility_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Kept by the services that record contact, so the caseload sorts by them from an index.
    last_contact_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="The latest call, visit, email, meeting or support given."
    )
    next_action = models.CharField(max_length=200, blank=True, help_text="What the adviser does next.")
    next_action_due = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["name"]
        indexes = [
            models.Index(fields=["updated_at", "id"], name="company_changed"),
            models.Index(fields=["programme", "name"]),
            # Lists order by name without regard to case, then by id so paging is stable.
            models.Index(Lower("name"), models.F("id"), name="company_name_order"),
            # Carrying the id lets PostgreSQL list a programme's companies from the index alone, without reading
            # the table: every figure of a programme joins its companies this way.
            models.Index(fields=["programme", "eligibility"], include=["id"], name="company_programme_eligibility"),
            # A plain index: the verdict is never matched by pattern, so no second, LIKE-ready copy.
            models.Index(fields=["eligibility"], name="company_eligibility"),
            models.Index(fields=["programme", "primary_sic"]),
            models.Index(fields=["last_contact_at", "id"], name="company_last_contact"),
            models.Index(fields=["next_action_due", "id"], name="company_next_action_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(turnover_gbp__gte=Decimal("0")), name="turnover_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def declared_facts(self) -> list[str]:
        """Labels of the facts the business declared that an adviser has not confirmed yet."""
        labels = {"status_source": "status", "sic_source": "SIC codes", "size_source": "staff and accounts figures"}
        return [label for field, label in labels.items() if getattr(self, field) == FactSource.BUSINESS]

    def save(self, *args: object, **kwargs: object) -> None:
        self.primary_sic = self.sic_codes[0] if self.sic_codes else ""
        super().save(*args, **kwargs)  # type: ignore[arg-type]  # passes Django's own arguments through


class Site(TimeStampedModel):
    """A place where the company trades or makes things, besides its registered office."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(max_length=120)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8)

    class Meta:
        ordering = ["company", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.postcode}"


class Contact(TimeStampedModel):
    """A person at the company the programme talks to. Every field but `role` is personal data."""

    PERSONAL_DATA_FIELDS = ("name", "email", "phone")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    # Typed by whoever enquired, not put on the record by the programme: never sent a code to join the company.
    from_enquiry = models.BooleanField(default=False)

    class Meta:
        ordering = ["company", "name"]

    def __str__(self) -> str:
        return self.name


class SubsidyReceipt(TimeStampedModel):
    """Public money the company has declared under the subsidy-control allowance (Minimal Financial Assistance)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="subsidies")
    granted_on = models.DateField()
    amount_gbp = models.DecimalField(max_digits=14, decimal_places=2)
    grantor = models.CharField(max_length=150)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["company", "-granted_on"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_gbp__gt=Decimal("0")), name="subsidy_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"£{self.amount_gbp} from {self.grantor} on {self.granted_on}"


class CompanyMembership(TimeStampedModel):
    """A person who acts for a company: an owner, an operations or a finance lead."""

    class Role(models.TextChoices):
        OWNER = "owner", "Owner or director"
        MEMBER = "member", "Colleague"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["company", "user"]
        constraints = [models.UniqueConstraint(fields=["company", "user"], name="one_membership_per_person")]

    def __str__(self) -> str:
        return f"{self.user} at {self.company}"


class AssignmentRule(models.Model):
    """How a programme gives a company that arrives without an adviser one: by hand, in turn, or by where it is."""

    class Method(models.TextChoices):
        MANUAL = "manual", "By hand: companies wait in the unassigned queue"
        IN_TURN = "in_turn", "In turn: the adviser with the fewest companies"
        BY_LOCAL_AUTHORITY = "by_local_authority", "By local authority, and in turn where none is named"

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="assignment_rule")
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.MANUAL)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.programme}: {self.get_method_display()}"


class AdviserPatch(models.Model):
    """The adviser who takes a programme's new companies in one local authority."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="adviser_patches")
    local_authority = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="+", limit_choices_to={"level": Area.Level.LOCAL_AUTHORITY}
    )
    adviser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="patches")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "local_authority"], name="one_adviser_per_patch")]

    def __str__(self) -> str:
        return f"{self.local_authority}: {self.adviser}"
