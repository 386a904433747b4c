import zoneinfo
from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from events.enums import EventStatus, RegistrationStatus
from events.models import Event, EventKind, Registration
from tests.factories import commune, region

CAYENNE = zoneinfo.ZoneInfo("America/Cayenne")


def cayenne(days_ahead: int, hour: int = 9, minute: int = 0) -> datetime:
    """A wall-clock time in Cayenne, `days_ahead` days from today."""
    day = timezone.localdate(timezone=CAYENNE) + timedelta(days=days_ahead)
    return datetime.combine(day, time(hour, minute), tzinfo=CAYENNE)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = factory.LazyFunction(lambda: EventKind.objects.get(slug="reunion-collective"))
    title = factory.Sequence(lambda n: f"Réunion {n}")
    region = factory.LazyFunction(lambda: region("03"))
    commune = factory.LazyFunction(lambda: commune("97302"))
    starts_at = factory.LazyFunction(lambda: cayenne(10, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    status = EventStatus.PUBLISHED

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisers.set(extracted)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Inscrit{n}")
    email = factory.Sequence(lambda n: f"inscrit{n}@exemple.test")
    status = RegistrationStatus.CONFIRMED
