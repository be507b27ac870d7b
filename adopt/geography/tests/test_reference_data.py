import shutil

import pytest

from adopt.core.reference_data import ReferenceDataError
from adopt.geography.models import Area
from adopt.geography.reference_data import DATA_DIR, load_geography

pytestmark = pytest.mark.django_db


def test_loads_nations_itl1_regions_and_every_local_authority():
    summary = load_geography()
    assert summary.local_authorities == 361
    assert summary.postcode_sectors == 12272
    assert Area.objects.filter(level=Area.Level.REGION).count() == 12
    assert Area.objects.get(code="TLD").parent.name == "England"
    assert Area.objects.get(code="TLL").parent.name == "Wales"


def test_subregions_are_sets_of_local_authorities_inside_their_region():
    load_geography()
    east_lancashire = Area.objects.get(code="east-lancashire")
    names = sorted(area.name for area in east_lancashire.local_authorities.all())
    assert names == ["Blackburn with Darwen", "Burnley", "Hyndburn", "Pendle", "Ribble Valley", "Rossendale"]
    assert {area.parent.code for area in east_lancashire.local_authorities.all()} == {"TLD"}
    west_of_england = Area.objects.get(code="E47000009")
    assert west_of_england.local_authorities.count() == 3
    assert west_of_england.parent.name == "South West"


def test_loading_twice_changes_nothing():
    load_geography()
    before = Area.objects.count()
    load_geography()
    assert Area.objects.count() == before


def test_a_subregion_naming_an_unknown_local_authority_is_refused_by_name(tmp_path):
    shutil.copytree(DATA_DIR, tmp_path, dirs_exist_ok=True)
    (tmp_path / "subregions.csv").write_text(
        "code,name,parent_code,local_authority_codes\nnowhere,Nowhere,TLD,E99999999\n", encoding="utf-8"
    )
    with pytest.raises(ReferenceDataError, match="E99999999"):
        load_geography(tmp_path)


def test_a_file_missing_a_column_is_refused_with_the_column_named(tmp_path):
    shutil.copytree(DATA_DIR, tmp_path, dirs_exist_ok=True)
    (tmp_path / "nations_and_regions.csv").write_text("code,name\nK02000001,United Kingdom\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="level, parent_code"):
        load_geography(tmp_path)
