from django.db import models


class TimeStampedModel(models.Model):
    """Base for every table whose rows people create and change."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
