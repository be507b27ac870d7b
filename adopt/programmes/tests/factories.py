import datetime
from decimal import Decimal

import factory

from adopt.accounts.tests.factories import UserFactory
from adopt.geography.tests.factories import RegionFactory
from adopt.programmes.models import Programme, ProgrammeStaff, Target


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Digital Adoption Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    region = factory.SubFactory(RegionFactory)
    starts_on = datetime.date(2026, 4, 1)
    ends_on = datetime.date(2029, 3, 31)

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):
        if create:
            obj.areas.set(extracted or [obj.region])


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    programme = factory.SubFactory(ProgrammeFactory)
    metric = Target.Metric.JOBS_CREATED
    value = Decimal("100")


class ProgrammeStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeStaff

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    role = ProgrammeStaff.Role.ADVISER
