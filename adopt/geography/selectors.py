from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import QuerySet

from adopt.geography.models import Area, PostcodeSectorShare
from adopt.geography.postcodes import ParsedPostcode


@dataclass(frozen=True)
class PostcodePlace:
    """Where a postcode's addresses lie: postcodes per local authority, at the finest level known."""

    level: str  # "sector", "district", "area", or "" when the postcode is not in the reference data
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


def postcode_place(parsed: ParsedPostcode) -> PostcodePlace:
    """Resolve a parsed postcode by sector where it is full, else by district, else by area."""
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


def programme_area_choices() -> QuerySet[Area]:
    """Areas a programme may cover: regions and sub-regions, and local authorities for fine-grained reach."""
    return Area.objects.exclude(level=Area.Level.COUNTRY).select_related("parent").order_by("level", "name")
