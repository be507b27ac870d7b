from django.conf import settings
from django.db import models

from adopt.companies.models import Company
from adopt.core.models import TimeStampedModel


class Assessment(TimeStampedModel):
    """One completed or in-progress assessment of a company with one framework version.

    Raw answers are kept, so any assessment can be re-scored; the scores are stored for fast reading and
    benchmarking, and say which framework version produced them.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        SUBMITTED = "submitted", "Submitted"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="assessments")
    framework_key = models.CharField(max_length=60)
    framework_version = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answers = models.JSONField(default=dict, blank=True)
    evidence = models.JSONField(default=dict, blank=True, help_text="The assessor's notes and evidence per dimension.")
    submitted_at = models.DateTimeField(null=True, blank=True)
    dimension_scores = models.JSONField(default=dict, blank=True)
    overall_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    overall_band = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["company", "-submitted_at", "-created_at"]
        indexes = [
            models.Index(fields=["updated_at", "id"], name="assessment_changed"),
            models.Index(fields=["framework_key", "status"]),
            models.Index(fields=["company", "framework_key", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.company} — {self.framework_key}@{self.framework_version} ({self.get_status_display()})"
