"""What the kept outboxes (messages, webhook deliveries) share: how long a failed send waits, when a taken send is
taken to be lost, and queueing a send now or later."""

import datetime
from typing import Any

from django.utils import timezone

# A send taken this long ago and never recorded: its worker died, and it is taken again.
CLAIM_EXPIRES = datetime.timedelta(minutes=10)


def retry_delay(attempts: int) -> datetime.timedelta:
    """1, 4, 16, 64... minutes after the first, second, third... failed try."""
    return datetime.timedelta(minutes=4 ** max(attempts - 1, 0))


def task_enqueue(task: Any, *args: Any, delay: datetime.timedelta | None = None) -> None:
    """Queue the task now, or after `delay` where the backend can hold a task back (else the hourly sweep)."""
    if delay is None:
        task.enqueue(*args)
    elif task.get_backend().supports_defer:
        task.using(run_after=timezone.now() + delay).enqueue(*args)
