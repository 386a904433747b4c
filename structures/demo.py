"""About twenty SIAE across Guyane (APROSEP and the PTCE Ancrage among them), a few in
Normandie; `--scale N` adds copies so N=50 gives about a thousand structures."""

from core.demo import fake_siret
from network.models import Commune

from .enums import StructureKind
from .models import Structure

ORDER = 20

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


def seed(ctx):
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
        if structure is None:
            structure = Structure(
                name=name,
                kind=kind,
                commune=commune,
                departement=commune.departement,
                siret=fake_siret(number),
            )
            created.append(structure)
        by_name[name] = structure
    Structure.objects.bulk_create(created, batch_size=500)
    ctx.refs["structures"] = by_name
    ctx.log(f"{len(created)} structures créées, {len(by_name)} au total")
