from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

import django.db.models.deletion

# The indexes Django made for `db_index` on these two fields. Dropped by name rather than by altering the fields:
# altering the programme's foreign key would drop and add the constraint again, checking every company while the
# table is locked.
PROGRAMME_INDEX = "companies_company_programme_id_1ec673a2"
ELIGIBILITY_INDEX = "companies_company_eligibility_0976a789"


def drop_indexes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for name in (PROGRAMME_INDEX, ELIGIBILITY_INDEX, f"{ELIGIBILITY_INDEX}_like"):
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def restore_indexes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    schema_editor.execute(f'CREATE INDEX "{PROGRAMME_INDEX}" ON "companies_company" ("programme_id")')
    schema_editor.execute(f'CREATE INDEX "{ELIGIBILITY_INDEX}" ON "companies_company" ("eligibility")')
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX "{ELIGIBILITY_INDEX}_like" ON "companies_company" ("eligibility" varchar_pattern_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0009_contact_and_next_action"),
        ("programmes", "0006_targets_by_year"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="company",
                    name="eligibility",
                    field=models.CharField(
                        choices=[
                            ("eligible", "Eligible"),
                            ("not_eligible", "Not eligible"),
                            ("needs_information", "Needs information"),
                        ],
                        default="needs_information",
                        max_length=20,
                    ),
                ),
                migrations.AlterField(
                    model_name="company",
                    name="programme",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="companies",
                        to="programmes.programme",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_indexes, restore_indexes)],
        ),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(fields=["eligibility"], name="company_eligibility"),
        ),
    ]
