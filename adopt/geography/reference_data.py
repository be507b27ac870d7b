"""Loads the geography reference files in `data/` into `Area` rows, idempotently."""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from adopt.core.reference_data import ReferenceDataError, read_csv_rows
from adopt.geography.models import Area, PostcodeSectorShare

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class GeographyLoadSummary:
    nations_and_regions: int
    local_authorities: int
    subregions: int
    postcode_sectors: int


@transaction.atomic
def load_geography(data_dir: Path = DATA_DIR) -> GeographyLoadSummary:
    """Create or update every area in the geography files and return how many of each were loaded."""
    regions = _load_nations_and_regions(data_dir / "nations_and_regions.csv")
    local_authorities = _load_local_authorities(data_dir, regions)
    subregions = _load_subregions(data_dir / "subregions.csv", regions, local_authorities)
    sectors = _load_postcode_sectors(data_dir / "postcode_sector_lad_nov2025.csv", local_authorities)
    return GeographyLoadSummary(len(regions), len(local_authorities), subregions, sectors)


def _load_nations_and_regions(path: Path) -> dict[str, Area]:
    areas: dict[str, Area] = {}
    for row in read_csv_rows(path, {"code", "name", "level", "parent_code"}):
        parent = areas.get(row["parent_code"]) if row["parent_code"] else None
        if row["parent_code"] and parent is None:
            raise ReferenceDataError(
                f"{path.name}: {row['code']} names parent {row['parent_code']} before it is defined."
            )
        areas[row["code"]], _ = Area.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "level": row["level"], "parent": parent}
        )
    return areas


def _load_local_authorities(data_dir: Path, regions: dict[str, Area]) -> dict[str, Area]:
    names = {
        row["lad_code"]: row["name"]
        for row in read_csv_rows(data_dir / "local_authority_names_2025.csv", {"lad_code", "name"})
    }
    existing = {area.code: area for area in Area.objects.filter(level=Area.Level.LOCAL_AUTHORITY)}
    to_create: list[Area] = []
    to_update: list[Area] = []
    for row in read_csv_rows(data_dir / "local_authority_region_2025.csv", {"lad_code", "itl1"}):
        region = regions.get(row["itl1"])
        if region is None:
            raise ReferenceDataError(f"Local authority {row['lad_code']} names unknown region {row['itl1']}.")
        area = existing.get(row["lad_code"]) or Area(code=row["lad_code"], level=Area.Level.LOCAL_AUTHORITY)
        area.name = names.get(row["lad_code"], f"Local authority {row['lad_code']}")
        area.parent = region
        (to_update if area.pk else to_create).append(area)
    Area.objects.bulk_create(to_create)
    Area.objects.bulk_update(to_update, ["name", "parent"])
    return {area.code: area for area in Area.objects.filter(level=Area.Level.LOCAL_AUTHORITY)}


def _load_subregions(path: Path, regions: dict[str, Area], local_authorities: dict[str, Area]) -> int:
    count = 0
    for row in read_csv_rows(path, {"code", "name", "parent_code", "local_authority_codes"}):
        members = []
        for code in row["local_authority_codes"].split():
            if code not in local_authorities:
                raise ReferenceDataError(f"Sub-region {row['code']} names unknown local authority {code}.")
            members.append(local_authorities[code])
        subregion, _ = Area.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "level": Area.Level.SUBREGION, "parent": regions[row["parent_code"]]},
        )
        subregion.local_authorities.set(members)
        count += 1
    return count


def _load_postcode_sectors(path: Path, local_authorities: dict[str, Area]) -> int:
    """Replace the postcode sector table wholesale: it is reference data, never edited by hand."""
    rows = []
    for line, row in enumerate(read_csv_rows(path, {"sector", "lad_code", "postcodes"}), start=2):
        authority = local_authorities.get(row["lad_code"])
        if authority is None:
            raise ReferenceDataError(f"{path.name} line {line}: unknown local authority {row['lad_code']}.")
        district = row["sector"].split(" ")[0]
        rows.append(
            PostcodeSectorShare(
                sector=row["sector"],
                district=district,
                area="".join(ch for ch in district[:2] if ch.isalpha()),
                local_authority=authority,
                postcodes=int(row["postcodes"]),
            )
        )
    PostcodeSectorShare.objects.all().delete()
    PostcodeSectorShare.objects.bulk_create(rows, batch_size=2000)
    return len({row.sector for row in rows})
