from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from adopt.companies.models import Company
from adopt.core.models import TimeStampedModel


def budget(help_text: str) -> models.DecimalField:  # type: ignore[type-arg]  # the stub's generic has no default
    return models.DecimalField(
        max_digits=12, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)], help_text=help_text
    )


class Roadmap(TimeStampedModel):
    """A company's digital roadmap: the choices that drive planning, and the plan's versions.

    The settings here (objectives, cost profile, budgets, pins, exclusions) are what an adviser edits;
    each planning run stores a `RoadmapVersion` with the inputs it used and the plan it produced.
    """

    class ItemStatus(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="roadmap")
    objectives = models.JSONField(default=list, blank=True, help_text="Keys of the objectives the company chose.")
    cost_profile = models.JSONField(default=dict, blank=True, help_text="Percentage of costs per cost area.")
    budget_now = budget("What the company can put in during the first 6 months, after grant.")
    budget_next = budget("What the company can put in from month 6 to month 18, after grant.")
    budget_later = budget("What the company can put in from month 18 to month 36, after grant.")
    projects_at_once = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Most projects the company can run in one phase; empty for the usual limits."
    )
    pins = models.JSONField(default=dict, blank=True, help_text="Technology key → phase index, or null for any phase.")
    exclusions = models.JSONField(default=list, blank=True)
    item_status = models.JSONField(default=dict, blank=True, help_text="Technology key → planned, in progress or done.")
    electricity_kwh = models.PositiveIntegerField(null=True, blank=True, help_text="Electricity used in a year.")
    gas_kwh = models.PositiveIntegerField(null=True, blank=True, help_text="Natural gas used in a year.")
    agreed_version = models.ForeignKey(
        "RoadmapVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agreed_for_company_by = models.CharField(
        max_length=150,
        blank=True,
        help_text="Who at the company agreed, when the adviser recorded an agreement given outside Adopt.",
    )
    # The adviser proposes a version; the company agrees to it.
    proposed_version = models.ForeignKey(
        "RoadmapVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Roadmap for {self.company}"

    @property
    def budgets(self) -> tuple[Decimal, Decimal, Decimal]:
        return (self.budget_now, self.budget_next, self.budget_later)


class RoadmapVersion(TimeStampedModel):
    """One planning run: the inputs it used and the plan, kept unchanged so versions can be compared."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=200, blank=True)
    catalogue = models.CharField(max_length=40)
    inputs = models.JSONField()
    plan = models.JSONField()
    total_gross = models.DecimalField(max_digits=14, decimal_places=2)
    total_grant = models.DecimalField(max_digits=14, decimal_places=2)
    total_net = models.DecimalField(max_digits=14, decimal_places=2)
    items = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["roadmap", "-number"]
        constraints = [models.UniqueConstraint(fields=["roadmap", "number"], name="roadmap_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.roadmap} — version {self.number}"


class PublishedCatalogue(models.Model):
    """A version of the technology catalogue or of the planning rules published from Adopt's pages: who published
    it, when, and what changed.

    The file itself is kept with the published versions (`catalogue.published_dir`), so every process reads it as
    it reads the versions shipped with Adopt."""

    class Kind(models.TextChoices):
        TECHNOLOGIES = "technologies", "Technology catalogue"
        PLANNING = "planning", "Planning rules"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TECHNOLOGIES)
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    changes = models.JSONField(default=list, help_text="What changed from the version before, in words.")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-number"]
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="one_published_version_per_kind")]

    def __str__(self) -> str:
        return f"{self.title}, version {self.number}"
