"""New versions of the technology catalogue and of the planning rules, published from Adopt's pages: an uploaded
file is checked exactly as the shipped files are (its schema, its references to the framework, a catalogue against
the rules and the rules against the latest catalogue), its changes from the latest version are set out in words,
and, once published, it plans new roadmaps and every roadmap can be re-planned with it by a background job."""

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.db import transaction
from pydantic import ValidationError

from adopt.accounts.models import User
from adopt.roadmaps.catalogue import (
    Catalogue,
    CatalogueError,
    Planning,
    Technology,
    catalogue,
    check_catalogue,
    check_planning,
    planning_rules,
    published_dir,
    versioned_paths,
)
from adopt.roadmaps.models import PublishedCatalogue

MAX_BYTES = 2_000_000
Kind = PublishedCatalogue.Kind
Reference = Catalogue | Planning


def next_number(key: str) -> int:
    return max(versioned_paths(key), default=0) + 1


def _parsed(raw: bytes) -> dict[str, Any]:
    if len(raw) > MAX_BYTES:
        raise CatalogueError("The file is over 2 MB: a catalogue or planning file is a few hundred kilobytes of JSON.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CatalogueError(f"The file is not JSON in UTF-8: {error}.") from None
    if not isinstance(data, dict) or data.get("key") not in Kind.values:
        raise CatalogueError('The "key" must be "technologies" (the catalogue) or "planning" (the rules).')
    return data


def _validated(model: type[Catalogue] | type[Planning], data: dict[str, Any]) -> Reference:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}" for problem in error.errors()[:10]
        )
        raise CatalogueError(f"The file does not follow the schema: {problems}.") from None


def reference_from_upload(raw: bytes) -> Reference:
    """The uploaded file as the next version of what it holds, or CatalogueError saying what is wrong and where."""
    data = _parsed(raw)
    key = data["key"]
    chosen = _validated(Catalogue if key == Kind.TECHNOLOGIES else Planning, data)
    expected = next_number(key)
    if chosen.version != expected:
        raise CatalogueError(
            f"The file says {chosen.label}; the next version is {key}@{expected}. Set its version to {expected}."
        )
    path = Path(f"{chosen.label}.json")
    if isinstance(chosen, Catalogue):
        check_catalogue(chosen, planning_rules(), path)
    else:
        check_planning(chosen, path)
        check_catalogue(catalogue(), chosen, Path(f"{catalogue().label}.json with {path.name}"))
    return chosen


def reference_changes(after: Reference) -> list[str]:
    """What a new version changes from the latest: technology by technology for the catalogue, rule by rule else."""
    if isinstance(after, Catalogue):
        return catalogue_changes(catalogue(), after)
    before = planning_rules()
    fields = [name for name in Planning.model_fields if name not in {"version", "year"}]
    changed = [name.replace("_", " ") for name in fields if getattr(before, name) != getattr(after, name)]
    return [f"Changed: {', '.join(changed)}"] if changed else ["Nothing changed in the rules"]


def catalogue_changes(before: Catalogue, after: Catalogue) -> list[str]:
    """What a new catalogue changes, technology by technology, in the catalogue's own names."""
    old, new = before.by_key, after.by_key
    changes = [f"Added: {new[key].name}" for key in new if key not in old]
    changes += [f"Removed: {old[key].name}" for key in old if key not in new]
    for key in new:
        if key in old and old[key] != new[key]:
            fields = [name for name in Technology.model_fields if getattr(old[key], name) != getattr(new[key], name)]
            changes.append(f"Changed: {new[key].name} ({', '.join(field.replace('_', ' ') for field in fields)})")
    if before.sources != after.sources:
        changes.append("Sources changed")
    return changes or ["Nothing changed in the technologies"]


@transaction.atomic
def reference_publish(raw: bytes, *, actor: User) -> PublishedCatalogue:
    """Check the file again, keep it with the published versions and record who published it and what changed."""
    chosen = reference_from_upload(raw)
    changes = reference_changes(chosen)
    directory = published_dir()
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{chosen.label}.json"
    if target.exists():
        raise CatalogueError(f"{chosen.label} is already published.")
    title = chosen.title if isinstance(chosen, Catalogue) else "Planning rules"
    record = PublishedCatalogue.objects.create(
        kind=chosen.key, number=chosen.version, title=title, changes=changes, published_by=actor
    )
    transaction.on_commit(lambda: _write_whole(directory, target, raw))
    return record


def _write_whole(directory: Path, target: Path, raw: bytes) -> None:
    """Written once the record is committed, whole, then moved into place: no process reads half a file."""
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    with os.fdopen(handle, "wb") as file:
        file.write(raw)
    os.replace(temporary, target)
