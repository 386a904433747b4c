"""Event list, month view and the personal .ics feed."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from events import services
from events.enums import EventStatus
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import UserFactory, commune, region

pytestmark = pytest.mark.django_db


def test_feed_shows_ones_own_events_and_nothing_of_anothers(client, guyane_staff):
    alice = UserFactory(manager=True, email="alice@exemple.test")
    bob = UserFactory(manager=True, email="bob@exemple.test")
    alices = EventFactory(title="Réunion d'Alice")
    bobs = EventFactory(title="Réunion de Bob")
    organised = EventFactory(title="Comité organisé par Alice")
    organised.organisers.add(alice)
    RegistrationFactory(event=alices, email="alice@exemple.test")
    RegistrationFactory(event=bobs, email="bob@exemple.test")
    alice_feed = services.calendar_feed_renew(user=alice)
    bob_feed = services.calendar_feed_renew(user=bob)

    response = client.get(reverse("events:feed", args=[alice_feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert "Réunion d'Alice" in text and "Comité organisé par Alice" in text
    assert "Bob" not in text and "bob@" not in text

    text = client.get(reverse("events:feed", args=[bob_feed.token])).content.decode()
    assert "Réunion de Bob" in text and "Alice" not in text


def test_feed_leaves_out_drafts_and_cancelled_registrations(client, guyane_staff):
    user = UserFactory(manager=True, email="carla@exemple.test")
    draft = EventFactory(title="Brouillon secret", status=EventStatus.DRAFT)
    draft.organisers.add(user)
    cancelled = RegistrationFactory(email="carla@exemple.test", event__title="Désinscrite")
    services.registration_cancel(registration=cancelled, by=guyane_staff)
    feed = services.calendar_feed_renew(user=user)
    text = client.get(reverse("events:feed", args=[feed.token])).content.decode()
    assert "Brouillon secret" not in text and "Désinscrite" not in text


def test_wrong_or_revoked_token_is_a_404(client):
    user = UserFactory(manager=True)
    old = services.calendar_feed_renew(user=user).token
    assert client.get(reverse("events:feed", args=["pas-le-bon-jeton"])).status_code == 404
    new = services.calendar_feed_renew(user=user).token
    assert new != old
    assert client.get(reverse("events:feed", args=[old])).status_code == 404
    assert client.get(reverse("events:feed", args=[new])).status_code == 200
    services.calendar_feed_revoke(user=user)
    assert client.get(reverse("events:feed", args=[new])).status_code == 404


def test_feed_settings_page_creates_and_renews_the_link(login):
    user = UserFactory(manager=True)
    client = login(user)
    assert "Créer mon lien" in client.get(reverse("events:feed_settings")).content.decode()
    client.post(reverse("events:feed_settings"), {"action": "renew"})
    token = user.event_feed.token
    page = client.get(reverse("events:feed_settings")).content.decode()
    assert reverse("events:feed", args=[token]) in page
    client.post(reverse("events:feed_settings"), {"action": "revoke"})
    assert not type(user).objects.filter(pk=user.pk, event_feed__isnull=False).exists()


def test_month_view_places_events_on_their_local_day(guyane_staff, login):
    # 23:00 in Cayenne on 7 Feb is 02:00 UTC on 8 Feb: the event belongs to the 7th.
    EventFactory(
        title="Veillée de Cayenne",
        starts_at=datetime(2031, 2, 8, 2, 0, tzinfo=UTC),
        ends_at=datetime(2031, 2, 8, 4, 0, tzinfo=UTC),
    )
    page = login(guyane_staff).get(reverse("events:month"), {"mois": "2031-02"}).content.decode()
    assert "Veillée de Cayenne" in page and "23:00 (heure de Cayenne)" in page
    cell = page.split("Veillée de Cayenne")[0].rsplit('<div class="fw-bold">', 1)[1]
    assert cell.startswith("7<")


def test_list_is_scoped_to_the_staffs_territory(guyane_staff, normandie_staff, login):
    EventFactory(title="Réunion guyanaise")
    EventFactory(
        title="Réunion normande", region=region("28"), commune=None, online_url="https://v.test"
    )
    guyane_page = login(guyane_staff).get(reverse("events:list")).content.decode()
    assert "Réunion guyanaise" in guyane_page and "Réunion normande" not in guyane_page
    normandie_page = login(normandie_staff).get(reverse("events:list")).content.decode()
    assert "Réunion normande" in normandie_page and "Réunion guyanaise" not in normandie_page


def test_managers_see_published_events_of_their_territory_only(manager_a, login):
    EventFactory(title="Publiée guyanaise")
    EventFactory(title="Brouillon guyanais", status=EventStatus.DRAFT)
    EventFactory(
        title="Publiée normande", region=region("28"), commune=None, online_url="https://v.test"
    )
    page = login(manager_a).get(reverse("events:list")).content.decode()
    assert "Publiée guyanaise" in page
    assert "Brouillon guyanais" not in page and "Publiée normande" not in page


def test_list_queries_do_not_grow_with_rows(guyane_staff, login, django_assert_max_num_queries):
    client = login(guyane_staff)
    for _ in range(3):
        RegistrationFactory(event=EventFactory())
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("events:list"))
    for _ in range(30):
        RegistrationFactory(event=EventFactory())
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(reverse("events:list"))
    assert response.context["page"].paginator.count == 33
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_event_search_finds_the_place_by_any_spelling(login, guyane_staff):
    EventFactory(title="Comité du Maroni", commune=commune("97311"))
    EventFactory(title="Comité du Littoral", commune=commune("97302"))
    client = login(guyane_staff)
    for query in ("st laurent", "97320", "Saint-Laurent-du-Maroni"):
        page = client.get(reverse("events:list"), {"q": query}).content.decode()
        assert "Comité du Maroni" in page, query
        assert "Comité du Littoral" not in page, query
