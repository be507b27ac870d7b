from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0010_fewer_company_indexes"),
    ]

    operations = [
        # The new index is made before the old one goes, so lists by programme and verdict are never without one.
        migrations.AddIndex(
            model_name="company",
            index=models.Index(
                fields=["programme", "eligibility"], include=("id",), name="company_programme_eligibility"
            ),
        ),
        migrations.RemoveIndex(
            model_name="company",
            name="companies_c_program_58a2ca_idx",
        ),
    ]
