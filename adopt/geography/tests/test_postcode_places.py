import pytest

from adopt.geography.models import Area
from adopt.geography.postcodes import parse_postcode
from adopt.geography.selectors import local_authority_codes_within, postcode_place

pytestmark = pytest.mark.django_db


def test_a_sector_wholly_inside_east_lancashire_resolves_inside_it(reference_data):
    east_lancashire = local_authority_codes_within([Area.objects.get(code="east-lancashire")])
    place = postcode_place(parse_postcode("BB4 5AB"))
    assert place.level == "sector"
    assert place.share_inside(east_lancashire) == 1


def test_a_district_split_between_england_and_wales_is_partly_inside_the_north_west(reference_data):
    north_west = local_authority_codes_within([Area.objects.get(code="TLD")])
    share = postcode_place(parse_postcode("CH4")).share_inside(north_west)
    assert share is not None
    assert 0 < share < 1


def test_a_postcode_missing_from_the_reference_data_is_unknown_not_an_error(reference_data):
    place = postcode_place(parse_postcode("ZZ9 9ZZ"))
    assert not place.is_known
    assert place.share_inside({"E06000008"}) is None


def test_a_region_contains_its_local_authorities_and_a_nation_its_regions(reference_data):
    assert len(local_authority_codes_within([Area.objects.get(code="TLD")])) == 35
    assert len(local_authority_codes_within([Area.objects.get(code="W92000004")])) == 22
