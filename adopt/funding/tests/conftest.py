import pytest

from adopt.funding.tests.factories import FundYearFactory, SchemeFactory, make_eligible
from adopt.programmes.models import ProgrammeStaff
from adopt.programmes.tests.factories import ProgrammeStaffFactory


@pytest.fixture
def funding(world):
    """A £100,000 year of a fund for the world's programme, a grant scheme, and an eligible company."""
    year = FundYearFactory(fund__programme=world.programme)
    scheme = SchemeFactory(fund=year.fund)
    make_eligible(world.company, world.programme)
    second_manager = ProgrammeStaffFactory(programme=world.programme, role=ProgrammeStaff.Role.MANAGER).user
    return {"year": year, "scheme": scheme, "second_manager": second_manager}
