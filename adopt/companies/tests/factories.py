import factory

from adopt.accounts.tests.factories import UserFactory
from adopt.companies.models import Company, CompanyMembership
from adopt.programmes.tests.factories import ProgrammeFactory


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Pennine Precision {n} Ltd")
    companies_house_number = factory.Sequence(lambda n: f"{8000000 + n:08d}")
    programme = factory.SubFactory(ProgrammeFactory)
    postcode = "BB1 2AA"


class CompanyMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyMembership

    company = factory.SubFactory(CompanyFactory)
    user = factory.SubFactory(UserFactory)
    role = CompanyMembership.Role.OWNER
