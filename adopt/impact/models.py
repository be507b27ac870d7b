from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from adopt.companies.models import Company
from adopt.core.models import TimeStampedModel
from adopt.funding.models import GrantApplication, money
from adopt.programmes.models import Programme


class FollowUpReport(TimeStampedModel):
    """What a funded company reports 6, 12 or 24 months after its grant was paid.

    The categories follow the manufacturing extension surveys: jobs, skills, sales, savings, investment,
    energy, productivity, satisfaction and what would have happened without support (for deadweight).
    Blank means not reported, never zero.
    """

    # What the company reports, in the order the form asks and the workbook lists it.
    OUTCOME_FIELDS = (
        "jobs_created",
        "jobs_safeguarded",
        "roles_upskilled",
        "new_sales",
        "retained_sales",
        "cost_savings",
        "investment_plant",
        "investment_it",
        "investment_training",
        "electricity_saved_kwh",
        "gas_saved_kwh",
        "productivity_pct",
        "satisfaction",
        "likely_to_recommend",
        "without_support",
    )

    class Months(models.IntegerChoices):
        SIX = 6, "6 months"
        TWELVE = 12, "12 months"
        TWENTY_FOUR = 24, "24 months"

    class WithoutSupport(models.TextChoices):
        NOT_AT_ALL = "not_at_all", "Would not have happened at all"
        LATER = "later", "Would have happened later"
        SMALLER = "smaller", "Would have happened on a smaller scale"
        ANYWAY = "anyway", "Would have happened anyway, as it did"

    application = models.ForeignKey(GrantApplication, on_delete=models.PROTECT, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(choices=Months.choices)
    reported_on = models.DateField()
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    jobs_created = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    jobs_safeguarded = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    roles_upskilled = models.PositiveIntegerField(null=True, blank=True)
    new_sales = money(null=True, blank=True)
    retained_sales = money(null=True, blank=True)
    cost_savings = money(null=True, blank=True)
    investment_plant = money(null=True, blank=True)
    investment_it = money(null=True, blank=True)
    investment_training = money(null=True, blank=True)
    electricity_saved_kwh = models.PositiveIntegerField(null=True, blank=True)
    gas_saved_kwh = models.PositiveIntegerField(null=True, blank=True)
    productivity_pct = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(10)])
    likely_to_recommend = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(10)])
    without_support = models.CharField(max_length=12, choices=WithoutSupport.choices, blank=True)

    class Meta:
        # For integrations' incremental sync: rows in the order they changed (`adopt.core.cursors`).
        indexes = [models.Index(fields=["updated_at", "id"], name="follow_up_changed")]
        ordering = ["application", "months"]
        constraints = [models.UniqueConstraint(fields=["application", "months"], name="follow_up_once_per_point")]

    def __str__(self) -> str:
        return f"{self.months}-month follow-up of {self.application}"


class CompanyMilestones(models.Model):
    """The day a company first reached each stage the funder counts, kept so dashboards count rows, not history.

    Derived from support entries, assessments, the roadmap and grant payments by `services.refresh_milestones`;
    never edited by hand.
    """

    company = models.OneToOneField(Company, on_delete=models.CASCADE, primary_key=True, related_name="milestones")
    support_hours = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal(0))
    engaged_on = models.DateField(null=True)
    assessed_on = models.DateField(null=True)
    supported_on = models.DateField(null=True)
    roadmap_on = models.DateField(null=True)
    investing_on = models.DateField(null=True)

    class Meta:
        verbose_name_plural = "company milestones"

    def __str__(self) -> str:
        return f"Milestones of {self.company}"


def _share_validators() -> list[Any]:
    return [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("0.99"))]


class ProgrammeAssumptions(models.Model):
    """A programme's own additionality and persistence, in place of Adopt's defaults, with where they came from."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="impact_assumptions")
    deadweight = models.DecimalField(max_digits=4, decimal_places=3, validators=_share_validators())
    leakage = models.DecimalField(max_digits=4, decimal_places=3, validators=_share_validators())
    displacement = models.DecimalField(max_digits=4, decimal_places=3, validators=_share_validators())
    substitution = models.DecimalField(max_digits=4, decimal_places=3, validators=_share_validators())
    multiplier = models.DecimalField(
        max_digits=4, decimal_places=2, validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(3))]
    )
    persistence_years = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(10)])
    decay = models.DecimalField(
        max_digits=4, decimal_places=3, validators=_share_validators(), help_text="Share of the benefit lost each year."
    )
    source = models.TextField(help_text="Where these figures come from: an evaluation, a business case, guidance.")

    class Meta:
        verbose_name_plural = "programme impact assumptions"

    def __str__(self) -> str:
        return f"Impact assumptions of {self.programme}"
