"""Reading the versioned reference data files each app ships in its `data/` folder."""

import csv
from collections.abc import Iterator
from pathlib import Path


class ReferenceDataError(Exception):
    """A reference data file is missing or holds a row that cannot be used."""


def read_csv_rows(path: Path, required_columns: set[str]) -> Iterator[dict[str, str]]:
    """Yield each row of a UTF-8 CSV file, checking its header names the columns the loader needs."""
    if not path.exists():
        raise ReferenceDataError(f"Reference data file {path} is missing.")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = required_columns - set(reader.fieldnames or [])
        if missing:
            raise ReferenceDataError(f"{path.name} lacks the columns {', '.join(sorted(missing))}.")
        for row in reader:
            yield {key: (value or "").strip() for key, value in row.items() if key is not None}
