"""Every framework's radar draws each dimension's whole name inside the picture, clear of the other names."""

import itertools
import shutil
import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from adopt.assessments.charts import FONT_SIZE, Radar, label_width, radar
from adopt.assessments.frameworks import all_frameworks

FRAMEWORKS = all_frameworks()


def chart_for(key: str) -> Radar:
    titles = [dimension.title for dimension in FRAMEWORKS[key].dimensions]
    return radar(titles, [("Now", [50.0] * len(titles), "now")])


@pytest.mark.parametrize("key", sorted(FRAMEWORKS))
def test_every_label_lies_inside_the_picture(key: str) -> None:
    chart = chart_for(key)

    for axis in chart.axes:
        left, top, right, bottom = axis.box()
        assert left >= 0, axis.label
        assert right <= chart.width, axis.label
        assert top >= 0, axis.label
        assert bottom <= chart.size, axis.label


@pytest.mark.parametrize("key", sorted(FRAMEWORKS))
def test_no_two_labels_overlap(key: str) -> None:
    chart = chart_for(key)

    for one, other in itertools.combinations(chart.axes, 2):
        a, b = one.box(), other.box()
        apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
        assert apart, (one.label, other.label)


@pytest.mark.parametrize("key", sorted(FRAMEWORKS))
def test_every_label_is_drawn_whole(key: str) -> None:
    chart = chart_for(key)

    assert [" ".join(line.text for line in axis.lines) for axis in chart.axes] == [
        dimension.title for dimension in FRAMEWORKS[key].dimensions
    ]


def test_the_estimated_width_holds_the_text_as_the_pdf_font_draws_it() -> None:
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        pytest.skip("fontconfig, which finds the PDFs' font, is not installed")
    found = subprocess.run(  # noqa: S603 - fontconfig's own program, found on the PATH
        [fc_match, "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True, check=False
    )
    if found.returncode != 0 or not Path(found.stdout).is_file():
        pytest.skip("DejaVu Sans, the PDFs' font, is not installed")
    font = TTFont(found.stdout)
    advances, units = font["hmtx"].metrics, font["head"].unitsPerEm
    characters = font.getBestCmap()
    lines = {line.text for key in FRAMEWORKS for axis in chart_for(key).axes for line in axis.lines}

    for text in lines:
        drawn = sum(advances[characters[ord(c)]][0] for c in text) * FONT_SIZE / units
        assert drawn <= label_width(text), text
