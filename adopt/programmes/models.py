import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from adopt.core.models import TimeStampedModel
from adopt.geography.models import Area


class Programme(TimeStampedModel):
    """A regional programme: the areas it serves, the period it runs and what it has promised its funder."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.TextField(blank=True)
    region = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="led_programmes",
        limit_choices_to={"level": Area.Level.REGION},
        help_text="The ITL1 region the programme reports under.",
    )
    areas = models.ManyToManyField(
        Area, related_name="programmes", help_text="Regions, sub-regions or local authorities the programme serves."
    )
    starts_on = models.DateField()
    ends_on = models.DateField()

    # Eligibility settings: the EU SME definition (Recommendation 2003/361/EC) by default; a programme's funding
    # agreement may set its own. The subsidy-control limit is the law's (`companies/subsidy_control.py`), not a setting.
    sme_max_staff = models.PositiveIntegerField(default=250, help_text="A company must have fewer staff than this.")
    sme_max_turnover_eur = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("50000000"))
    sme_max_balance_sheet_eur = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("43000000"))
    eur_to_gbp_rate = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        default=Decimal("0.85"),
        help_text="Pounds per euro used to convert the SME thresholds; set the rate your funder specifies.",
    )
    eur_to_gbp_rate_date = models.DateField(
        default=datetime.date(2025, 11, 1), help_text="The date the conversion rate refers to."
    )
    extra_sic_codes = models.JSONField(
        default=list, blank=True, help_text="Five-digit SIC codes outside divisions 10 to 33 the programme accepts."
    )
    privacy_notice = models.TextField(
        blank=True, help_text="How this programme uses personal data; shown on the privacy page."
    )
    contact_email = models.EmailField(
        blank=True, help_text="Where businesses write to the programme; shown on the help page and in messages."
    )
    contact_phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="programme_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    """A figure the programme has committed to deliver over its period."""

    class Metric(models.TextChoices):
        COMPANIES_SUPPORTED = "companies_supported", "Companies supported"
        COMPANIES_INVESTING = "companies_investing", "Companies investing"
        JOBS_CREATED = "jobs_created", "Jobs created"
        ROLES_UPSKILLED = "roles_upskilled", "Roles upskilled"
        GVA_GBP = "gva_gbp", "Additional GVA (£)"
        CO2E_TONNES = "co2e_tonnes", "CO2e saved (tonnes)"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField(max_length=30, choices=Metric.choices)
    value = models.DecimalField(max_digits=16, decimal_places=2)
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The financial year (the year it starts in) this target is for; empty for the whole period.",
    )

    class Meta:
        ordering = ["programme", "metric", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "metric"], condition=Q(year__isnull=True), name="one_target_per_metric"
            ),
            models.UniqueConstraint(
                fields=["programme", "metric", "year"], condition=Q(year__isnull=False), name="one_target_per_year"
            ),
            models.CheckConstraint(condition=Q(value__gte=Decimal("0")), name="target_not_negative"),
        ]

    def __str__(self) -> str:
        when = f" in {self.year}/{str(self.year + 1)[-2:]}" if self.year else ""
        return f"{self.programme}: {self.get_metric_display()} {self.value}{when}"


class ProgrammeStaff(models.Model):
    """A person's role in one programme. A person can hold several roles, and work in several programmes."""

    class Role(models.TextChoices):
        ADVISER = "adviser", "Technology adviser"
        MANAGER = "manager", "Programme manager"
        EVALUATOR = "evaluator", "Evaluator"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_roles")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        verbose_name_plural = "programme staff"
        ordering = ["programme", "role", "user"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "user", "role"], name="one_role_per_person_per_programme"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.programme}"
