"""About twenty SIAE across Guyane (APROSEP and the PTCE Ancrage among them), a few in
Normandie; `--scale N` adds copies so N=50 gives about a thousand structures.

The Guyane SIAE get a profile, conventions 2017–2019 and indicators 2016–2018 (2016 and
2017 locked after their dialogue de gestion). Figures are plausible, not real: each one
comes from an rng seeded with the structure's SIRET and the year, so they never change
from one run to the next, and only what is missing is created.
"""

import datetime
import random
from decimal import Decimal

from stdnum import luhn
from stdnum.fr import siret as stdnum_siret

from territories.models import Commune

from .enums import ActivitySector, LegalForm, StructureKind
from .models import Convention, Structure, StructureMembership, YearlyIndicators
from .validators import search_key

ORDER = 20
# The demo managers (`accounts.demo`, ORDER 30) join their structures' teams.
STEPS = [(31, "seed_teams")]
TEAMS = {"siae-a": "APROSEP", "siae-b": "Chantier Maroni Insertion"}

STRUCTURES = [
    # name, kind, commune INSEE
    ("APROSEP", "ACI", "97302"),
    ("PTCE Ancrage", "PTCE", "97302"),
    ("Chantier Maroni Insertion", "ACI", "97311"),
    ("Kourou Services Emploi", "AI", "97304"),
    ("Régie de quartier de Matoury", "ACI", "97307"),
    ("Guyane Intérim Insertion", "ETTI", "97302"),
    ("Les Jardins de Macouria", "ACI", "97305"),
    ("Bois et Fleuve", "EI", "97311"),
    ("Mana Solidarité", "AI", "97306"),
    ("Recyclerie de Rémire", "ACI", "97309"),
    ("Atelier Couture d'Apatou", "ACI", "97360"),
    ("Maripasoula Bâtiment Insertion", "EI", "97353"),
    ("Grand-Santi Environnement", "ACI", "97357"),
    ("Iracoubo Services", "AI", "97303"),
    ("Awala Nature", "ACI", "97361"),
    ("Camopi Services", "AI", "97356"),
    ("Insert'Habitat Cayenne", "EI", "97302"),
    ("Transport Solidaire de l'Ouest", "EI", "97311"),
    ("Cayenne Propreté Insertion", "EI", "97302"),
    ("GEIQ BTP Guyane", "GEIQ", "97307"),
    ("Les Ateliers du Cotentin", "ACI", "50129"),
    ("Rouen Intérim Solidaire", "ETTI", "76540"),
    ("Caen Services Plus", "AI", "14118"),
    ("Recyclerie du Havre", "ACI", "76351"),
    ("Évreux Bâtiment Insertion", "EI", "27229"),
]
SCALED_KINDS = [StructureKind.ACI, StructureKind.AI, StructureKind.EI, StructureKind.ETTI]

SECTORS = {
    "APROSEP": [ActivitySector.ENVIRONMENT, ActivitySector.BUILDING],
    "PTCE Ancrage": [ActivitySector.OTHER],
    "Chantier Maroni Insertion": [ActivitySector.ENVIRONMENT, ActivitySector.WOOD],
    "Bois et Fleuve": [ActivitySector.WOOD, ActivitySector.TRANSPORT],
    "Les Jardins de Macouria": [ActivitySector.AGRICULTURE],
    "Recyclerie de Rémire": [ActivitySector.RECYCLING],
    "Atelier Couture d'Apatou": [ActivitySector.TEXTILE],
    "Cayenne Propreté Insertion": [ActivitySector.CLEANING],
    "Transport Solidaire de l'Ouest": [ActivitySector.TRANSPORT],
}
KIND_DEFAULTS = {
    # legal form, NAF code, sectors
    "ACI": (LegalForm.ASSOCIATION, "8899B", [ActivitySector.ENVIRONMENT]),
    "AI": (
        LegalForm.ASSOCIATION,
        "7830Z",
        [ActivitySector.TEMPORARY_WORK, ActivitySector.SERVICES],
    ),
    "EI": (LegalForm.SARL, "4399C", [ActivitySector.BUILDING]),
    "ETTI": (LegalForm.SAS, "7820Z", [ActivitySector.TEMPORARY_WORK]),
    "EITI": (LegalForm.SAS, "8299Z", [ActivitySector.OTHER]),
    "GEIQ": (LegalForm.ASSOCIATION, "7830Z", [ActivitySector.BUILDING]),
    "PTCE": (LegalForm.ASSOCIATION, "9499Z", [ActivitySector.OTHER]),
}
# Illustrative figures of the 2019 period (verify against the yearly decrees): aid per
# full-time post and the yearly hours of one ETP, by kind.
AID_PER_POST = {"ACI": 19897, "AI": 1343, "EI": 10237, "ETTI": 4331, "EITI": 10237}
HOURS_PER_ETP = {"ACI": 1820, "AI": 1607, "EI": 1505, "ETTI": 1600, "EITI": 1505}
ETP_RANGE = {"ACI": (8, 24), "AI": (5, 16), "EI": (4, 12), "ETTI": (3, 10), "EITI": (2, 6)}
CONVENTION_YEARS = (2017, 2018, 2019)
INDICATOR_YEARS = (2016, 2017, 2018)
LOCKED_YEARS = (2016, 2017)
GUYANE = "973"
PROFILE_FIELDS = [
    "legal_form",
    "naf_code",
    "address",
    "sectors",
    "description",
    "website",
    "public_email",
    "public_phone",
    "founded_on",
]


def demo_siret(number: int) -> str:
    """A SIRET whose SIREN and whole number pass the Luhn check (SIREN 99…: never real)."""
    siren_body = f"99{number:06d}"
    siren = siren_body + luhn.calc_check_digit(siren_body)
    body = f"{siren}0001"
    return body + luhn.calc_check_digit(body)


def _slug(name: str) -> str:
    return search_key(name).replace(" ", "-")


def _profile(structure: Structure, rng: random.Random) -> dict:
    legal_form, naf, sectors = KIND_DEFAULTS.get(structure.kind, (LegalForm.OTHER, "", []))
    slug = _slug(structure.name)
    return {
        "legal_form": legal_form,
        "naf_code": naf,
        "address": f"{rng.randint(1, 120)} rue {rng.choice(['des Palmistes', 'du Fleuve', 'Lallouette', 'de la Liberté', 'des Écoles'])}",
        "sectors": [str(s) for s in SECTORS.get(structure.name, sectors)],
        "description": (
            f"{structure.get_kind_display()} implantée à {structure.commune.name}, "
            f"{structure.name} accompagne vers l'emploi des personnes qui en sont éloignées."
        ),
        "website": f"https://{slug}.example.org",
        "public_email": f"contact@{slug}.example.org",
        # Guyane fixed lines: 0594 followed by a valid range (here 3x), stored in E.164.
        "public_phone": f"+594 594 3{rng.randint(10, 99) % 10} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        if structure.departement.code == GUYANE
        else f"+33 2 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        "founded_on": datetime.date(
            rng.randint(1995, 2015), rng.randint(1, 12), rng.randint(1, 28)
        ),
    }


def _seed_structures(ctx) -> dict[str, Structure]:
    communes = {c.insee_code: c for c in Commune.objects.select_related("departement")}
    existing = {(s.name, s.commune_id): s for s in Structure.objects.all()}
    wanted = []
    for number, (name, kind, insee) in enumerate(STRUCTURES, start=1):
        wanted.append((name, kind, communes[insee], number))
    rng = ctx.fresh_rng("structures")
    commune_list = sorted(communes.values(), key=lambda commune: commune.insee_code)
    for copy in range(1, ctx.scale):
        for index in range(20):
            commune = rng.choice(commune_list)
            kind = SCALED_KINDS[(copy + index) % len(SCALED_KINDS)]
            wanted.append(
                (f"SIAE {commune.name} {copy:02d}-{index:02d}", kind, commune, 1000 * copy + index)
            )
    created = []
    by_name = {}
    for name, kind, commune, number in wanted:
        structure = existing.get((name, commune.pk))
        if structure is not None and not stdnum_siret.is_valid(structure.siret):
            # Demo data of earlier versions had SIRETs whose SIREN failed the check.
            structure.siret = demo_siret(number)
            Structure.objects.filter(pk=structure.pk).update(siret=structure.siret)
        if structure is None:
            structure = Structure(
                name=name,
                kind=kind,
                commune=commune,
                departement=commune.departement,
                siret=demo_siret(number),
                search_name=search_key(name),
            )
            created.append(structure)
        by_name[name] = structure
    Structure.objects.bulk_create(created, batch_size=500)
    ctx.log(f"{len(created)} structures créées, {len(by_name)} au total")
    return by_name


def _seed_profiles(structures) -> int:
    """Fill the profile of structures that have none yet (a staff edit is never undone)."""
    changed = []
    for structure in structures:
        if structure.legal_form or structure.description:
            if not structure.search_name:
                structure.search_name = search_key(structure.name)
                changed.append(structure)
            continue
        rng = random.Random(f"profile-{structure.siret}")
        for name, value in _profile(structure, rng).items():
            setattr(structure, name, value)
        structure.search_name = search_key(structure.name)
        changed.append(structure)
    Structure.objects.bulk_update(changed, [*PROFILE_FIELDS, "search_name"], batch_size=500)
    return len(changed)


def _indicators(structure: Structure, year: int, etp_conventionnes: Decimal) -> YearlyIndicators:
    rng = random.Random(f"indicators-{structure.siret}-{year}")
    etp_realises = (etp_conventionnes * Decimal(rng.uniform(0.72, 1.04))).quantize(Decimal("0.01"))
    employees = max(1, round(float(etp_realises) * rng.uniform(1.8, 2.6)))
    exits = max(1, round(employees * rng.uniform(0.35, 0.55)))
    durable = round(exits * rng.uniform(0.12, 0.35))
    transition = round(exits * rng.uniform(0.08, 0.25))
    positive = round(exits * rng.uniform(0.08, 0.25))
    other = max(0, exits - durable - transition - positive)
    return YearlyIndicators(
        structure=structure,
        year=year,
        employees=employees,
        hours_worked=(etp_realises * HOURS_PER_ETP.get(structure.kind, 1607)).quantize(
            Decimal("0.1")
        ),
        etp_realises=etp_realises,
        hired_rsa=round(employees * rng.uniform(0.3, 0.6)),
        hired_under_26=round(employees * rng.uniform(0.15, 0.35)),
        hired_over_50=round(employees * rng.uniform(0.05, 0.2)),
        hired_disabled=round(employees * rng.uniform(0.02, 0.1)),
        hired_qpv=round(employees * rng.uniform(0.1, 0.4)),
        training_hours=Decimal(round(employees * rng.uniform(10, 45))),
        support_staff_etp=(etp_conventionnes / Decimal(rng.choice([6, 8, 10]))).quantize(
            Decimal("0.01")
        ),
        exits_durable=durable,
        exits_transition=transition,
        exits_positive=positive,
        exits_other=other,
        exits_neutralised=rng.randint(0, 2),
        locked_at=datetime.datetime(year + 1, 4, 15, 12, tzinfo=datetime.UTC)
        if year in LOCKED_YEARS
        else None,
    )


def _etp(structure: Structure) -> Decimal:
    low, high = ETP_RANGE[structure.kind]
    return Decimal(random.Random(f"etp-{structure.siret}").randint(low * 2, high * 2)) / 2


def _seed_agreements(structures) -> tuple[int, int]:
    guyane_siae = sorted(
        (s for s in structures if s.departement.code == GUYANE and s.is_siae),
        key=lambda s: s.siret,
    )
    conventions = set(
        Convention.objects.filter(structure__in=guyane_siae).values_list("structure_id", "year")
    )
    indicators = set(
        YearlyIndicators.objects.filter(structure__in=guyane_siae).values_list(
            "structure_id", "year"
        )
    )
    new_conventions, new_indicators = [], []
    for number, structure in enumerate(guyane_siae, start=1):
        etp = _etp(structure)
        for renewal, year in enumerate(CONVENTION_YEARS):
            if (structure.pk, year) in conventions:
                continue
            new_conventions.append(
                Convention(
                    structure=structure,
                    year=year,
                    number=f"{structure.kind}{GUYANE}{year % 100:02d}{number:04d}A{renewal}M0",
                    starts_on=datetime.date(year, 1, 1),
                    ends_on=datetime.date(year, 12, 31),
                    etp_conventionnes=etp,
                    aid_per_post=Decimal(AID_PER_POST[structure.kind]),
                    status="signed" if year < 2019 else "filed",
                )
            )
        for year in INDICATOR_YEARS:
            if (structure.pk, year) not in indicators:
                new_indicators.append(_indicators(structure, year, etp))
    Convention.objects.bulk_create(new_conventions, batch_size=500)
    YearlyIndicators.objects.bulk_create(new_indicators, batch_size=500)
    return len(new_conventions), len(new_indicators)


def seed(ctx):
    by_name = _seed_structures(ctx)
    structures = list(
        Structure.objects.filter(pk__in=[s.pk for s in by_name.values()]).select_related(
            "commune", "departement"
        )
    )
    profiles = _seed_profiles(structures)
    conventions, indicators = _seed_agreements(structures)
    by_pk = {s.pk: s for s in structures}
    ctx.refs["structures"] = {name: by_pk.get(s.pk, s) for name, s in by_name.items()}
    ctx.log(
        f"{profiles} profils complétés, {conventions} conventions, {indicators} années d'indicateurs"
    )


def seed_teams(ctx):
    users = ctx.refs["users"]
    for local, structure_name in TEAMS.items():
        StructureMembership.objects.get_or_create(
            user=users[local],
            structure=Structure.objects.get(name=structure_name),
            defaults={"is_admin": True},
        )
