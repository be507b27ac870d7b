import factory

from adopt.geography.models import Area


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"TLX{n}")
    name = factory.Sequence(lambda n: f"Region {n}")
    level = Area.Level.REGION
