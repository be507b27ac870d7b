"""Engaged now counts a roadmap agreed or a grant paid as first contact, and a grant paid counts as support, so
the stored stages nest (engaged ≤ supported ≤ investing). Both dates already stored are all this needs."""

from django.db import migrations


def _earliest(*days):
    known = [day for day in days if day is not None]
    return min(known) if known else None


def nest_stages(apps, schema_editor):
    CompanyMilestones = apps.get_model("impact", "CompanyMilestones")
    changed = []
    for row in CompanyMilestones.objects.iterator(chunk_size=5000):
        engaged = _earliest(row.engaged_on, row.roadmap_on, row.investing_on)
        supported = _earliest(row.supported_on, row.investing_on)
        if (engaged, supported) != (row.engaged_on, row.supported_on):
            row.engaged_on, row.supported_on = engaged, supported
            changed.append(row)
    CompanyMilestones.objects.bulk_update(changed, ["engaged_on", "supported_on"], batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [("impact", "0003_programme_assumptions")]

    operations = [migrations.RunPython(nest_stages, migrations.RunPython.noop)]
