"""Demo accounts (password `maillage-demo`), exempt from two-factor."""

from allauth.account.models import EmailAddress

from core.demo import DEMO_PASSWORD, demo_email
from network.models import Organisation
from structures.models import Structure, StructureMembership
from territories.models import Region

from .enums import Role, StaffScope
from .models import User

ORDER = 30

ACCOUNTS = [
    # local part, first name, last name, job title, role, scope, region code
    ("admin", "Admin", "Maillage", "Administrateur", Role.STAFF, StaffScope.NATIONAL, None),
    ("reseau", "Éric", "Béasse", "Secrétaire général", Role.STAFF, StaffScope.NATIONAL, None),
    (
        "guyane",
        "Sébastien",
        "Galtier",
        "Chargé de mission innovation sociale",
        Role.STAFF,
        StaffScope.REGIONAL,
        "03",
    ),
    (
        "normandie",
        "Laurent",
        "Bouvet",
        "Co-délégué régional Normandie",
        Role.STAFF,
        StaffScope.REGIONAL,
        "28",
    ),
    ("siae-a", "Marie", "Joseph", "Directrice", Role.MANAGER, "", None),
    ("siae-b", "Jean", "Abienso", "Directeur", Role.MANAGER, "", None),
    ("dieccte", "Claire", "Lony", "Chargée de mission IAE", Role.PARTNER, "", None),
]
MEMBERSHIPS = {"siae-a": "APROSEP", "siae-b": "Chantier Maroni Insertion"}
ORGANISATIONS = {"dieccte": "DIECCTE Guyane"}
TIME_ZONES = {
    "guyane": "America/Cayenne",
    "siae-a": "America/Cayenne",
    "siae-b": "America/Cayenne",
    "dieccte": "America/Cayenne",
}


def seed(ctx):
    regions = {region.code: region for region in Region.objects.all()}
    users = {}
    for local, first, last, title, role, scope, region in ACCOUNTS:
        email = demo_email(local)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email)
            user.set_password(DEMO_PASSWORD)
        user.first_name, user.last_name, user.job_title = first, last, title
        user.role, user.staff_scope, user.mfa_exempt = role, scope, True
        user.time_zone = TIME_ZONES.get(local, "Europe/Paris")
        if local == "admin":
            user.is_superuser = user.is_staff = True
        if local in ORGANISATIONS:
            user.organisation = Organisation.objects.get(name=ORGANISATIONS[local])
        user.save()
        if region:
            user.regions.add(regions[region])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        users[local] = user
    for local, structure_name in MEMBERSHIPS.items():
        StructureMembership.objects.get_or_create(
            user=users[local],
            structure=Structure.objects.get(name=structure_name),
            defaults={"is_admin": True},
        )
    ctx.refs["users"] = users
    ctx.log(f"{len(users)} comptes de démonstration")
