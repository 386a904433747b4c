"""The collective meetings of February 2019 (7 Feb in Saint-Laurent-du-Maroni, 11 Feb in
Cayenne) with their attendees and minutes, plus a few upcoming events for the demo's
present. Idempotent: events are looked up by title and date."""

import zoneinfo
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from core.demo import demo_email
from network.demo import ASSEMBLY_MILESTONE, NETWORK
from network.models import Milestone, Organisation, RegionalNetwork
from structures.models import Structure
from territories.models import Commune, Region

from .enums import EventStatus, FollowUpStatus, RegistrationStatus
from .models import Event, EventKind, Minutes, MinutesFollowUp, Registration

ORDER = 50
ASSEMBLY = "Assemblée constitutive du réseau IAE de Guyane"
NETWORK_EVENTS = {ASSEMBLY, "Comité de préfiguration du réseau IAE de Guyane"}
CAYENNE = zoneinfo.ZoneInfo("America/Cayenne")
PARIS = zoneinfo.ZoneInfo("Europe/Paris")

# (first name, last name, role, structure or partner, attended)
ST_LAURENT_PEOPLE = [
    ("Jean", "Abienso", "Directeur", "Chantier Maroni Insertion", True),
    ("Sylvie", "Tanasi", "Encadrante technique", "Chantier Maroni Insertion", True),
    ("Rudy", "Pinas", "Gérant", "Bois et Fleuve", True),
    ("Nadia", "Aloeboetoe", "Directrice", "Transport Solidaire de l'Ouest", True),
    ("Josiane", "Ho-A-Chuck", "Coordinatrice", "Mana Solidarité", False),
    ("Mireille", "Adaï", "Présidente", "Atelier Couture d'Apatou", True),
    (
        "Patrick",
        "Linguet",
        "Secrétaire général",
        "Sous-préfecture de Saint-Laurent-du-Maroni",
        True,
    ),
    ("Claire", "Lony", "Chargée de mission IAE", "DIECCTE Guyane", True),
]
CAYENNE_PEOPLE = [
    ("Marie", "Joseph", "Directrice", "APROSEP", True),
    ("Fabien", "Rosamont", "Chargé d'accompagnement", "APROSEP", True),
    ("Hélène", "Thérèse", "Coordinatrice", "PTCE Ancrage", True),
    ("Olivier", "Martial", "Directeur", "Guyane Intérim Insertion", True),
    ("Sandrine", "Élisabeth", "Directrice", "Régie de quartier de Matoury", True),
    ("Karl", "Horth", "Gérant", "Insert'Habitat Cayenne", False),
    ("Lucie", "Prévot", "Directrice", "Les Jardins de Macouria", True),
    ("Yannick", "Bellony", "Responsable", "Kourou Services Emploi", True),
    ("Claire", "Lony", "Chargée de mission IAE", "DIECCTE Guyane", True),
    ("Gaëlle", "Nestor", "Chargée de développement", "CRESS Guyane", True),
    ("Thierry", "Cléry", "Responsable insertion", "Collectivité territoriale de Guyane", True),
]

MEETINGS = [
    {
        "title": "Réunion collective des SIAE de l'Ouest guyanais",
        "commune": "97311",
        "address": "Salle de la sous-préfecture, rue Thiers",
        "day": date(2019, 2, 7),
        "people": ST_LAURENT_PEOPLE,
        "description": (
            "Deuxième séjour de structuration du réseau de l'IAE en Guyane : échanges entre "
            "les SIAE de l'Ouest et avancée sur le futur réseau."
        ),
        "agenda": (
            "1. Tour de table des structures\n2. Les sorties des salariés en insertion dans "
            "l'Ouest\n3. Structuration du futur réseau de l'IAE\n4. Suites à donner"
        ),
        "points": (
            "Difficultés d'accès à l'emploi durable dans l'Ouest (mobilité, offre limitée, "
            "fleuve).\nIntérêt marqué des structures pour la construction d'un programme "
            "innovant de sorties positives adaptées au territoire.\nPrésentation des outils "
            "d'évaluation et de développement (dont le CAP)."
        ),
        "decisions": (
            "Construire un programme innovant pour des sorties positives adaptées à l'Ouest "
            "guyanais, porté collectivement par les SIAE.\nDésigner une structure référente "
            "pour l'Ouest dans le futur réseau."
        ),
        "follow_ups": [
            (
                "Rédiger une note de cadrage du programme de sorties positives adaptées",
                "Sébastien Galtier",
                date(2019, 4, 30),
                "Chantier Maroni Insertion",
            ),
            (
                "Recenser les partenaires de formation qualifiante dans l'Ouest",
                "Jean Abienso",
                date(2019, 5, 31),
                "Chantier Maroni Insertion",
            ),
        ],
    },
    {
        "title": "Réunion collective des SIAE de Cayenne et du Centre littoral",
        "commune": "97302",
        "address": "Locaux de la CRESS Guyane",
        "day": date(2019, 2, 11),
        "people": CAYENNE_PEOPLE,
        "description": (
            "Rencontre des SIAE de l'Île de Cayenne et du Centre littoral pour avancer sur la "
            "structuration du futur réseau de l'IAE."
        ),
        "agenda": (
            "1. Retour sur la réunion de Saint-Laurent-du-Maroni\n2. Réseau Ancrage et SIAE : "
            "vers un réseau commun\n3. Dialogues de gestion 2019\n4. Suites à donner"
        ),
        "points": (
            "Poursuite du rapprochement entre le réseau Ancrage et les SIAE (adhérentes "
            "COORACE et autres).\nPréparation des dialogues de gestion menés par la "
            "DIECCTE.\nAttentes des structures envers un réseau régional."
        ),
        "decisions": (
            "Continuer le rapprochement entre le réseau Ancrage et les SIAE pour faciliter la "
            "construction d'un réseau commun.\nTenir un comité de préfiguration du réseau "
            "avant l'été."
        ),
        "follow_ups": [
            (
                "Proposer une charte commune Ancrage – SIAE pour le futur réseau",
                "Hélène Thérèse",
                date(2019, 4, 15),
                "PTCE Ancrage",
            ),
            (
                "Accompagner APROSEP dans son DLA",
                "Sébastien Galtier",
                date(2019, 6, 30),
                "APROSEP",
            ),
        ],
    },
]


def _aware(day: date, hour: int, minute: int = 0, zone=CAYENNE) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def _register(event, people, *, structures, organisations, by, attended=True):
    created = 0
    for first, last, role, affiliation, present in people:
        structure = structures.get(affiliation)
        organisation = None if structure else organisations.get(affiliation)
        if first == "Marie" and last == "Joseph":
            email = demo_email("siae-a")
        elif first == "Jean" and last == "Abienso":
            email = demo_email("siae-b")
        elif first == "Claire" and last == "Lony":
            email = demo_email("dieccte")
        else:
            email = f"{first}.{last}".lower().replace(" ", "").replace("'", "") + "@exemple.test"
        _, made = Registration.objects.get_or_create(
            event=event,
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "structure": structure,
                "organisation": organisation,
                "status": RegistrationStatus.CONFIRMED,
                "registered_by": by,
                "registered_at": event.starts_at - timedelta(days=10),
                "attended": present if attended else None,
            },
        )
        created += made
    return created


# Follow-ups pushed into action plans rather than typed twice: (action, into the territorial
# action plan?)
PUSHED = [
    ("Accompagner APROSEP dans son DLA", False),
    ("Rédiger une note de cadrage du programme de sorties positives adaptées", True),
]


def _push_follow_ups(staff, guyane):
    from diagnostics.models import TerritorialDiagnostic

    from .services import EventError, follow_up_push

    diagnostic = (
        TerritorialDiagnostic.objects.filter(region=guyane, frozen_at__isnull=True)
        .order_by("period_start", "pk")
        .first()
    )
    for action, territorial in PUSHED:
        follow_up = MinutesFollowUp.objects.filter(action=action).first()
        if follow_up is None or follow_up.is_pushed or (territorial and diagnostic is None):
            continue
        try:
            follow_up_push(
                follow_up=follow_up, by=staff, diagnostic=diagnostic if territorial else None
            )
        except EventError:
            continue


def seed(ctx):
    kinds = {kind.slug: kind for kind in EventKind.objects.all()}
    guyane = Region.objects.get(code="03")
    normandie = Region.objects.get(code="28")
    communes = {c.insee_code: c for c in Commune.objects.select_related("departement")}
    structures = {s.name: s for s in Structure.objects.filter(departement__region=guyane)}
    organisations = {o.name: o for o in Organisation.objects.all()}
    users = {
        u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="demo.maillage.test")
    }
    staff, mission = users["guyane"], users["normandie"]
    counts = {"events": 0, "registrations": 0}

    for meeting in MEETINGS:
        starts = _aware(meeting["day"], 9)
        event, made = Event.objects.get_or_create(
            title=meeting["title"],
            starts_at=starts,
            defaults={
                "kind": kinds["reunion-collective"],
                "region": guyane,
                "commune": communes[meeting["commune"]],
                "address": meeting["address"],
                "ends_at": _aware(meeting["day"], 12, 30),
                "registration_closes_at": starts - timedelta(days=1),
                "capacity": 30,
                "description": meeting["description"],
                "agenda": meeting["agenda"],
                "status": EventStatus.HELD,
                "created_by": staff,
            },
        )
        counts["events"] += made
        if made:
            event.organisers.set([staff, mission])
            event.invited_organisations.set(
                [organisations[p[3]] for p in meeting["people"] if p[3] in organisations]
            )
        counts["registrations"] += _register(
            event,
            meeting["people"],
            structures=structures,
            organisations=organisations,
            by=staff,
        )
        minutes, made = Minutes.objects.get_or_create(
            event=event,
            defaults={
                "points": meeting["points"],
                "decisions": meeting["decisions"],
                "written_by": staff,
                "published_at": _aware(meeting["day"] + timedelta(days=4), 10),
            },
        )
        if made:
            for action, owner, due_on, structure in meeting["follow_ups"]:
                MinutesFollowUp.objects.create(
                    minutes=minutes,
                    action=action,
                    owner_name=owner,
                    owner_user=staff if owner == "Sébastien Galtier" else None,
                    due_on=due_on,
                    structure=structures.get(structure),
                    status=FollowUpStatus.OPEN,
                )

    _push_follow_ups(staff, guyane)
    network = RegionalNetwork.objects.filter(region=guyane, name=NETWORK).first()

    # Upcoming events, relative to the demo's present.
    today = timezone.localdate(timezone=CAYENNE)
    upcoming = [
        {
            "title": "Comité de préfiguration du réseau IAE de Guyane",
            "kind": "comite-reseau",
            "region": guyane,
            "commune": communes["97302"],
            "address": "Locaux de la CRESS Guyane",
            "day": today + timedelta(days=10),
            "hours": (9, 12),
            "capacity": 20,
            "status": EventStatus.PUBLISHED,
            "invited": ["DIECCTE Guyane", "CRESS Guyane", "Collectivité territoriale de Guyane"],
            "people": [
                ("Marie", "Joseph", "Directrice", "APROSEP", True),
                ("Hélène", "Thérèse", "Coordinatrice", "PTCE Ancrage", True),
                ("Jean", "Abienso", "Directeur", "Chantier Maroni Insertion", True),
                ("Claire", "Lony", "Chargée de mission IAE", "DIECCTE Guyane", True),
            ],
        },
        {
            "title": ASSEMBLY,
            "kind": "comite-reseau",
            "region": guyane,
            "commune": communes["97302"],
            "address": "Locaux de la CRESS Guyane",
            "day": today + timedelta(days=30),
            "hours": (9, 13),
            "capacity": 40,
            "status": EventStatus.PUBLISHED,
            "invited": ["DIECCTE Guyane", "CRESS Guyane"],
            "people": [
                ("Marie", "Joseph", "Directrice", "APROSEP", True),
                ("Hélène", "Thérèse", "Coordinatrice", "PTCE Ancrage", True),
                ("Olivier", "Martial", "Directeur", "Guyane Intérim Insertion", True),
                ("Rudy", "Pinas", "Gérant", "Bois et Fleuve", True),
                ("Yannick", "Bellony", "Responsable", "Kourou Services Emploi", True),
                ("Claire", "Lony", "Chargée de mission IAE", "DIECCTE Guyane", True),
            ],
        },
        {
            "title": "Formation : préparer son dialogue de gestion",
            "kind": "formation",
            "region": guyane,
            "commune": communes["97304"],
            "address": "Maison des entreprises",
            "day": today + timedelta(days=24),
            "hours": (8, 16),
            "capacity": 12,
            "status": EventStatus.PUBLISHED,
            "invited": ["DIECCTE Guyane"],
            "people": [("Fabien", "Rosamont", "Chargé d'accompagnement", "APROSEP", True)],
        },
        {
            "title": "Réunion d'information : les outils d'évaluation du réseau",
            "kind": "reunion-information",
            "region": guyane,
            "commune": None,
            "address": "",
            "day": today + timedelta(days=40),
            "hours": (14, 16),
            "capacity": None,
            "status": EventStatus.DRAFT,
            "invited": [],
            "people": [],
        },
        {
            "title": "Réunion collective des SIAE normandes",
            "kind": "reunion-collective",
            "region": normandie,
            "commune": communes.get("14118"),
            "address": "",
            "day": today + timedelta(days=15),
            "hours": (10, 12),
            "capacity": 25,
            "status": EventStatus.PUBLISHED,
            "invited": ["DREETS Normandie"],
            "people": [],
        },
    ]
    for spec in upcoming:
        zone = PARIS if spec["region"] == normandie else CAYENNE
        existing = Event.objects.filter(title=spec["title"], ends_at__gte=timezone.now()).first()
        if existing is not None:
            continue
        starts = _aware(spec["day"], spec["hours"][0], zone=zone)
        event = Event.objects.create(
            title=spec["title"],
            kind=kinds[spec["kind"]],
            region=spec["region"],
            commune=spec["commune"],
            address=spec["address"],
            online_url="" if spec["commune"] else "https://visio.exemple.test/reseau-iae",
            starts_at=starts,
            ends_at=_aware(spec["day"], spec["hours"][1], zone=zone),
            registration_closes_at=starts - timedelta(days=2),
            capacity=spec["capacity"],
            status=spec["status"],
            created_by=mission if spec["region"] == normandie else staff,
        )
        if spec["title"] in NETWORK_EVENTS:
            event.regional_network = network
            event.save(update_fields=["regional_network"])
        event.organisers.set([mission if spec["region"] == normandie else staff])
        event.invited_organisations.set([organisations[name] for name in spec["invited"]])
        counts["events"] += 1
        counts["registrations"] += _register(
            event,
            spec["people"],
            structures=structures,
            organisations=organisations,
            by=staff,
            attended=False,
        )
    _link_network(network, staff)
    ctx.log(f"{counts['events']} événements, {counts['registrations']} inscriptions créés")


def _link_network(network, staff):
    """The two collective meetings were the network's first; its assemblée constitutive is
    a milestone due on the assembly's day."""
    if network is None:
        return
    Event.objects.filter(
        title__in=[meeting["title"] for meeting in MEETINGS], regional_network__isnull=True
    ).update(regional_network=network)
    assembly = (
        Event.objects.filter(title=ASSEMBLY, regional_network=network)
        .order_by("-starts_at")
        .first()
    )
    if assembly is not None:
        milestone, _ = Milestone.objects.get_or_create(
            network=network,
            title=ASSEMBLY_MILESTONE,
            defaults={"due_on": assembly.local_starts_at.date(), "owner": staff},
        )
        # A later seed may have planned the assembly again: the milestone follows it.
        if milestone.reached_on is None and milestone.due_on != assembly.local_starts_at.date():
            milestone.due_on = assembly.local_starts_at.date()
            milestone.save(update_fields=["due_on"])
