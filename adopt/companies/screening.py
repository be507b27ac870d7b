"""Screening a Companies House file against a programme's eligibility rules, without importing anything."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from adopt.companies.companies_house import Rejection, read_records
from adopt.companies.eligibility import Outcome, Verdict, assess_eligibility
from adopt.companies.importer import BATCH_SIZE, PlaceMemo, facts_from_record, record_batches
from adopt.companies.selectors import programme_local_authorities, programme_rules
from adopt.geography.selectors import PostcodeIndex
from adopt.programmes.models import Programme


@dataclass(frozen=True)
class ScreenedCompany:
    line: int
    number: str
    name: str
    postcode: str
    verdict: Verdict | None
    unreadable: str = ""

    @property
    def overall(self) -> str:
        return self.verdict.overall.value if self.verdict else "unreadable"

    @property
    def reasons(self) -> list[str]:
        if self.verdict is None:
            return [self.unreadable]
        return [result.reason for result in self.verdict.results if result.outcome is not Outcome.PASS]

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "company_number": self.number,
            "company_name": self.name,
            "postcode": self.postcode,
            "verdict": self.overall,
            "reasons": self.reasons,
            "missing": list(self.verdict.missing) if self.verdict else [],
        }


def screen_companies(lines: Iterable[str], programme: Programme) -> Iterator[ScreenedCompany]:
    rules = programme_rules(programme)
    area_codes = programme_local_authorities(programme)
    places = PlaceMemo(PostcodeIndex())
    for batch in record_batches(read_records(lines), BATCH_SIZE):
        places.remember_exact(item.postcode for _, item in batch if not isinstance(item, Rejection))
        for line, item in batch:
            if isinstance(item, Rejection):
                yield ScreenedCompany(line, item.number, item.name, "", None, item.reason)
                continue
            place = places.of(item.postcode)
            verdict = assess_eligibility(facts_from_record(item, place, area_codes), rules)
            yield ScreenedCompany(line, item.number, item.name, item.postcode or item.postcode_as_given, verdict)
