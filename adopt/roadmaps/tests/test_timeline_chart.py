"""The roadmap's timeline names each item whole, beside its bar, inside the picture."""

from adopt.assessments.charts import label_width
from adopt.roadmaps.catalogue import catalogue
from adopt.roadmaps.charts import timeline


def test_every_technology_name_fits_beside_the_bars_whole():
    items = [{"name": item.name, "phase": 0, "starts_month": 0, "ends_month": 6} for item in catalogue().technologies]
    chart = timeline(items)
    assert [bar.label for bar in chart.bars] == [item.name for item in catalogue().technologies]
    for bar in chart.bars:
        assert label_width(bar.label) <= chart.label_width - 8  # the label ends 8 px before the bars start
        assert bar.x >= chart.label_width
        assert bar.x + bar.width <= chart.width


def test_the_bars_span_the_months_they_take():
    chart = timeline([{"name": "CRM", "phase": 1, "starts_month": 6, "ends_month": 18}])
    (bar,) = chart.bars
    month = (chart.width - chart.label_width - 20) / 36
    assert round(bar.x - chart.label_width, 6) == round(6 * month, 6)
    assert round(bar.width, 6) == round(12 * month, 6)
