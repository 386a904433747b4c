from accounts.models import Invitation
from tests.access import AUTHENTICATED, EVERYONE, GUYANE_STAFF, STAFF, Spec


def _guyane_invitation():
    return {"pk": Invitation.objects.get(email="invitee-guyane@exemple.test").pk}


def _token():
    return {"token": Invitation.objects.get(email="invitee-guyane@exemple.test").token}


SPECS = {
    "accounts:profile": Spec(AUTHENTICATED),
    "accounts:invitation_list": Spec(STAFF),
    "accounts:invitation_create": Spec(STAFF),
    "accounts:invitation_revoke": Spec(GUYANE_STAFF, kwargs=_guyane_invitation, method="post"),
    "accounts:invitation_resend": Spec(GUYANE_STAFF, kwargs=_guyane_invitation, method="post"),
    "accounts:invitation_accept": Spec(EVERYONE, kwargs=_token, login_redirect=False),
}


def build():
    """Objects the specs above refer to, beside the demo data."""
    from accounts.enums import Role
    from accounts.models import User
    from structures.models import Structure

    Invitation.objects.create(
        email="invitee-guyane@exemple.test",
        role=Role.MANAGER,
        structure=Structure.objects.get(name="Bois et Fleuve"),
        invited_by=User.objects.get(email="guyane@demo.maillage.test"),
    )
