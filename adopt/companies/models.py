from django.conf import settings
from django.db import models

from adopt.core.models import TimeStampedModel
from adopt.programmes.models import Programme


class Company(TimeStampedModel):
    """A business the programme works with, and the adviser whose caseload it is on."""

    name = models.CharField(max_length=160)
    companies_house_number = models.CharField(max_length=8, unique=True, null=True, blank=True)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="companies")
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload",
        help_text="The technology adviser assigned to this company.",
    )
    postcode = models.CharField(max_length=8, blank=True)

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["name"]
        indexes = [models.Index(fields=["programme", "name"])]

    def __str__(self) -> str:
        return self.name


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
