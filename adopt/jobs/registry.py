"""Which code does each kind of job. Apps above this one register their handlers in `AppConfig.ready()`, as they do
panels, so the worker can run any job without this app importing them."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from adopt.jobs.models import Job


class Progress(Protocol):
    def __call__(self, done: int, total: int | None = None, text: str = "") -> None: ...


@dataclass(frozen=True)
class JobFile:
    name: str
    content: bytes
    content_type: str


@dataclass(frozen=True)
class JobOutcome:
    """What a finished job says it did: lines for the page, counts for the record, and a file to download."""

    lines: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    file: JobFile | None = None
    details: list[dict[str, str]] = field(default_factory=list)  # a sample of rows to show, e.g. rejections


Handler = Callable[[Job, Progress], JobOutcome]

_handlers: dict[str, Handler] = {}


def register_job(kind: str, handler: Handler) -> None:
    _handlers[kind] = handler


def handler_for(kind: str) -> Handler:
    try:
        return _handlers[kind]
    except KeyError:
        raise LookupError(f"No handler is registered for {kind!r} jobs.") from None
