"""Who a piece of staff work is written for: the programme's staff alone, or the company too."""

from django.db import models


class Visibility(models.TextChoices):
    STAFF = "staff", "Programme staff only"
    COMPANY = "company", "Shared with the company"
