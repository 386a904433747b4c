"""Partners of the Guyane story (and two in Normandie, so regional scoping shows), their
contacts, the federation and the réseau IAE de Guyane in the making, the December 2018
and 28 January – 15 February 2019 missions with the meetings the story names, and the
2019 adhesion campaign.

Three steps: the partners come first, then the DIECCTE agent of `accounts.demo` joins
"DIECCTE Guyane", and the story comes after the structures and the staff accounts exist.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from structures.enums import AdhesionStatus, PaymentStatus
from structures.models import Adhesion, AdhesionCampaign, Structure
from territories.models import Commune, Region

from .enums import (
    InteractionKind,
    NetworkDocumentKind,
    NetworkMemberStatus,
    PublicationKind,
    RegionalNetworkStatus,
)
from .models import (
    College,
    Contact,
    Federation,
    Interaction,
    InteractionFollowUp,
    Milestone,
    Mission,
    NetworkDocument,
    NetworkMember,
    NetworkStageChange,
    Organisation,
    OrganisationKind,
    Publication,
    RegionalDelegation,
    RegionalNetwork,
)
from .reference import DATA_DIR

ORDER = 10
# The agent and the story refer to structures (ORDER 20) and accounts (ORDER 30).
STEPS = [(31, "seed_agents"), (35, "seed_story")]
AGENTS = {"dieccte": "DIECCTE Guyane"}

PARTNERS = [
    # name, kind slug, region code, commune INSEE
    ("DIECCTE Guyane", "dieccte", "03", "97302"),
    ("Pôle emploi Guyane", "france-travail", "03", "97302"),
    ("Cap emploi Guyane", "cap-emploi", "03", "97302"),
    ("Mission locale de Guyane", "mission-locale", "03", "97302"),
    ("CRESS Guyane", "cress", "03", "97302"),
    ("Sous-préfecture de Saint-Laurent-du-Maroni", "prefecture", "03", "97311"),
    ("Délégué du préfet à Kourou", "prefecture", "03", "97304"),
    ("Collectivité territoriale de Guyane", "collectivite-territoriale", "03", "97302"),
    ("DREETS Normandie", "dreets", "28", "76540"),
    ("CRESS Normandie", "cress", "28", "14118"),
]

# Fictional people in the roles the story names (never real persons' details).
CONTACTS = [
    # organisation, first name, last name, role
    ("DIECCTE Guyane", "Claire", "Lony", "Chargée de mission IAE"),
    ("DIECCTE Guyane", "Patrick", "Démonfort", "Responsable du pôle emploi"),
    ("Sous-préfecture de Saint-Laurent-du-Maroni", "Henri", "Exemplaire", "Sous-préfet"),
    ("Sous-préfecture de Saint-Laurent-du-Maroni", "Sonia", "Fictive", "Secrétaire générale"),
    ("Délégué du préfet à Kourou", "Marc", "Témoin", "Délégué du préfet"),
    ("Pôle emploi Guyane", "Lucie", "Modèle", "Directrice territoriale"),
    ("Cap emploi Guyane", "Yves", "Specimen", "Directeur"),
    ("Mission locale de Guyane", "Nadia", "Prototype", "Directrice"),
    ("Collectivité territoriale de Guyane", "Olivier", "Maquette", "Responsable IAE"),
    ("CRESS Guyane", "Inès", "Gabarit", "Chargée de développement"),
    ("DREETS Normandie", "Thomas", "Normand", "Référent IAE"),
]

NETWORK = "Réseau IAE de Guyane"

# The six founding members of the story: SIAE members of the federation and others
# (Guyane Intérim Insertion and Bois et Fleuve are not), and the PTCE Ancrage. Each
# committed on the day of a collective meeting; Chantier Maroni Insertion has yet to answer.
FOUNDERS = [
    # name, status, date (invited or committed), college
    ("APROSEP", NetworkMemberStatus.COMMITTED, datetime.date(2019, 2, 11), "SIAE"),
    ("PTCE Ancrage", NetworkMemberStatus.COMMITTED, datetime.date(2019, 2, 11), "ESS"),
    ("Chantier Maroni Insertion", NetworkMemberStatus.INVITED, datetime.date(2019, 2, 7), "SIAE"),
    ("Kourou Services Emploi", NetworkMemberStatus.COMMITTED, datetime.date(2019, 2, 11), "SIAE"),
    ("Guyane Intérim Insertion", NetworkMemberStatus.COMMITTED, datetime.date(2019, 2, 11), "SIAE"),
    ("Bois et Fleuve", NetworkMemberStatus.COMMITTED, datetime.date(2019, 2, 7), "SIAE"),
]
# Every one was invited at the first collective meeting.
INVITED_ON = datetime.date(2019, 2, 7)
# Invited after the meetings, and the CRESS as associate member.
INVITED = [
    ("Transport Solidaire de l'Ouest", datetime.date(2019, 2, 7)),
    ("Recyclerie de Rémire", datetime.date(2019, 2, 11)),
]
ASSOCIATES = [("CRESS Guyane", NetworkMemberStatus.COMMITTED, datetime.date(2019, 2, 8))]

COLLEGES = [
    ("SIAE", "Structures d'insertion par l'activité économique du territoire", 6),
    ("ESS", "PTCE, partenaires de l'économie sociale et solidaire (membres associés)", 3),
]

STAGES = [
    # from, to, date, reason
    (
        "",
        RegionalNetworkStatus.PROJECT,
        datetime.date(2018, 12, 14),
        "À la demande de la DIECCTE, premier séjour : diagnostic du tissu d'acteurs de l'IAE "
        "et proposition de structuration.",
    ),
    (
        RegionalNetworkStatus.PROJECT,
        RegionalNetworkStatus.PREFIGURATION,
        datetime.date(2019, 2, 11),
        "Réunions collectives de Saint-Laurent-du-Maroni et de Cayenne : les SIAE et le "
        "réseau Ancrage veulent construire un réseau commun.",
    ),
    (
        RegionalNetworkStatus.PREFIGURATION,
        RegionalNetworkStatus.FOUNDING,
        datetime.date(2019, 3, 5),
        "Bilan, hypothèses et plan d'action présentés à la DIECCTE : six membres fondateurs "
        "préparent les statuts et l'assemblée constitutive.",
    ),
]

MILESTONES = [
    ("Premier séjour : rencontre des acteurs de l'IAE", datetime.date(2018, 12, 14), True),
    ("Réunion collective à Saint-Laurent-du-Maroni", datetime.date(2019, 2, 7), True),
    ("Réunion collective à Cayenne", datetime.date(2019, 2, 11), True),
    ("Bilan, hypothèses et plan d'action présentés à la DIECCTE", datetime.date(2019, 3, 5), True),
    ("Projet de statuts partagé avec les membres fondateurs", datetime.date(2019, 6, 30), True),
]
# Its due date is the assembly's, which the events demo sets in the demo's present.
ASSEMBLY_MILESTONE = "Assemblée constitutive du réseau IAE de Guyane"
DRAFT_STATUTES = "Projet de statuts du réseau IAE de Guyane"

DECEMBER = "Premier séjour en Guyane (décembre 2018)"
FEBRUARY = "Second séjour : structuration du réseau (janvier–février 2019)"
MISSIONS = [
    # title, starts, ends, staff, purpose
    (
        DECEMBER,
        datetime.date(2018, 12, 10),
        datetime.date(2018, 12, 15),
        ["reseau", "guyane"],
        "À la demande de la DIECCTE : rencontrer les structures de l'IAE et les services de "
        "l'État, comprendre le contexte, les enjeux et les opportunités.",
    ),
    (
        FEBRUARY,
        datetime.date(2019, 1, 28),
        datetime.date(2019, 2, 15),
        ["guyane", "normandie"],
        "Structuration opérationnelle du réseau de l'IAE ; outils de professionnalisation "
        "(CAP) ; préparation des dialogues de gestion.",
    ),
]

RECENT_INTERACTIONS = [
    # days before today (never before 1 January), title, organisations, topics
    (
        20,
        "Point annuel avec la DIECCTE et la CRESS",
        ["DIECCTE Guyane", "CRESS Guyane"],
        "Suivi du réseau régional ; calendrier des dialogues de gestion de l'année.",
    ),
    (
        6,
        "Échange avec France Travail sur les prescriptions",
        ["Pôle emploi Guyane"],
        "Prescriptions vers les SIAE de l'Ouest ; places disponibles.",
    ),
]

INTERACTIONS = [
    # mission, date, kind, title, place, commune, staff, organisations, contacts
    # (last names), structures, topics, decisions
    (
        DECEMBER,
        datetime.date(2018, 12, 10),
        InteractionKind.MEETING,
        "Lancement de la mission avec la DIECCTE",
        "DIECCTE, Cayenne",
        "97302",
        ["reseau", "guyane"],
        ["DIECCTE Guyane"],
        ["Lony", "Démonfort"],
        [],
        "Commande : diagnostic du tissu d'acteurs de l'IAE, proposition de structuration, "
        "accompagnement de la vingtaine de structures.",
        "Programme du séjour validé ; second séjour prévu en février.",
    ),
    (
        DECEMBER,
        datetime.date(2018, 12, 11),
        InteractionKind.MEETING,
        "Rencontre du sous-préfet de Saint-Laurent-du-Maroni et de son secrétaire général",
        "Sous-préfecture",
        "97311",
        ["reseau", "guyane"],
        ["Sous-préfecture de Saint-Laurent-du-Maroni"],
        ["Exemplaire", "Fictive"],
        [],
        "Situation de l'Ouest guyanais ; accès à l'emploi le long du Maroni.",
        "",
    ),
    (
        DECEMBER,
        datetime.date(2018, 12, 11),
        InteractionKind.COLLECTIVE,
        "Rencontre des SIAE de l'Ouest",
        "Saint-Laurent-du-Maroni",
        "97311",
        ["reseau", "guyane"],
        [],
        [],
        ["Chantier Maroni Insertion", "Bois et Fleuve", "Transport Solidaire de l'Ouest"],
        "Besoins des structures, isolement, professionnalisation.",
        "",
    ),
    (
        DECEMBER,
        datetime.date(2018, 12, 12),
        InteractionKind.MEETING,
        "Rencontre du délégué du préfet à Kourou",
        "Kourou",
        "97304",
        ["reseau", "guyane"],
        ["Délégué du préfet à Kourou"],
        ["Témoin"],
        ["Kourou Services Emploi"],
        "Politique de la ville et IAE à Kourou.",
        "",
    ),
    (
        DECEMBER,
        datetime.date(2018, 12, 13),
        InteractionKind.MEETING,
        "Rencontre des directions de Pôle emploi, Cap emploi et de la mission locale",
        "Cayenne",
        "97302",
        ["reseau", "guyane"],
        ["Pôle emploi Guyane", "Cap emploi Guyane", "Mission locale de Guyane"],
        ["Modèle", "Specimen", "Prototype"],
        [],
        "Orientation des publics vers les SIAE ; prescriptions.",
        "",
    ),
    (
        DECEMBER,
        datetime.date(2018, 12, 14),
        InteractionKind.MEETING,
        "Rencontre des responsables de l'IAE à la collectivité territoriale de Guyane",
        "CTG, Cayenne",
        "97302",
        ["reseau", "guyane"],
        ["Collectivité territoriale de Guyane"],
        ["Maquette"],
        [],
        "Financements de la collectivité ; insertion et commande publique.",
        "",
    ),
    (
        FEBRUARY,
        datetime.date(2019, 2, 7),
        InteractionKind.COLLECTIVE,
        "Réunion collective des SIAE à Saint-Laurent-du-Maroni",
        "Saint-Laurent-du-Maroni",
        "97311",
        ["guyane", "normandie"],
        [],
        [],
        [
            "Chantier Maroni Insertion",
            "Bois et Fleuve",
            "Transport Solidaire de l'Ouest",
            "Mana Solidarité",
            "Atelier Couture d'Apatou",
        ],
        "Structuration du futur réseau de l'IAE ; échanges entre SIAE.",
        "Construire un programme innovant de sorties positives adaptées à l'Ouest.",
    ),
    (
        FEBRUARY,
        datetime.date(2019, 2, 8),
        InteractionKind.MEETING,
        "Rencontre de la CRESS",
        "Cayenne",
        "97302",
        ["guyane", "normandie"],
        ["CRESS Guyane"],
        ["Gabarit"],
        [],
        "Envie commune de créer un réseau d'accompagnement pour fédérer les SIAE guyanaises.",
        "",
    ),
    (
        FEBRUARY,
        datetime.date(2019, 2, 8),
        InteractionKind.MEETING,
        "Rencontre de la DIECCTE",
        "DIECCTE, Cayenne",
        "97302",
        ["guyane", "normandie"],
        ["DIECCTE Guyane"],
        ["Lony"],
        [],
        "Point d'étape ; dialogues de gestion ; réseau d'accompagnement des SIAE.",
        "Bilan, hypothèses et plan d'action à présenter à la DIECCTE.",
    ),
    (
        FEBRUARY,
        datetime.date(2019, 2, 11),
        InteractionKind.COLLECTIVE,
        "Réunion collective des SIAE à Cayenne",
        "Cayenne",
        "97302",
        ["guyane", "normandie"],
        [],
        [],
        [
            "APROSEP",
            "PTCE Ancrage",
            "Guyane Intérim Insertion",
            "Recyclerie de Rémire",
            "Insert'Habitat Cayenne",
            "Cayenne Propreté Insertion",
        ],
        "Rapprochement entre le réseau Ancrage et les SIAE (adhérentes et autres).",
        "Construire un réseau commun.",
    ),
    (
        FEBRUARY,
        datetime.date(2019, 1, 30),
        InteractionKind.SUPPORT,
        "Dispositif local d'accompagnement (DLA) avec APROSEP",
        "APROSEP, Cayenne",
        "97302",
        ["guyane"],
        [],
        [],
        ["APROSEP"],
        "Diagnostic partagé et plan d'accompagnement.",
        "",
    ),
]

# "12 SIAE et le PTCE Ancrage ont été accompagnés avec les outils d'évaluation."
ACCOMPANIED = [
    "PTCE Ancrage",
    "APROSEP",
    "Chantier Maroni Insertion",
    "Kourou Services Emploi",
    "Régie de quartier de Matoury",
    "Guyane Intérim Insertion",
    "Les Jardins de Macouria",
    "Bois et Fleuve",
    "Mana Solidarité",
    "Recyclerie de Rémire",
    "Insert'Habitat Cayenne",
    "Transport Solidaire de l'Ouest",
    "Cayenne Propreté Insertion",
]

FOLLOW_UPS = [
    # interaction title, follow-up, owner, due, done
    (
        "Rencontre de la DIECCTE",
        "Présenter le bilan, les hypothèses et le plan d'action à la DIECCTE",
        "guyane",
        datetime.date(2019, 3, 5),
        True,
    ),
    (
        "Réunion collective des SIAE à Saint-Laurent-du-Maroni",
        "Esquisser le programme de sorties positives adaptées à l'Ouest",
        "normandie",
        datetime.date(2019, 4, 30),
        False,
    ),
    (
        "Réunion collective des SIAE à Cayenne",
        "Préparer les statuts du réseau IAE de Guyane avec Ancrage",
        "guyane",
        datetime.date(2019, 6, 30),
        False,
    ),
]


def seed(ctx):
    seed_partners(ctx)


def seed_partners(ctx):
    regions = {region.code: region for region in Region.objects.all()}
    kinds = {kind.slug: kind for kind in OrganisationKind.objects.all()}
    organisations = {}
    for name, kind, region, insee in PARTNERS:
        commune = Commune.objects.select_related("departement").get(insee_code=insee)
        organisations[name], _ = Organisation.objects.get_or_create(
            name=name,
            region=regions[region],
            defaults={
                "kind": kinds[kind],
                "commune": commune,
                "departement": commune.departement,
            },
        )
    created = 0
    for organisation, first, last, role in CONTACTS:
        slug = f"{first}.{last}".lower().replace("é", "e")
        _contact, new = Contact.objects.get_or_create(
            organisation=organisations[organisation],
            last_name=last,
            first_name=first,
            defaults={"role": role, "email": f"{slug}@exemple.test", "phone": "+594 594 30 00 00"},
        )
        created += new
    ctx.refs["organisations"] = organisations
    ctx.refs["regions"] = regions
    ctx.log(f"{len(organisations)} partenaires, {created} contacts créés")


def seed_agents(ctx):
    users = ctx.refs["users"]
    for local, organisation_name in AGENTS.items():
        user = users[local]
        user.organisation = Organisation.objects.get(name=organisation_name)
        user.save(update_fields=["organisation"])


def seed_story(ctx):
    guyane = Region.objects.get(code="03")
    normandie = Region.objects.get(code="28")
    users = {
        u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.maillage.test")
    }
    structures = {
        s.name: s for s in Structure.objects.filter(departement__region__in=[guyane, normandie])
    }
    organisations = {o.name: o for o in Organisation.objects.filter(region=guyane)}
    contacts = {c.last_name: c for c in Contact.objects.filter(organisation__region=guyane)}

    federation, _ = Federation.objects.get_or_create(
        name="COORACE", defaults={"acronym": "COORACE"}
    )
    delegation, _ = RegionalDelegation.objects.get_or_create(
        federation=federation,
        region=normandie,
        defaults={"name": "COORACE Normandie"},
    )
    delegation.delegates.add(users["normandie"])
    seed_regional_network(
        region=guyane,
        federation=federation,
        structures=structures,
        organisations=organisations,
        staff=users["guyane"],
    )

    missions = {}
    for title, starts_on, ends_on, staff, purpose in MISSIONS:
        missions[title], _ = Mission.objects.get_or_create(
            title=title,
            region=guyane,
            defaults={"starts_on": starts_on, "ends_on": ends_on, "purpose": purpose},
        )
        missions[title].staff.add(*(users[local] for local in staff))

    communes = {c.insee_code: c for c in Commune.objects.filter(departement__region=guyane)}
    interactions = {}
    rows = list(INTERACTIONS)
    for index, name in enumerate(ACCOMPANIED):
        rows.append(
            (
                FEBRUARY,
                datetime.date(2019, 1, 29) + datetime.timedelta(days=index),
                InteractionKind.SUPPORT,
                f"Accompagnement individuel : {name}",
                name,
                structures[name].commune.insee_code,
                ["guyane", "normandie"],
                [],
                [],
                [name],
                "Outils d'évaluation et de développement (CAP) ; préparation du dialogue "
                "de gestion avec la DIECCTE.",
                "",
            )
        )
    # Exchanges of the demo's present (the story is in 2019): the staff home counts the
    # partners met since 1 January, like every figure of the current year.
    today = timezone.localdate()
    for days, title, orgs, topics in RECENT_INTERACTIONS:
        rows.append(
            (
                None,
                max(datetime.date(today.year, 1, 1), today - datetime.timedelta(days=days)),
                InteractionKind.MEETING,
                title,
                "Cayenne",
                "97302",
                ["guyane"],
                orgs,
                [],
                [],
                topics,
                "",
            )
        )
    created = 0
    for row in rows:
        (
            mission,
            day,
            kind,
            title,
            place,
            insee,
            staff,
            orgs,
            people,
            structs,
            topics,
            decisions,
        ) = row
        # A recent exchange is found again by its title (its date follows the present).
        keys = {"region": guyane, "title": title}
        if mission is not None:
            keys["occurred_on"] = day
        interaction, new = Interaction.objects.get_or_create(
            **keys,
            defaults={
                "occurred_on": day,
                "mission": missions[mission] if mission else None,
                "kind": kind,
                "place": place,
                "commune": communes[insee],
                "topics": topics,
                "decisions": decisions,
            },
        )
        created += new
        interaction.staff.add(*(users[local] for local in staff))
        interaction.organisations.add(*(organisations[name] for name in orgs))
        interaction.contacts.add(*(contacts[name] for name in people))
        interaction.structures.add(*(structures[name] for name in structs))
        interactions[title] = interaction
    for title, what, owner, due_on, done in FOLLOW_UPS:
        InteractionFollowUp.objects.get_or_create(
            interaction=interactions[title],
            title=what,
            defaults={
                "owner": users[owner],
                "due_on": due_on,
                "done_at": (
                    datetime.datetime.combine(due_on, datetime.time(12), tzinfo=datetime.UTC)
                    if done
                    else None
                ),
            },
        )
    ctx.log(f"{len(missions)} missions, {created} échanges créés")
    seed_campaign(ctx)
    seed_publications(ctx, author=users["reseau"])


STATUS_WEIGHTS = [
    (AdhesionStatus.MEMBER, 5),
    (AdhesionStatus.PENDING, 2),
    (AdhesionStatus.INVITED, 3),
    (AdhesionStatus.LAPSED, 1),
]


def seed_campaign(ctx):
    """The 2019 campaign: one adhesion per structure, with a status drawn per structure
    name (so adding structures never changes the others')."""
    campaign, _ = AdhesionCampaign.objects.get_or_create(
        year=2019,
        defaults={
            "starts_on": datetime.date(2019, 1, 1),
            "ends_on": datetime.date(2019, 12, 31),
            "default_dues": Decimal("350.00"),
            "opened_at": datetime.datetime(2019, 1, 15, 9, tzinfo=datetime.UTC),
        },
    )
    fixed = {
        "APROSEP": (AdhesionStatus.MEMBER, PaymentStatus.PAID),
        "Chantier Maroni Insertion": (AdhesionStatus.PENDING, PaymentStatus.DUE),
    }
    already = set(campaign.adhesions.values_list("structure_id", flat=True))
    new = []
    for structure in Structure.objects.exclude(pk__in=already).order_by("pk"):
        rng = random.Random(f"membership-{structure.name}")
        status = rng.choices(
            [s for s, _w in STATUS_WEIGHTS], weights=[w for _s, w in STATUS_WEIGHTS]
        )[0]
        payment = PaymentStatus.PAID if status == AdhesionStatus.MEMBER else PaymentStatus.DUE
        status, payment = fixed.get(structure.name, (status, payment))
        new.append(
            Adhesion(
                campaign=campaign,
                structure=structure,
                status=status,
                payment_status=payment,
                dues_amount=campaign.default_dues,
                paid_on=datetime.date(2019, 2, 15) if payment == PaymentStatus.PAID else None,
            )
        )
    Adhesion.objects.bulk_create(new, batch_size=1000)
    ctx.log(f"campagne 2019 : {len(new)} adhésions créées")


PUBLICATIONS = [
    # kind, title, summary, body, published, regions (codes), kinds, link
    (
        PublicationKind.NEWS,
        "Structuration d'un réseau de l'IAE en Guyane : COORACE s'engage",
        "Deux séjours en Guyane, en décembre et en février, pour structurer un réseau des "
        "SIAE guyanaises.",
        None,  # the field story, read from network/data/news_guyane_2019.md
        datetime.datetime(2019, 3, 5, 10, tzinfo=datetime.UTC),
        [],
        [],
        "",
    ),
    (
        PublicationKind.GUIDE,
        "Préparer son dialogue de gestion avec la DIECCTE",
        "Bilan de l'année, ETP réalisés, publics, sorties : la trame d'une préparation.",
        "## Avant le rendez-vous\n\n- Rassembler les **ETP conventionnés et réalisés**\n"
        "- Calculer les taux de sortie (durable, dynamique)\n- Lister les moyens "
        "d'accompagnement et de formation\n\n## Pendant\n\nPrésenter les résultats, "
        "les difficultés et les besoins de l'année suivante.",
        datetime.datetime(2019, 2, 1, 10, tzinfo=datetime.UTC),
        ["03"],
        [],
        "",
    ),
    (
        PublicationKind.TEMPLATE,
        "Modèle de statuts d'un réseau régional de l'IAE",
        "Une base de travail pour le réseau IAE de Guyane.",
        "Statuts types d'association : objet, collèges (SIAE, partenaires), gouvernance, "
        "cotisations. À adapter avec les membres fondateurs.",
        datetime.datetime(2019, 3, 20, 10, tzinfo=datetime.UTC),
        ["03"],
        [],
        "",
    ),
    (
        PublicationKind.LEGAL,
        "Note : l'aide au poste des ateliers et chantiers d'insertion",
        "Montant socle, part modulée et calendrier de versement.",
        "Le montant socle de l'aide au poste est fixé chaque année par arrêté ; la part "
        "modulée (0 à 10 %) tient compte du public accueilli, des moyens d'insertion et "
        "des résultats de sortie.",
        datetime.datetime(2019, 1, 15, 10, tzinfo=datetime.UTC),
        [],
        ["ACI"],
        "",
    ),
    (
        PublicationKind.RECORDING,
        "Enregistrement : présentation des outils d'évaluation (CAP)",
        "La session de présentation des outils d'évaluation et de développement.",
        "L'enregistrement de la session est accessible par le lien ci-dessous.",
        datetime.datetime(2019, 2, 20, 10, tzinfo=datetime.UTC),
        [],
        [],
        "https://example.org/enregistrements/cap-2019",
    ),
]


def seed_publications(ctx, *, author):
    regions = {region.code: region for region in Region.objects.filter(code__in=["03", "28"])}
    created = 0
    for kind, title, summary, body, published_at, codes, kinds, link in PUBLICATIONS:
        if body is None:
            body = (DATA_DIR / "news_guyane_2019.md").read_text(encoding="utf-8")
        publication, new = Publication.objects.get_or_create(
            title=title,
            kind=kind,
            defaults={
                "summary": summary,
                "body": body,
                "published_at": published_at,
                "link": link,
                "created_by": author,
                "structure_kinds": f",{','.join(kinds)}," if kinds else "",
            },
        )
        if new:
            publication.regions.set([regions[code] for code in codes])
        created += new
    ctx.log(f"{created} publications créées")


def _demo_pdf(title: str) -> bytes:
    """A one-page PDF saying what the document is (the demo ships no real statutes)."""
    text = title.encode("latin-1", "replace")
    stream = b"BT /F1 14 Tf 60 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def seed_regional_network(*, region, federation, structures, organisations, staff):
    """The réseau IAE de Guyane in constitution: its stages with their history, the six
    founding members and the invited ones, two colleges, its milestones and its draft
    statutes. The events demo adds its meetings and the assemblée constitutive."""
    from django.core.files.base import ContentFile

    network, _ = RegionalNetwork.objects.get_or_create(
        name=NETWORK,
        region=region,
        defaults={
            "federation": federation,
            "status": STAGES[-1][1],
            "created_by": staff,
            "created_at": datetime.datetime(2018, 12, 14, 12, tzinfo=datetime.UTC),
            "purpose": (
                "Représenter et accompagner l'ensemble des SIAE de Guyane : un réseau commun "
                "des SIAE (adhérentes de COORACE et autres) et du réseau Ancrage."
            ),
            "governance_notes": (
                "Réseau commun des SIAE guyanaises et du réseau Ancrage, accompagné par "
                "COORACE à la demande de la DIECCTE. Représentation de l'Ouest à garantir."
            ),
        },
    )
    for from_status, to_status, changed_on, reason in STAGES:
        NetworkStageChange.objects.get_or_create(
            network=network,
            to_status=to_status,
            changed_on=changed_on,
            defaults={"from_status": from_status, "reason": reason, "changed_by": staff},
        )
    colleges = {}
    for name, description, seats in COLLEGES:
        colleges[name], _ = College.objects.get_or_create(
            network=network, name=name, defaults={"description": description, "seats": seats}
        )
    date_field = {
        NetworkMemberStatus.INVITED: "invited_on",
        NetworkMemberStatus.COMMITTED: "committed_on",
    }
    rows = [
        (structures[name], None, status, on, college, True)
        for name, status, on, college in FOUNDERS
    ]
    rows += [
        (structures[name], None, NetworkMemberStatus.INVITED, on, "SIAE", False)
        for name, on in INVITED
    ]
    rows += [
        (None, organisations[name], status, on, "ESS", False) for name, status, on in ASSOCIATES
    ]
    for structure, organisation, status, on, college, founding in rows:
        defaults = {
            "status": status,
            "is_founding": founding,
            "college": colleges[college],
            "invited_on": INVITED_ON,
            date_field[status]: on,
        }
        NetworkMember.objects.get_or_create(
            network=network, structure=structure, organisation=organisation, defaults=defaults
        )
    for title, due_on, reached in MILESTONES:
        Milestone.objects.get_or_create(
            network=network,
            title=title,
            defaults={"due_on": due_on, "reached_on": due_on if reached else None, "owner": staff},
        )
    if not NetworkDocument.objects.filter(network=network, title=DRAFT_STATUTES).exists():
        content = _demo_pdf(DRAFT_STATUTES)
        document = NetworkDocument(
            network=network,
            kind=NetworkDocumentKind.STATUTES,
            title=DRAFT_STATUTES,
            original_name="projet-statuts-reseau-iae-guyane.pdf",
            content_type="application/pdf",
            size=len(content),
            uploaded_by=staff,
            uploaded_at=datetime.datetime(2019, 6, 30, 12, tzinfo=datetime.UTC),
        )
        document.file.save(document.original_name, ContentFile(content), save=True)
    return network
