"""Setting a programme up: its details, the places it serves and the targets it has promised, each change audited.

Plain functions over the models, used by the set-up pages; who may call them is the policies' business."""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from adopt.accounts.models import User
from adopt.core.audit import Action, audit_record
from adopt.core.errors import DomainError
from adopt.core.financial_years import financial_year_label, financial_year_of
from adopt.geography.models import Area
from adopt.programmes.models import Programme, Target

RESERVED_SLUGS = {"new"}  # the set-up page's own address
DETAILS = ("name", "summary", "starts_on", "ends_on", "contact_email", "contact_phone", "privacy_notice")


class SetupRefused(DomainError):
    """A set-up change that cannot be made as asked."""


def _free_slug(name: str) -> str:
    base = slugify(name)[:70] or "programme"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Programme.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def programme_create(*, region: Area, actor: User, **details: object) -> Programme:
    """A new programme in `region`, serving the whole region until its areas are chosen."""
    if region.level != Area.Level.REGION:
        raise SetupRefused("Choose one of the regions a programme reports under.")
    programme = Programme(region=region, slug=_free_slug(str(details["name"])), **details)
    programme.full_clean()
    programme.save()
    programme.areas.set([region])
    audit_record(programme, action=Action.CREATED, actor=actor, comment=f"Set up in {region.name}")
    return programme


@transaction.atomic
def programme_update(programme: Programme, *, actor: User, **details: object) -> list[str]:
    """Change the programme's details; returns the labels of the fields that changed, also named in the trail."""
    changed = [field for field in DETAILS if field in details and getattr(programme, field) != details[field]]
    if {"starts_on", "ends_on"} & set(changed):
        _check_yearly_targets_fit(programme, details)
    for field in changed:
        setattr(programme, field, details[field])
    if changed:
        programme.full_clean()
        programme.save()
        labels = [str(getattr(Programme._meta.get_field(field), "verbose_name", field)) for field in changed]
        audit_record(programme, action=Action.CHANGED, actor=actor, comment="Changed: " + ", ".join(labels))
        return labels
    return []


def _check_yearly_targets_fit(programme: Programme, details: Mapping[str, object]) -> None:
    starts, ends = details.get("starts_on", programme.starts_on), details.get("ends_on", programme.ends_on)
    if not isinstance(starts, datetime.date) or not isinstance(ends, datetime.date):
        return
    years = set(range(financial_year_of(starts), financial_year_of(ends) + 1))
    held = set(programme.targets.filter(year__isnull=False).values_list("year", flat=True))
    outside = sorted(year for year in held - years if year is not None)
    if outside:
        labels = ", ".join(financial_year_label(year) for year in outside)
        raise SetupRefused(f"The programme has targets for {labels}, outside the new period: clear them first.")


def choosable_areas(programme: Programme) -> list[Area]:
    """What a programme in its region can serve: the region itself, its sub-regions and its local authorities."""
    region = programme.region
    return [
        region,
        *Area.objects.filter(level=Area.Level.SUBREGION, parent=region).order_by("name"),
        *Area.objects.filter(level=Area.Level.LOCAL_AUTHORITY, parent=region).order_by("name"),
    ]


@transaction.atomic
def programme_areas_set(programme: Programme, areas: Iterable[Area], *, actor: User) -> None:
    chosen = list(areas)
    if not chosen:
        raise SetupRefused("Choose at least one area the programme serves.")
    allowed = {area.pk for area in choosable_areas(programme)}
    outside = [area.name for area in chosen if area.pk not in allowed]
    if outside:
        raise SetupRefused(f"{', '.join(outside)} {'is' if len(outside) == 1 else 'are'} outside {programme.region}.")
    if programme.region in chosen and len(chosen) > 1:
        inside = ", ".join(area.name for area in chosen if area != programme.region)
        raise SetupRefused(
            f"{programme.region.name} already includes {inside}. Untick {programme.region.name} to serve only "
            "those, or untick them to serve the whole region."
        )
    programme.areas.set(chosen)
    audit_record(programme, action=Action.CHANGED, actor=actor, comment="Areas: " + ", ".join(a.name for a in chosen))


def programme_years(programme: Programme) -> list[int]:
    """The financial years (April to March, by the year they start) the programme's period touches."""
    return list(range(financial_year_of(programme.starts_on), financial_year_of(programme.ends_on) + 1))


TargetKey = tuple[str, int | None]  # a measure, and its financial year (None: the whole period)


@transaction.atomic
def programme_targets_set(programme: Programme, values: Mapping[TargetKey, Decimal | None], *, actor: User) -> None:
    """Set, change or clear (None) the programme's targets, for its whole period and for each financial year."""
    years = set(programme_years(programme))
    current = {(target.metric, target.year): target for target in programme.targets.all()}
    said: list[str] = []
    for (metric, year), value in values.items():
        label = Target.Metric(metric).label + (f" {financial_year_label(year)}" if year else "")
        if year is not None and year not in years:
            raise SetupRefused(f"{financial_year_label(year)} is outside the programme's period.")
        if value is not None and value < 0:
            raise SetupRefused(f"A target cannot be below zero: {label}.")
        target = current.get((metric, year))
        if value is None:
            if target is not None:
                target.delete()
                said.append(f"{label} cleared")
        elif target is None:
            Target.objects.create(programme=programme, metric=metric, year=year, value=value)
            said.append(f"{label} {value:,}")
        elif target.value != value:
            said.append(f"{label} {target.value:,} to {value:,}")
            target.value = value
            target.save(update_fields=["value"])
    if said:
        audit_record(programme, action=Action.CHANGED, actor=actor, comment="Targets: " + "; ".join(said))
