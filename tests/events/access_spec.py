"""Role-by-URL matrix of the events app (see tests/access.py)."""

from tests.access import (
    EVERYONE,
    GUYANE_STAFF,
    MANAGER_A,
    MANAGERS,
    PARTNER,
    STAFF,
    Spec,
)

STAFF_OR_MANAGER_OR_PARTNER = STAFF | MANAGERS | {PARTNER}
COMMITTEE = "Comité de préfiguration du réseau IAE de Guyane"
CAYENNE_MEETING = "Réunion collective des SIAE de Cayenne et du Centre littoral"
DRAFT = "Réunion d'information : les outils d'évaluation du réseau"


def _event(title):
    from events.models import Event

    return Event.objects.filter(title=title).latest("starts_at")


def committee():
    return {"pk": _event(COMMITTEE).pk}


def cayenne_meeting():
    return {"pk": _event(CAYENNE_MEETING).pk}


def draft():
    return {"pk": _event(DRAFT).pk}


def aprosep_registration():
    return {"pk": _event(COMMITTEE).registrations.get(email="siae-a@demo.maillage.test").pk}


def follow_up():
    from events.models import MinutesFollowUp

    return {"pk": MinutesFollowUp.objects.get(action__startswith="Proposer une charte commune").pk}


def feed_token():
    from events.models import CalendarFeed

    return {"token": CalendarFeed.objects.get(user__email="siae-a@demo.maillage.test").token}


# The committee (Guyane, published, DIECCTE invited): Guyane staff, both Guyane managers
# and the DIECCTE agent read it; Normandie staff get a 404.
GUYANE_READERS = GUYANE_STAFF | MANAGERS | {PARTNER}
# Those who read it but do not organise it: the organisers' pages answer them 403.
SEE_ONLY = MANAGERS | {PARTNER}

SPECS = {
    "events:list": Spec(STAFF_OR_MANAGER_OR_PARTNER),
    "events:month": Spec(STAFF_OR_MANAGER_OR_PARTNER),
    "events:create": Spec(STAFF),
    "events:detail": Spec(GUYANE_READERS, kwargs=committee),
    "events:event_ics": Spec(GUYANE_READERS, kwargs=committee),
    "events:update": Spec(GUYANE_STAFF, kwargs=committee, forbidden=SEE_ONLY),
    "events:publish": Spec(GUYANE_STAFF, kwargs=draft),
    "events:cancel": Spec(GUYANE_STAFF, kwargs=committee, forbidden=SEE_ONLY),
    "events:register": Spec(GUYANE_STAFF | MANAGERS, kwargs=committee, forbidden={PARTNER}),
    "events:sheet": Spec(GUYANE_STAFF, kwargs=committee, forbidden=SEE_ONLY),
    "events:attendance": Spec(GUYANE_STAFF, kwargs=cayenne_meeting, forbidden=SEE_ONLY),
    "events:offline_bundle": Spec(GUYANE_STAFF, kwargs=cayenne_meeting, forbidden=SEE_ONLY),
    "events:sync": Spec(STAFF, method="post", data={"changes": "[]"}),
    # Minutes of the Cayenne meeting: APROSEP and the DIECCTE attended, the Saint-Laurent
    # structure did not.
    "events:minutes": Spec(GUYANE_STAFF | {MANAGER_A, PARTNER}, kwargs=cayenne_meeting),
    "events:minutes_edit": Spec(GUYANE_STAFF, kwargs=cayenne_meeting, forbidden=SEE_ONLY),
    "events:minutes_publish": Spec(
        GUYANE_STAFF, kwargs=cayenne_meeting, forbidden={MANAGER_A, PARTNER}
    ),
    # The Cayenne meeting belongs to the réseau IAE de Guyane and its minutes are published.
    "events:minutes_network_decisions": Spec(GUYANE_STAFF, kwargs=cayenne_meeting),
    "events:registration_cancel": Spec(GUYANE_STAFF | {MANAGER_A}, kwargs=aprosep_registration),
    "events:follow_up_push": Spec(GUYANE_STAFF, kwargs=follow_up),
    "events:rates": Spec(STAFF),
    "events:member_home": Spec(MANAGERS),
    "events:feed_settings": Spec(STAFF_OR_MANAGER_OR_PARTNER),
    "events:feed": Spec(EVERYONE, kwargs=feed_token, login_redirect=False),
}


def build():
    """A personal calendar feed for the APROSEP manager."""
    from accounts.models import User
    from events.services import calendar_feed_renew

    calendar_feed_renew(user=User.objects.get(email="siae-a@demo.maillage.test"))
