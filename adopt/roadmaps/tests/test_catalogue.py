import json
from pathlib import Path

import pytest

from adopt.roadmaps.catalogue import CATALOGUE_DIR, CatalogueError, catalogue, load_catalogue, planning_rules

SHIPPED = CATALOGUE_DIR / "technologies@1.json"


def write_variant(tmp_path: Path, change) -> Path:
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    change({item["key"]: item for item in data["technologies"]}, data)
    path = tmp_path / "technologies@1.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_shipped_catalogue_has_at_least_forty_technologies_in_every_area_the_programme_needs():
    shipped = catalogue()
    assert len(shipped.technologies) >= 40
    used = {item.category for item in shipped.technologies}
    assert {"software", "sensors_iot", "robotics_automation", "extended_reality", "data_ai"} <= used
    assert {"connectivity_cloud", "cyber_security", "additive"} <= used
    assert "cyber_essentials" in shipped.by_key


def test_every_benefit_range_names_a_source_the_catalogue_describes():
    shipped = catalogue()
    for item in shipped.technologies:
        for benefit in item.benefits.values():
            assert shipped.sources[benefit.source]


def test_a_prerequisite_cycle_is_a_load_error_naming_the_circle(tmp_path):
    def cycle(items, data):
        items["cyber_essentials"]["prerequisites"]["items"] = ["erp"]

    with pytest.raises(
        CatalogueError,
        match=r"go round in a circle: .*erp → cyber_essentials → erp|cyber_essentials → erp → cyber_essentials",
    ):
        load_catalogue(write_variant(tmp_path, cycle), planning_rules())


def test_an_unknown_prerequisite_is_a_load_error_naming_the_entry(tmp_path):
    def unknown(items, data):
        items["mes"]["prerequisites"]["items"] = ["erp", "quantum_erp"]

    with pytest.raises(CatalogueError, match="technology 'mes' needs 'quantum_erp', which is not in the catalogue"):
        load_catalogue(write_variant(tmp_path, unknown), planning_rules())


def test_an_unknown_dimension_is_a_load_error(tmp_path):
    def unknown(items, data):
        items["crm"]["raises"] = {"telepathy": 1}

    with pytest.raises(
        CatalogueError, match="technology 'crm': dimension 'telepathy' is not in manufacturing-diagnostic@1"
    ):
        load_catalogue(write_variant(tmp_path, unknown), planning_rules())


def test_a_cost_range_upside_down_is_a_load_error_naming_where(tmp_path):
    def upside_down(items, data):
        items["crm"]["costs"]["small"]["one_off"] = [15000, 5000]

    with pytest.raises(CatalogueError, match=r"technologies → \d+ → costs → small"):
        load_catalogue(write_variant(tmp_path, upside_down), planning_rules())


def test_a_technology_listed_twice_is_a_load_error(tmp_path):
    def twice(items, data):
        data["technologies"].append(dict(items["crm"]))

    with pytest.raises(CatalogueError, match="technology 'crm' appears twice"):
        load_catalogue(write_variant(tmp_path, twice), planning_rules())
