from accounts.models import Invitation
from tests.access import AUTHENTICATED, EVERYONE, GUYANE_STAFF, STAFF, SUPERUSER, Spec


def _guyane_invitation():
    return {"pk": Invitation.objects.get(email="invitee-guyane@exemple.test").pk}


def _token():
    return {"token": Invitation.objects.get(email="invitee-guyane@exemple.test").token}


SPECS = {
    # The portal's login (allauth's, answering 429 when limited); signed-in people are sent on.
    "account_login": Spec(EVERYONE, login_redirect=False),
    # The admin's login hands over to the portal's: only the admin may go on to the admin.
    "admin_login": Spec(frozenset({SUPERUSER})),
    # Changing one's login address: network staff only (accounts.perms.can_change_email).
    "account_email": Spec(STAFF),
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
