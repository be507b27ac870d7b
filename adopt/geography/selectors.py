from django.db.models import QuerySet

from adopt.geography.models import Area


def programme_area_choices() -> QuerySet[Area]:
    """Areas a programme may cover: regions and sub-regions, and local authorities for fine-grained reach."""
    return Area.objects.exclude(level=Area.Level.COUNTRY).select_related("parent").order_by("level", "name")
