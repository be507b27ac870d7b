from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from adopt.accounts.api_auth import api_auth, within_token_programme
from adopt.core.api_errors import documented
from adopt.programmes import selectors
from adopt.programmes.models import Programme
from adopt.programmes.policies import visible_programmes

router = Router(tags=["programmes"], auth=api_auth("programmes"))


class TargetOut(Schema):
    label: str
    value: Decimal


class ProgrammeOut(Schema):
    slug: str
    name: str
    region: str
    areas: list[str]
    starts_on: date
    ends_on: date


class ProgrammeDetailOut(ProgrammeOut):
    targets: list[TargetOut]


def _programme_out(programme: Programme) -> ProgrammeOut:
    return ProgrammeOut(
        slug=programme.slug,
        name=programme.name,
        region=programme.region.name,
        areas=[area.name for area in programme.areas.all()],
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
    )


@router.get("/", response=documented(list[ProgrammeOut]), summary="Programmes the caller may see")
def list_programmes(request: HttpRequest) -> list[ProgrammeOut]:
    programmes = selectors.programmes_with_counts(
        within_token_programme(request, visible_programmes(request.user), "pk")
    )
    return [_programme_out(programme) for programme in programmes]


@router.get("/{slug}", response=documented(ProgrammeDetailOut), summary="One programme with its targets")
def get_programme(request: HttpRequest, slug: str) -> ProgrammeDetailOut:
    programme = get_object_or_404(
        selectors.programmes_with_counts(within_token_programme(request, visible_programmes(request.user), "pk")),
        slug=slug,
    )
    targets = [TargetOut(label=line.label, value=line.value) for line in selectors.programme_targets(programme)]
    return ProgrammeDetailOut(**_programme_out(programme).dict(), targets=targets)
