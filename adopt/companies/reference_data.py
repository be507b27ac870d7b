"""Loads UK SIC 2007 from `data/sic2007_hierarchy.csv` into `SicCode`, idempotently."""

from pathlib import Path

from django.db import transaction

from adopt.companies.models import SicCode
from adopt.core.reference_data import read_csv_rows

DATA_DIR = Path(__file__).resolve().parent / "data"


@transaction.atomic
def load_sic_codes(path: Path = DATA_DIR / "sic2007_hierarchy.csv") -> int:
    existing = set(SicCode.objects.values_list("code", flat=True))
    rows = [
        SicCode(
            code=row["code"],
            level=row["level"],
            description=row["description"],
            section=row["section"],
            division=row["division"],
            is_manufacturing=row["is_manufacturing"] == "Y",
        )
        for row in read_csv_rows(path, {"code", "level", "description", "section", "division", "is_manufacturing"})
    ]
    SicCode.objects.bulk_create([row for row in rows if row.code not in existing])
    SicCode.objects.bulk_update(
        [row for row in rows if row.code in existing],
        ["level", "description", "section", "division", "is_manufacturing"],
    )
    return len(rows)
