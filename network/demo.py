"""Partners of the Guyane story (and one in Normandie, so regional scoping shows)."""

from .models import Commune, Organisation, OrganisationKind, Region

ORDER = 10

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


def seed(ctx):
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
    ctx.refs["organisations"] = organisations
    ctx.refs["regions"] = regions
    ctx.log(f"{len(organisations)} partenaires")
