"""A radar chart as SVG geometry, computed on the server so pages and PDFs draw the same picture."""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class RadarAxis:
    label: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str


@dataclass(frozen=True)
class RadarSeries:
    name: str
    points: str  # the SVG polygon's points attribute
    css_class: str


@dataclass(frozen=True)
class Radar:
    width: int
    size: int
    centre_x: float
    centre: float
    rings: list[str]
    axes: list[RadarAxis]
    series: list[RadarSeries]


def _point(centre: tuple[float, float], radius: float, index: int, count: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle)


def radar(labels: list[str], series: list[tuple[str, list[float], str]], size: int = 360) -> Radar:
    """Axes for each label and a polygon per series of 0-100 scores; the picture is `size` pixels high.

    It is wider than high, so that labels beside the chart have room.
    """
    width = size + 420
    centre = (width / 2, size / 2)
    radius = size / 2 - 40
    count = len(labels)
    rings = []
    for fraction in (0.25, 0.5, 0.75, 1.0):
        corners = [_point(centre, radius * fraction, i, count) for i in range(count)]
        rings.append(" ".join(f"{x:.1f},{y:.1f}" for x, y in corners))
    axes = []
    for i, label in enumerate(labels):
        x, y = _point(centre, radius, i, count)
        lx, ly = _point(centre, radius + 18, i, count)
        anchor = "middle" if abs(lx - centre[0]) < 5 else ("start" if lx > centre[0] else "end")
        axes.append(RadarAxis(label, x, y, lx, ly, anchor))
    polygons = []
    for name, scores, css_class in series:
        corners = [
            _point(centre, radius * max(0.0, min(score, 100.0)) / 100, i, count) for i, score in enumerate(scores)
        ]
        polygons.append(RadarSeries(name, " ".join(f"{x:.1f},{y:.1f}" for x, y in corners), css_class))
    return Radar(width, size, centre[0], centre[1], rings, axes, polygons)
