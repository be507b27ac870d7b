import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from adopt.jobs.schedule import schedule_tick


class Command(BaseCommand):
    help = (
        "Run a worker: it takes queued jobs (imports, reports...) one at a time, and once a minute starts the "
        "scheduled ones that are due and queues again any job whose worker died. Run as many as you like."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks at the queue.")
        parser.add_argument("--tick", type=float, default=60.0, help="Seconds between looks at the schedule.")
        parser.add_argument("--batch", action="store_true", help="Stop once the queue is empty.")
        parser.add_argument("--worker-id", default=None, help="A name unique among the workers (default: random).")

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()

        def ticking() -> None:
            while not stop.is_set():
                try:
                    for job in schedule_tick():
                        self.stdout.write(f"Started {job.title}.")
                except Exception as error:
                    self.stderr.write(f"The schedule could not be read: {error}")
                finally:
                    connection.close()
                stop.wait(options["tick"])

        if not options["batch"]:
            threading.Thread(target=ticking, name="schedule", daemon=True).start()
        try:
            call_command(
                "db_worker",
                interval=options["interval"],
                batch=options["batch"],
                queue_name="*",
                reload=False,
                startup_delay=not options["batch"],
                verbosity=options["verbosity"],
                **({"worker_id": options["worker_id"]} if options["worker_id"] else {}),
            )
        finally:
            stop.set()
