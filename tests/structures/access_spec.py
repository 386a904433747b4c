"""Role-by-URL matrix of the structures app. APROSEP (Cayenne) is a Guyane structure:
allowed to Guyane staff and to its manager (siae-a), a 404 for Normandie staff and for the
manager of another SIAE (siae-b)."""

from tests.access import GUYANE_STAFF, MANAGER_A, MANAGERS, STAFF, SUPERUSER, Spec

APROSEP = "APROSEP"
GUYANE_STAFF_AND_A = GUYANE_STAFF | {MANAGER_A}
LOCKED_YEAR = 2016
_world = {}


def build():
    """A document, a second team member of APROSEP, and an import waiting for confirmation."""
    from django.core.files.base import ContentFile

    from accounts.models import User
    from structures import imports
    from structures.models import (
        Structure,
        StructureDocument,
        StructureMembership,
        YearlyIndicators,
    )
    from tests.factories import UserFactory

    aprosep = Structure.objects.get(name=APROSEP)
    document = StructureDocument(
        structure=aprosep,
        kind="statuts",
        original_name="statuts.pdf",
        content_type="application/pdf",
        size=20,
    )
    document.file.save("statuts.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    colleague = StructureMembership.objects.create(
        user=UserFactory(manager=True), structure=aprosep, is_admin=False
    )
    admin = User.objects.get(email="admin@demo.maillage.test")
    token = imports.stash(
        user=admin, kind=imports.INDICATORS, content=b"siret;annee\n", extension=".csv"
    )
    from accounts.enums import Role
    from accounts.models import Invitation

    invitation = Invitation.objects.create(
        email="collegue-invitee@exemple.test", role=Role.MANAGER, structure=aprosep
    )
    _world.update(
        document=document.pk, colleague=colleague.pk, token=token, invitation=invitation.pk
    )
    # A year locked after its dialogue de gestion: staff still change it, managers not.
    YearlyIndicators.objects.update_or_create(
        structure=aprosep, year=LOCKED_YEAR, defaults={"locked_at": "2017-04-15T12:00Z"}
    )


def _aprosep():
    from structures.models import Structure

    return {"pk": Structure.objects.get(name=APROSEP).pk}


def _aprosep_year():
    return {**_aprosep(), "year": 2018}


SPECS = {
    "structures:member_home": Spec(MANAGERS),
    "structures:member_structure": Spec(frozenset({MANAGER_A}), kwargs=_aprosep),
    "structures:member_directory": Spec(MANAGERS),
    "structures:public_profile": Spec(MANAGERS, kwargs=_aprosep),
    "structures:directory": Spec(STAFF),
    "structures:structure_create": Spec(STAFF),
    "structures:directory_export": Spec(STAFF),
    "structures:indicators_export": Spec(STAFF),
    "structures:import_upload": Spec(STAFF),
    # The file waiting for confirmation belongs to the person who uploaded it.
    "structures:import_preview": Spec(
        frozenset({SUPERUSER}), kwargs=lambda: {"token": _world["token"]}
    ),
    "structures:detail": Spec(GUYANE_STAFF, kwargs=_aprosep),
    "structures:convention_edit": Spec(GUYANE_STAFF, kwargs=_aprosep),
    "structures:indicators_lock": Spec(GUYANE_STAFF, kwargs=_aprosep_year),
    "structures:structure_edit": Spec(GUYANE_STAFF_AND_A, kwargs=_aprosep),
    "structures:indicators_edit": Spec(GUYANE_STAFF_AND_A, kwargs=_aprosep),
    "structures:documents": Spec(GUYANE_STAFF_AND_A, kwargs=_aprosep),
    "structures:document_download": Spec(
        GUYANE_STAFF_AND_A, kwargs=lambda: {"pk": _world["document"]}
    ),
    "structures:document_delete": Spec(
        GUYANE_STAFF_AND_A, kwargs=lambda: {"pk": _world["document"]}
    ),
    "structures:colleagues": Spec(GUYANE_STAFF_AND_A, kwargs=_aprosep),
    "structures:colleague_admin": Spec(
        GUYANE_STAFF_AND_A, kwargs=lambda: {"pk": _world["colleague"]}
    ),
    "structures:colleague_remove": Spec(
        GUYANE_STAFF_AND_A, kwargs=lambda: {"pk": _world["colleague"]}
    ),
    "structures:colleague_invitation_resend": Spec(
        GUYANE_STAFF_AND_A, kwargs=lambda: {"pk": _world["invitation"]}, method="post"
    ),
    "structures:colleague_invitation_revoke": Spec(
        GUYANE_STAFF_AND_A, kwargs=lambda: {"pk": _world["invitation"]}, method="post"
    ),
}


# Object actions refused to someone who sees the object (403), beside SPECS' one per URL.
OBJECT_ACTIONS = [
    (
        "structures:indicators_edit",
        Spec(
            GUYANE_STAFF,
            kwargs=_aprosep,
            method="post",
            data={"year": LOCKED_YEAR},
            forbidden=frozenset({MANAGER_A}),
        ),
    ),
]
