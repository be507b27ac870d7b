from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from adopt.companies.models import Company
from adopt.core.models import TimeStampedModel
from adopt.programmes.models import Programme


class CompanyBaseline(models.Model):
    """A company as it was when Adopt first knew it, kept so later changes to its record (after support) never
    change what it is matched on. Taken for every company, supported or not."""

    company = models.OneToOneField(Company, on_delete=models.CASCADE, primary_key=True, related_name="baseline")
    captured_on = models.DateField()
    staff_headcount = models.PositiveIntegerField(null=True, blank=True)
    turnover_gbp = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    primary_sic = models.CharField(max_length=5, blank=True)
    incorporated_on = models.DateField(null=True, blank=True)
    local_authority = models.CharField(max_length=9, blank=True, help_text="ONS code of the local authority.")
    maturity_score = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, help_text="The first submitted assessment's score."
    )
    maturity_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Baseline of company {self.company_id}, {self.captured_on}"


class OutcomeObservation(TimeStampedModel):
    """A company's outcome in a year, from outside Adopt: what an evaluator brings back from the ONS business
    register or Companies House accounts, for supported and unsupported companies alike."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="outcomes")
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    employees = models.DecimalField(max_digits=9, decimal_places=1, null=True, blank=True)
    turnover_gbp = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    gva_gbp = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    source = models.CharField(max_length=150, help_text="Where the figures come from, e.g. ONS BSD 2026.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "year"], name="one_outcome_a_company_year"),
            models.CheckConstraint(
                condition=Q(employees__gte=0) | Q(employees__isnull=True), name="outcome_employees_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"Outcomes of company {self.company_id} in {self.year}"


class AllocationDraw(TimeStampedModel):
    """Places in a wave given by a logged random draw: the seed and both lists are kept, so anyone can rerun the
    draw and see it was fair, and the firms not drawn are the strongest comparison group there is."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="allocation_draws")
    wave = models.CharField(max_length=100)
    places = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    seed = models.CharField(max_length=64)
    candidates = models.JSONField(help_text="Ids of the companies in the draw, in the order drawn from.")
    selected = models.JSONField(help_text="Ids of the companies given a place.")
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "wave"], name="one_draw_a_wave")]

    def __str__(self) -> str:
        return f"{self.programme} {self.wave}"
