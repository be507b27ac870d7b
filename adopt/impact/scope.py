"""Which programmes a KPI view, report or API call covers: one programme, one region's, or all the user may see."""

from dataclasses import dataclass
from urllib.parse import urlencode

from adopt.accounts.policies import AnyUser, is_national_admin, is_national_evaluator
from adopt.impact.policies import kpi_programmes
from adopt.programmes.models import Programme


class NothingToSee(Exception):
    """The user may see no programme's KPIs."""


class NoSuchScope(Exception):
    """No programme or region by that name among those the user may see."""


@dataclass(frozen=True)
class Choice:
    programmes: list[Programme]  # every programme the user may see
    chosen: list[Programme]
    programme_slug: str
    region_code: str
    national: bool  # may choose all programmes or a region

    @property
    def regions(self) -> list[tuple[str, str]]:
        return sorted({(p.region.code, p.region.name) for p in self.programmes if p.region_id}, key=lambda r: r[1])

    @property
    def query(self) -> str:
        return urlencode({"programme": self.programme_slug, "region": self.region_code})

    @property
    def heading(self) -> str:
        if self.programme_slug:
            return self.chosen[0].name
        if self.region_code:
            return next(name for code, name in self.regions if code == self.region_code)
        return "All programmes"


def choose_programmes(user: AnyUser, programme_slug: str | None, region_code: str = "") -> Choice:
    """The programme with this slug, or the region's programmes, or all, among those the user may see.

    National roles start from every programme; programme staff from their first programme. NothingToSee when
    the user may see none; NoSuchScope when the slug or region matches none of theirs.
    """
    programmes = list(kpi_programmes(user).select_related("region").order_by("name"))
    if not programmes:
        raise NothingToSee
    national = len(programmes) > 1 and (is_national_admin(user) or is_national_evaluator(user))
    slug = programme_slug if programme_slug is not None else ("" if national else programmes[0].slug)
    region = region_code if national and not slug else ""
    if slug:
        chosen = [p for p in programmes if p.slug == slug]
    elif region:
        chosen = [p for p in programmes if p.region_id and p.region.code == region]
    else:
        chosen = programmes
    if not chosen:
        raise NoSuchScope("No such programme or region")
    return Choice(programmes, chosen, slug, region, national)
