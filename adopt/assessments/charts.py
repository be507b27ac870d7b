"""A radar chart as SVG geometry, computed on the server so pages and PDFs draw the same picture."""

import math
from dataclasses import dataclass

FONT_SIZE = 13
LINE_HEIGHT = 16
# Wider than DejaVu Sans's and Arial's mean advance per character, so an estimated box holds the real text.
CHARACTER_WIDTH_EM = 0.66
LABEL_CHARACTERS = 24  # a longer label is split in two


@dataclass(frozen=True)
class RadarLabelLine:
    text: str
    x: float
    y: float


@dataclass(frozen=True)
class RadarAxis:
    label: str
    x: float
    y: float
    anchor: str
    lines: list[RadarLabelLine]

    def box(self) -> tuple[float, float, float, float]:
        """Where the label's text lies at most, as left, top, right and bottom."""
        width = max(label_width(line.text) for line in self.lines)
        left = {"start": 0.0, "middle": -width / 2, "end": -width}[self.anchor] + self.lines[0].x
        top = self.lines[0].y - FONT_SIZE
        bottom = self.lines[-1].y + FONT_SIZE * 0.25
        return left, top, left + width, bottom


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


def label_width(text: str) -> float:
    """The widest the text can be drawn at the chart's font size."""
    return len(text) * FONT_SIZE * CHARACTER_WIDTH_EM


def _point(centre: tuple[float, float], radius: float, index: int, count: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle)


def label_texts(label: str) -> list[str]:
    """The label as one line, or as two of the most even lengths when it is longer than `LABEL_CHARACTERS`."""
    words = label.split()
    if len(label) <= LABEL_CHARACTERS or len(words) < 2:
        return [label]
    splits = [[" ".join(words[:i]), " ".join(words[i:])] for i in range(1, len(words))]
    return min(splits, key=lambda pair: max(len(text) for text in pair))


def _label_lines(label: str, x: float, y: float, anchor: str, above: bool) -> list[RadarLabelLine]:
    """The label's lines outside the axis end: above the top axis, below the bottom one, centred beside the others."""
    texts = label_texts(label)
    height = LINE_HEIGHT * (len(texts) - 1)
    if anchor != "middle":
        first = y - height / 2 + FONT_SIZE * 0.35
    elif above:
        first = y - height - LINE_HEIGHT / 2
    else:
        first = y + FONT_SIZE + LINE_HEIGHT / 2
    return [RadarLabelLine(text, x, first + LINE_HEIGHT * i) for i, text in enumerate(texts)]


def radar(labels: list[str], series: list[tuple[str, list[float], str]], size: int = 400) -> Radar:
    """Axes for each label and a polygon per series of 0-100 scores; the picture is `size` pixels high.

    It is wider than high, so that labels beside the chart have room; the top and bottom labels sit further out,
    clear of their neighbours.
    """
    margin = max((label_width(text) for label in labels for text in label_texts(label)), default=0)
    width = math.ceil(size + 2 * margin)
    centre = (width / 2, size / 2)
    radius = size / 2 - 3 * LINE_HEIGHT - 10
    count = len(labels)
    rings = []
    for fraction in (0.25, 0.5, 0.75, 1.0):
        corners = [_point(centre, radius * fraction, i, count) for i in range(count)]
        rings.append(" ".join(f"{x:.1f},{y:.1f}" for x, y in corners))
    axes = []
    for i, label in enumerate(labels):
        x, y = _point(centre, radius, i, count)
        lx, ly = _point(centre, radius + 10, i, count)
        anchor = "middle" if abs(lx - centre[0]) < 5 else ("start" if lx > centre[0] else "end")
        axes.append(RadarAxis(label, x, y, anchor, _label_lines(label, lx, ly, anchor, above=ly < centre[1])))
    polygons = []
    for name, scores, css_class in series:
        corners = [
            _point(centre, radius * max(0.0, min(score, 100.0)) / 100, i, count) for i, score in enumerate(scores)
        ]
        polygons.append(RadarSeries(name, " ".join(f"{x:.1f},{y:.1f}" for x, y in corners), css_class))
    return Radar(width, size, centre[0], centre[1], rings, axes, polygons)
