import datetime

from django.db import migrations
from django.db.models import Max
from django.utils import timezone


def last_contact_from_support(apps, schema_editor):
    """Companies helped before contact was kept: their latest support counts as their last contact, at midday."""
    Company = apps.get_model("companies", "Company")
    SupportEntry = apps.get_model("support", "SupportEntry")
    latest = SupportEntry.objects.values("company_id").annotate(day=Max("delivered_on"))
    changed = []
    for row in latest.iterator(chunk_size=2000):
        at = timezone.make_aware(datetime.datetime.combine(row["day"], datetime.time(12)))
        changed.append(Company(pk=row["company_id"], last_contact_at=at))
        if len(changed) >= 2000:
            Company.objects.bulk_update(changed, ["last_contact_at"])
            changed = []
    if changed:
        Company.objects.bulk_update(changed, ["last_contact_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0009_contact_and_next_action"),
        ("support", "0007_activity"),
    ]

    operations = [migrations.RunPython(last_contact_from_support, migrations.RunPython.noop)]
