"""UK postcode parsing and normalisation: `bb11aa` and ` BB1  1AA` are `BB1 1AA`; `BB1` alone is a district."""

import re
from dataclasses import dataclass
from enum import StrEnum

import postcode as uk_postcode

_WHITESPACE = re.compile(r"\s+")
# The shape `postcode` accepts, upper-case and spaced as it writes it.
_STANDARD = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}")


class PostcodeKind(StrEnum):
    FULL = "full"
    DISTRICT = "district"
    INVALID = "invalid"


@dataclass(frozen=True)
class ParsedPostcode:
    kind: PostcodeKind
    text: str
    normalised: str = ""
    sector: str = ""
    district: str = ""
    area: str = ""

    @property
    def is_full(self) -> bool:
        return self.kind is PostcodeKind.FULL


def parse_postcode(text: str) -> ParsedPostcode:
    """Classify and normalise what someone typed as a postcode (or a district such as `BB1`)."""
    compact = _WHITESPACE.sub("", text or "").upper()
    if not compact:
        return ParsedPostcode(PostcodeKind.INVALID, text)
    normalised = uk_postcode.to_normalised(compact)
    if normalised:
        outcode, incode = normalised.split(" ")
        return ParsedPostcode(
            PostcodeKind.FULL,
            text,
            normalised=normalised,
            sector=f"{outcode} {incode[0]}",
            district=outcode,
            area=_area_of(outcode),
        )
    if uk_postcode.valid_outcode(compact):
        return ParsedPostcode(PostcodeKind.DISTRICT, text, normalised=compact, district=compact, area=_area_of(compact))
    return ParsedPostcode(PostcodeKind.INVALID, text)


def normalise_postcode(text: str) -> str | None:
    """The postcode in its standard form, or None when it is not a full UK postcode."""
    if _STANDARD.fullmatch(text):  # already standard, as nearly every postcode in Companies House's files is
        return text
    parsed = parse_postcode(text)
    return parsed.normalised if parsed.is_full else None


def _area_of(outcode: str) -> str:
    return re.match(r"[A-Z]+", outcode).group(0)  # type: ignore[union-attr]  # outcodes always start with letters
