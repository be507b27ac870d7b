from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0008_last_contact_from_support"),
    ]

    operations = [
        # The new index is made before the old one goes, so a company's entries are never without one.
        migrations.AddIndex(
            model_name="supportentry",
            index=models.Index(
                fields=["company", "delivered_on"], include=("hours",), name="support_entry_company_day"
            ),
        ),
        migrations.RemoveIndex(
            model_name="supportentry",
            name="support_sup_company_176675_idx",
        ),
    ]
