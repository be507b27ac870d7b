import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from adopt.companies.models import Company
from adopt.core.models import TimeStampedModel
from adopt.core.visibility import Visibility
from adopt.programmes.models import Programme


class SupportEntry(TimeStampedModel):
    """One interaction of the programme with a company: who, when, what kind, how long."""

    class Kind(models.TextChoices):
        DIAGNOSTIC = "diagnostic", "Diagnostic"
        WORKSHOP = "workshop", "Workshop"
        ROADMAP_SESSION = "roadmap_session", "Roadmap session"
        ONE_TO_ONE = "one_to_one", "One-to-one advice"
        EVENT = "event", "Event"
        FOLLOW_UP = "follow_up", "Follow-up"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="support_entries")
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    delivered_on = models.DateField()
    hours = models.DecimalField(
        max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(100)]
    )
    notes = models.TextField(blank=True)
    visibility = models.CharField(
        "Who sees the notes",
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.STAFF,
        help_text="The company sees the date, kind and hours of all support; the notes only when shared.",
    )

    class Meta:
        ordering = ["company", "-delivered_on", "-pk"]
        indexes = [
            models.Index(fields=["updated_at", "id"], name="support_entry_changed"),
            # Carrying the hours lets PostgreSQL run a company's hours in date order (the day a company reached
            # the supported minimum) from the index alone.
            models.Index(fields=["company", "delivered_on"], include=["hours"], name="support_entry_company_day"),
            models.Index(fields=["delivered_on"]),
        ]
        constraints = [models.CheckConstraint(condition=models.Q(hours__gt=0), name="support_entry_hours_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.company} on {self.delivered_on}"


class UpskilledRole(TimeStampedModel):
    """An existing role at the company whose holder completed training through the programme."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="upskilled_roles")
    role = models.CharField(max_length=120)
    training = models.CharField(max_length=200)
    provider = models.CharField(max_length=150)
    completed_on = models.DateField()

    class Meta:
        ordering = ["company", "-completed_on"]
        indexes = [models.Index(fields=["completed_on"])]

    def __str__(self) -> str:
        return f"{self.role} at {self.company}: {self.training}"


class SupportedRule(models.Model):
    """When a programme counts a company as supported: enough hours of support, or an agreed roadmap."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="supported_rule")
    minimum_hours = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("12"))
    roadmap_counts = models.BooleanField(default=True, help_text="An agreed roadmap counts as support on its own.")

    def __str__(self) -> str:
        return f"Supported rule for {self.programme}"


class Internship(TimeStampedModel):
    """A student placed with the company on a digital technology internship, and how it ended."""

    class Outcome(models.TextChoices):
        ONGOING = "ongoing", "Ongoing"
        COMPLETED = "completed", "Completed"
        JOB_OFFER = "job_offer", "Completed with a job offer"
        LEFT_EARLY = "left_early", "Left early"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="internships")
    student = models.CharField(max_length=150, help_text="Kept in Adopt only; never exported.")
    hours = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    hourly_rate = models.DecimalField(max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.ONGOING)

    class Meta:
        ordering = ["company", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="internship_ends_after_it_starts",
                violation_error_message="An internship cannot end before it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"Internship at {self.company} from {self.starts_on}"


class LeadershipCohort(TimeStampedModel):
    """A group of business leaders taking the programme's leadership course together over a number of sessions."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="leadership_cohorts")
    name = models.CharField(max_length=150)
    provider = models.CharField(max_length=150)
    starts_on = models.DateField()
    ends_on = models.DateField()
    sessions = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(52)])
    sessions_to_complete = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], help_text="Sessions a leader must attend to complete the course."
    )

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="cohort_ends_after_it_starts",
                violation_error_message="A cohort cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=models.Q(sessions_to_complete__lte=models.F("sessions")),
                name="cohort_completion_within_sessions",
                violation_error_message="Completing cannot take more sessions than the course has.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on:%b %Y})"


class CohortPlace(TimeStampedModel):
    """A leader from a company on a cohort, by role (never by name), and how many sessions they attended."""

    cohort = models.ForeignKey(LeadershipCohort, on_delete=models.CASCADE, related_name="places")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="leadership_places")
    participant_role = models.CharField(max_length=120, help_text="For example Managing director.")
    sessions_attended = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["cohort", "company__name", "participant_role"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "company", "participant_role"],
                name="one_place_per_role_per_cohort",
                violation_error_message="This company already has a place for that role on the cohort.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_role} of {self.company} on {self.cohort}"


class Booking(TimeStampedModel):
    """A visit booked with a company: a diagnostic or a review, when, where and with which adviser.

    Each change raises `sequence`, so the calendar invitation sent with it replaces the one before (RFC 5545)."""

    class Kind(models.TextChoices):
        DIAGNOSTIC = "diagnostic", "Diagnostic visit"
        REVIEW = "review", "Roadmap review visit"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="bookings")
    adviser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.DIAGNOSTIC)
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(
        default=120, validators=[MinValueValidator(15), MaxValueValidator(8 * 60)], help_text="How long, in minutes."
    )
    place = models.CharField(max_length=300, help_text="The address, or how to join a call.")
    notes = models.TextField(blank=True, help_text="What to prepare; shared with the company.")
    sequence = models.PositiveSmallIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["adviser", "starts_at"]), models.Index(fields=["company", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.company} on {self.starts_at:%d %b %Y %H:%M}"

    @property
    def ends_at(self) -> "datetime.datetime":
        return self.starts_at + datetime.timedelta(minutes=self.minutes)


class Activity(models.Model):
    """One piece of casework with a company: a call, visit, email, meeting or note, when, how long and by whom."""

    class Kind(models.TextChoices):
        CALL = "call", "Call"
        VISIT = "visit", "Visit"
        EMAIL = "email", "Email"
        MEETING = "meeting", "Meeting"
        NOTE = "note", "Note"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    happened_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(24 * 60)])
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField()
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "activities"
        ordering = ["-happened_at", "-pk"]
        indexes = [models.Index(fields=["company", "-happened_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.company} on {self.happened_at:%d %b %Y}"
