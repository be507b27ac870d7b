"""New versions of the technology catalogue, published from Adopt's pages: an uploaded file is checked against the
catalogue's schema and the planning rules exactly as the shipped files are, its changes from the latest version are
set out in words, and, once published, every roadmap can be re-planned with it by a background job."""

import json
import os
import tempfile
from pathlib import Path

from django.db import transaction
from pydantic import ValidationError

from adopt.accounts.models import User
from adopt.roadmaps.catalogue import (
    Catalogue,
    CatalogueError,
    catalogue,
    catalogue_paths,
    check_catalogue,
    planning_rules,
    published_catalogue_dir,
)
from adopt.roadmaps.models import PublishedCatalogue

MAX_BYTES = 2_000_000


def next_number() -> int:
    return max(catalogue_paths(), default=0) + 1


def catalogue_from_upload(raw: bytes) -> Catalogue:
    """The uploaded file as the next catalogue version, or CatalogueError saying what is wrong and where."""
    if len(raw) > MAX_BYTES:
        raise CatalogueError("The file is over 2 MB: a catalogue is a few hundred kilobytes of JSON.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CatalogueError(f"The file is not JSON in UTF-8: {error}.") from None
    try:
        chosen = Catalogue.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}" for problem in error.errors()[:10]
        )
        raise CatalogueError(f"The file does not follow the catalogue's schema: {problems}.") from None
    expected = next_number()
    if chosen.key != "technologies" or chosen.version != expected:
        raise CatalogueError(
            f"The file says {chosen.label}; the next version is technologies@{expected}. Set its key to "
            f'"technologies" and its version to {expected}.'
        )
    check_catalogue(chosen, planning_rules(), Path(f"{chosen.label}.json"))
    return chosen


def catalogue_changes(before: Catalogue, after: Catalogue) -> list[str]:
    """What a new version changes, technology by technology, in the catalogue's own names."""
    old, new = before.by_key, after.by_key
    changes = [f"Added: {new[key].name}" for key in new if key not in old]
    changes += [f"Removed: {old[key].name}" for key in old if key not in new]
    for key in new:
        if key in old and old[key] != new[key]:
            fields = [
                name for name in type(new[key]).model_fields if getattr(old[key], name) != getattr(new[key], name)
            ]
            changes.append(f"Changed: {new[key].name} ({', '.join(field.replace('_', ' ') for field in fields)})")
    if before.sources != after.sources:
        changes.append("Sources changed")
    return changes or ["Nothing changed in the technologies"]


@transaction.atomic
def catalogue_publish(raw: bytes, *, actor: User) -> PublishedCatalogue:
    """Check the file again, keep it with the published versions and record who published it and what changed."""
    chosen = catalogue_from_upload(raw)
    changes = catalogue_changes(catalogue(), chosen)
    directory = published_catalogue_dir()
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{chosen.label}.json"
    if target.exists():
        raise CatalogueError(f"{chosen.label} is already published.")
    record = PublishedCatalogue.objects.create(
        number=chosen.version, title=chosen.title, changes=changes, published_by=actor
    )
    # Written whole, then moved into place: no process reads half a catalogue.
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    with os.fdopen(handle, "wb") as file:
        file.write(raw)
    os.replace(temporary, target)
    return record
