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

    class Meta:
        ordering = ["programme", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "metric"], name="one_target_per_metric"),
            models.CheckConstraint(condition=Q(value__gte=Decimal("0")), name="target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.get_metric_display()} {self.value}"


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
