import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from adopt.impact.calibration import calibrate, calibration_rules
from adopt.impact.selectors import programme_history
from adopt.impact.simulator import OUTCOMES, AssumptionError, default_assumptions, projection_json, simulate
from adopt.programmes.models import Programme

LABELS = {
    "supported": ("Companies supported", ""),
    "investing": ("Companies investing", ""),
    "grants": ("Grants paid", "£"),
    "private_investment": ("Private investment", "£"),
    "jobs": ("New jobs (FTE)", ""),
    "upskilled": ("Roles upskilled", ""),
    "gva": ("Additional GVA", "£"),
}


class Command(BaseCommand):
    help = "Project what a programme budget is likely to deliver: a Monte Carlo simulation with 10-50-90% intervals."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--budget", required=True, help="Public money to spend, in pounds (for example 6100000).")
        parser.add_argument("--draws", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--json", action="store_true", help="Print the projection as JSON.")
        parser.add_argument(
            "--programme",
            help="Calibrate the assumptions from this programme's history (its slug) where it has enough.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            budget = float(Decimal(options["budget"].replace(",", "").lstrip("£")))
        except InvalidOperation:
            raise CommandError(f"The budget {options['budget']!r} is not an amount of money.") from None
        assumptions = default_assumptions()
        if options["programme"]:
            programme = Programme.objects.filter(slug=options["programme"]).first()
            if programme is None:
                raise CommandError(f"No programme is called {options['programme']!r}.")
            rules = calibration_rules()
            history = programme_history(programme, timezone.localdate(), rules.maturity_months)
            calibration = calibrate(assumptions, history, rules)
            assumptions = calibration.assumptions
            if not options["json"]:
                self.stdout.write(f"Assumptions from {programme.name} where its history is enough:")
                for note in calibration.notes:
                    self.stdout.write(f"  - {note}")
        try:
            projection = simulate(budget, assumptions, draws=options["draws"], seed=options["seed"])
        except AssumptionError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(projection_json(projection), indent=2))
            return
        self.stdout.write(f"Budget £{budget:,.0f}, {projection.draws:,} draws: 10th, 50th and 90th percentiles")
        for key in OUTCOMES:
            label, unit = LABELS[key]
            interval = projection.outcomes[key]
            cells = "".join(
                f"{unit + format(value, ',.0f'):>16}" for value in (interval.p10, interval.p50, interval.p90)
            )
            self.stdout.write(f"  {label:<22}{cells}")
