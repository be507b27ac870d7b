"""The declarations an applicant makes on submitting, read from the versioned file in `data/`. Pure."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from adopt.core.reference_data import ReferenceDataError

CURRENT_FILE = Path(__file__).parent / "data" / "declarations@1.json"


@dataclass(frozen=True)
class DeclarationText:
    key: str
    title: str
    text: str


@dataclass(frozen=True)
class DeclarationSet:
    version: int
    items: tuple[DeclarationText, ...]

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(item.key for item in self.items)


@cache
def current_declarations() -> DeclarationSet:
    try:
        raw = json.loads(CURRENT_FILE.read_text(encoding="utf-8"))
        items = tuple(DeclarationText(d["key"], d["title"], d["text"]) for d in raw["declarations"])
        return DeclarationSet(int(raw["version"]), items)
    except (OSError, KeyError, ValueError) as error:
        raise ReferenceDataError(f"{CURRENT_FILE.name} cannot be read: {error}") from error
