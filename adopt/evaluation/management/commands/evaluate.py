import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from adopt.evaluation.estimators import METHODS, Estimate
from adopt.evaluation.report import ProgrammeEvaluation, evaluation_json, programme_evaluation
from adopt.evaluation.selectors import OUTCOMES, programme_companies
from adopt.evaluation.services import baselines_capture
from adopt.evaluation.treatment import Definition
from adopt.programmes.models import Programme


def _percent(value: float) -> str:
    return f"{value * 100:+.1f}%"


class Command(BaseCommand):
    help = (
        "Estimate what support did to an outcome of a programme's companies, against a comparison group: "
        "difference-in-differences and propensity-score matching, with the naive comparison beside them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", required=True, help="The programme's slug.")
        parser.add_argument("--outcome", choices=sorted(OUTCOMES), default="employees")
        parser.add_argument(
            "--method", choices=sorted(METHODS), action="append", help="One method; give it again for more."
        )
        parser.add_argument(
            "--treated",
            choices=[definition.value for definition in Definition],
            default=Definition.SUPPORTED.value,
            help="What counts as treated.",
        )
        parser.add_argument("--json", action="store_true", help="Print every figure as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"No programme is called {options['programme']!r}.")
        taken = baselines_capture(programme_companies(programme))
        evaluation = programme_evaluation(
            programme,
            outcome=options["outcome"],
            definition=Definition(options["treated"]),
            methods=tuple(options["method"] or ("did", "psm", "naive")),
            today=timezone.localdate(),
        )
        if options["json"]:
            self.stdout.write(json.dumps(evaluation_json(evaluation), indent=2, default=str))
            return
        if taken:
            self.stdout.write(f"Baselines taken now for {taken:,} companies that had none.")
        self._text(evaluation)

    def _text(self, evaluation: ProgrammeEvaluation) -> None:
        write = self.stdout.write
        write(f"{evaluation.programme_name}: effect of support on {evaluation.outcome}")
        write(f"Treated means: {evaluation.definition.label}.")
        write(f"{evaluation.companies:,} companies, {evaluation.with_outcomes:,} with outcomes:")
        for group in evaluation.groups:
            write(f"  {group.group.label:<32} {group.companies:>7,}  ({group.with_outcomes:,} with outcomes)")
        for result in evaluation.results:
            if result.estimate is None:
                write(f"\n{result.method}: no estimate. {result.refused}")
                continue
            self._estimate(result.estimate)
        write(f"\n{evaluation.design_note}")

    def _estimate(self, estimate: Estimate) -> None:
        write = self.stdout.write
        effect = estimate.effect
        write(f"\n{estimate.title} — Maryland Scientific Methods Scale level {estimate.maryland_level}")
        write(
            f"  Effect {_percent(effect.estimate)} (95% interval {_percent(effect.low)} to {_percent(effect.high)}); "
            f"{estimate.treated:,} treated, {estimate.comparison:,} comparison, {estimate.observations:,} observations."
        )
        if estimate.pre_trend_p is not None:
            write(f"  Years before support jointly zero: p = {estimate.pre_trend_p:.3f}.")
        for year in estimate.event_study:
            if year.effect is not None:
                write(f"    year {year.relative_year:+d}: {_percent(year.effect.estimate)}")
        if estimate.balance:
            write(f"  Balance (standardised differences, before → after): {estimate.unmatched} treated unmatched")
            for row in estimate.balance:
                after = f"{row.difference_after:+.3f}" if row.difference_after is not None else "n/a"
                write(f"    {row.covariate:<18} {row.difference_before:+.3f} → {after}")
        for bias in estimate.biases:
            write(f"  Could bias it: {bias}")
