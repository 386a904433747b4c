"""Demo accounts (password `maillage-demo`), exempt from two-factor.

What ties them to higher apps is seeded there, once the accounts exist: the managers'
structure teams in `structures.demo`, the partner agent's organisation in `network.demo`.
"""

from allauth.account.models import EmailAddress

from core.demo import DEMO_PASSWORD, demo_email
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
        user.save()
        if region:
            user.regions.add(regions[region])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        users[local] = user
    ctx.refs["users"] = users
    ctx.log(f"{len(users)} comptes de démonstration")
