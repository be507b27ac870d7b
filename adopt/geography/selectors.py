from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from django.db import connection

from adopt.geography.models import Area, ExactPostcode, PostcodeSectorShare
from adopt.geography.postcodes import ParsedPostcode, parse_postcode


@dataclass(frozen=True)
class PostcodePlace:
    """Where a postcode's addresses lie: postcodes per local authority, at the finest level known."""

    level: str  # "postcode" (exact), "sector", "district", or "" when the postcode is not in the reference data
    postcodes_by_local_authority: dict[str, int]

    @property
    def is_known(self) -> bool:
        return bool(self.postcodes_by_local_authority)

    def share_inside(self, local_authority_codes: set[str]) -> Fraction | None:
        """Fraction of the postcode's addresses inside the given local authorities; None when unknown."""
        total = sum(self.postcodes_by_local_authority.values())
        if not total:
            return None
        inside = sum(n for code, n in self.postcodes_by_local_authority.items() if code in local_authority_codes)
        return Fraction(inside, total)

    @property
    def main_local_authority(self) -> str | None:
        if not self.postcodes_by_local_authority:
            return None
        return Counter(self.postcodes_by_local_authority).most_common(1)[0][0]


def compact(parsed: ParsedPostcode) -> str:
    return parsed.normalised.replace(" ", "")


def exact_place(local_authority_code: str) -> PostcodePlace:
    return PostcodePlace("postcode", {local_authority_code: 1})


def postcode_place(parsed: ParsedPostcode) -> PostcodePlace:
    """Resolve a parsed postcode exactly where the directory knows it, else by sector, else by district."""
    if parsed.normalised:
        exact = ExactPostcode.objects.filter(postcode=compact(parsed)).values_list("local_authority_code", flat=True)
        for code in exact:
            return exact_place(code)
    attempts: list[tuple[str, dict[str, str]]] = []
    if parsed.sector:
        attempts.append(("sector", {"sector": parsed.sector}))
    if parsed.district:
        attempts.append(("district", {"district": parsed.district}))
    for level, lookup in attempts:
        counts: Counter[str] = Counter()
        for code, postcodes in PostcodeSectorShare.objects.filter(**lookup).values_list(
            "local_authority__code", "postcodes"
        ):
            counts[code] += postcodes
        if counts:
            return PostcodePlace(level, dict(counts))
    return PostcodePlace("", {})


class PostcodeIndex:
    """Every postcode sector's local authorities in memory, for resolving thousands of postcodes at once."""

    def __init__(self) -> None:
        self._sectors: dict[str, Counter[str]] = {}
        self._districts: dict[str, Counter[str]] = {}
        rows = PostcodeSectorShare.objects.values_list("sector", "district", "local_authority__code", "postcodes")
        for sector, district, code, postcodes in rows.iterator(chunk_size=5000):
            self._sectors.setdefault(sector, Counter())[code] += postcodes
            self._districts.setdefault(district, Counter())[code] += postcodes

    def is_split(self, sector: str) -> bool:
        return len(self._sectors.get(sector, ())) > 1

    def exact(self, postcodes: Iterable[str]) -> dict[str, str]:
        """The local authority of each of these compact postcodes the directory knows exactly, in one query."""
        wanted = sorted(set(postcodes))
        if connection.vendor == "postgresql":
            # As one array: a list of hundreds of postcodes costs PostgreSQL more to plan than to answer (an
            # import asks this for every batch: 5 ms as a list, under 2 ms as an array).
            table = ExactPostcode._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT postcode, local_authority_code FROM {table} WHERE postcode = ANY(%s)",  # noqa: S608
                    [wanted],
                )
                return dict(cursor.fetchall())
        found = ExactPostcode.objects.filter(postcode__in=wanted).values_list("postcode", "local_authority_code")
        return dict(found)

    def place(self, parsed: ParsedPostcode) -> PostcodePlace:
        if parsed.sector and parsed.sector in self._sectors:
            return PostcodePlace("sector", dict(self._sectors[parsed.sector]))
        if parsed.district and parsed.district in self._districts:
            return PostcodePlace("district", dict(self._districts[parsed.district]))
        return PostcodePlace("", {})

    def sectors_within(self, local_authority_codes: set[str]) -> list[str]:
        """Sectors whose postcodes all lie inside the given local authorities, sorted."""
        return sorted(sector for sector, counts in self._sectors.items() if set(counts) <= local_authority_codes)


def postcode_places(postcodes: list[str]) -> dict[str, PostcodePlace]:
    """Resolve several postcodes with one query, each at the finest level known."""
    parsed = {text: parse_postcode(text) for text in postcodes}
    sectors = {p.sector for p in parsed.values() if p.sector}
    districts = {p.district for p in parsed.values() if p.district}
    by_sector: dict[str, Counter[str]] = {}
    by_district: dict[str, Counter[str]] = {}
    rows = PostcodeSectorShare.objects.filter(district__in=districts).values_list(
        "sector", "district", "local_authority__code", "postcodes"
    )
    for sector, district, code, count in rows:
        if sector in sectors:
            by_sector.setdefault(sector, Counter())[code] += count
        by_district.setdefault(district, Counter())[code] += count
    exact = dict(
        ExactPostcode.objects.filter(postcode__in=[compact(p) for p in parsed.values() if p.normalised]).values_list(
            "postcode", "local_authority_code"
        )
    )
    places = {}
    for text, one in parsed.items():
        if one.normalised and compact(one) in exact:
            places[text] = exact_place(exact[compact(one)])
        elif one.sector in by_sector:
            places[text] = PostcodePlace("sector", dict(by_sector[one.sector]))
        elif one.district in by_district:
            places[text] = PostcodePlace("district", dict(by_district[one.district]))
        else:
            places[text] = PostcodePlace("", {})
    return places


def local_authority_codes_within(areas: Iterable[Area]) -> set[str]:
    """Every local authority inside the given areas, whatever their level."""
    codes: set[str] = set()
    for area in areas:
        if area.level == Area.Level.LOCAL_AUTHORITY:
            codes.add(area.code)
        elif area.level == Area.Level.SUBREGION:
            codes.update(area.local_authorities.values_list("code", flat=True))
        elif area.level == Area.Level.REGION:
            codes.update(area.children.filter(level=Area.Level.LOCAL_AUTHORITY).values_list("code", flat=True))
        else:
            codes.update(
                Area.objects.filter(level=Area.Level.LOCAL_AUTHORITY)
                .filter(parent__parent=area)
                .values_list("code", flat=True)
            )
            if area.level == Area.Level.COUNTRY:
                codes.update(Area.objects.filter(level=Area.Level.LOCAL_AUTHORITY).values_list("code", flat=True))
    return codes
