"""Progress of a long job on a terminal: a bar redrawn in place, or a line every tenth when not a terminal."""

import time
from collections.abc import Callable
from typing import TextIO


class ProgressReporter:
    def __init__(self, *, total_bytes: int, position: Callable[[], int], stream: TextIO, width: int = 30) -> None:
        self.total = max(total_bytes, 1)
        self.position = position
        self.stream = stream
        self.width = width
        self.started = time.monotonic()
        self.interactive = stream.isatty()
        self._last_tenth = -1
        self._rows = 0

    def update(self, rows: int, position: int | None = None) -> None:
        self._rows = rows
        done = min((self.position() if position is None else position) / self.total, 1.0)
        rate = rows / max(time.monotonic() - self.started, 1e-6)
        if self.interactive:
            filled = int(done * self.width)
            bar = "█" * filled + "·" * (self.width - filled)
            self.stream.write(f"\r{bar} {done:4.0%}  {rows:,} rows  {rate:,.0f} rows/s")
            self.stream.flush()
        elif int(done * 10) > self._last_tenth:
            self._last_tenth = int(done * 10)
            self.stream.write(f"{done:4.0%}  {rows:,} rows  {rate:,.0f} rows/s\n")

    def finish(self) -> None:
        elapsed = time.monotonic() - self.started
        if self.interactive:
            self.stream.write("\n")
        self.stream.write(f"Read {self._rows:,} rows in {elapsed:.1f} s.\n")
