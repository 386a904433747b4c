"""Writes on accounts: invitations sent, accepted and revoked."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.french import date_text
from core.mail import mail_send

from .enums import Role, StaffScope
from .invitations import acceptance_handlers
from .models import Invitation, User


class InvitationError(Exception):
    """A domain error whose message is shown to the user as is."""


def invitation_from_token(token: str) -> Invitation:
    try:
        data = signing.Signer(salt=Invitation.SALT).unsign_object(token)
    except signing.BadSignature as exc:
        raise InvitationError(
            _("Ce lien d'invitation n'est pas valide. Vérifiez qu'il a été copié en entier.")
        ) from exc
    invitation = Invitation.objects.filter(pk=data.get("id"), email=data.get("email")).first()
    if invitation is None:
        raise InvitationError(_("Cette invitation n'existe plus. Demandez-en une nouvelle."))
    if invitation.revoked_at:
        raise InvitationError(_("Cette invitation a été annulée. Demandez-en une nouvelle."))
    if invitation.accepted_at:
        raise InvitationError(
            _("Cette invitation a déjà été acceptée. Connectez-vous avec l'adresse %(email)s.")
            % {"email": invitation.email}
        )
    if invitation.is_expired:
        raise InvitationError(
            _(
                "Cette invitation a expiré le %(date)s. Demandez à la personne qui vous a "
                "invité·e de vous en envoyer une nouvelle."
            )
            % {"date": date_text(invitation.expires_at, "long")}
        )
    return invitation


def invitation_send(*, invitation: Invitation) -> None:
    url = settings.SITE_URL.rstrip("/") + reverse(
        "accounts:invitation_accept", kwargs={"token": invitation.token}
    )
    context = {"invitation": invitation, "url": url}
    mail_send(
        # Once per sending: a resent invitation (fresh `created_at`) is e-mailed again.
        key=f"accounts:invitation:{invitation.pk}:{invitation.created_at.isoformat()}",
        subject=render_to_string("accounts/email/invitation_subject.txt", context).strip(),
        body=render_to_string("accounts/email/invitation_message.txt", context),
        to=[invitation.email],
    )


@transaction.atomic
def invitation_create(*, by: User, email: str, role: str, **fields) -> Invitation:
    email = email.strip().lower()
    existing = User.objects.filter(email=email).first()
    if existing and existing.role and existing.role != role:
        raise InvitationError(
            _("%(email)s a déjà un compte avec un autre rôle (%(role)s).")
            % {"email": email, "role": existing.get_role_display()}
        )
    target = {
        name: fields.get(name)
        for name in ("structure", "organisation", "region", "staff_scope")
        if name in fields
    }
    pending = (
        Invitation.objects.pending()
        .select_for_update()
        .filter(email=email, role=role, **target)
        .order_by("-created_at")
        .first()
    )
    if pending is not None:
        # The same person, role and organisation: send the pending invitation again (with a
        # fresh expiry) rather than a second one.
        for name in ("first_name", "last_name"):
            if fields.get(name):
                setattr(pending, name, fields[name])
        if "structure_admin" in fields:
            pending.structure_admin = pending.structure_admin or fields["structure_admin"]
        return invitation_resend(invitation=pending, by=by)
    invitation = Invitation.objects.create(email=email, role=role, invited_by=by, **fields)
    invitation.resent = False
    invitation_send(invitation=invitation)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: User) -> Invitation:
    """E-mail a pending invitation again; its link is valid for a full period from now."""
    if invitation.accepted_at or invitation.revoked_at:
        raise InvitationError(_("Seule une invitation en attente peut être renvoyée."))
    invitation.created_at = timezone.now()
    invitation.save()
    invitation.resent = True
    invitation_send(invitation=invitation)
    return invitation


def invitation_sent_message(invitation) -> str:
    if invitation.resent:
        return _(
            "%(email)s avait déjà une invitation en attente pour ce rôle : elle lui a été "
            "renvoyée, valable jusqu'au %(date)s."
        ) % {"email": invitation.email, "date": date_text(invitation.expires_at, "long")}
    return _("Invitation envoyée à %(email)s.") % {"email": invitation.email}


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    if invitation.accepted_at:
        raise InvitationError(_("Une invitation déjà acceptée ne peut plus être annulée."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


def _apply_role(invitation: Invitation, user: User) -> None:
    if user.role and user.role != invitation.role:
        raise InvitationError(
            _(
                "Votre compte a déjà un autre rôle (%(role)s) : cette invitation ne peut pas s'y ajouter."
            )
            % {"role": user.get_role_display()}
        )
    user.role = invitation.role
    if invitation.role == Role.STAFF:
        if invitation.staff_scope == StaffScope.NATIONAL or user.staff_scope != StaffScope.NATIONAL:
            user.staff_scope = invitation.staff_scope or StaffScope.REGIONAL
        if invitation.region_id:
            user.time_zone = invitation.region.time_zone
    elif invitation.role == Role.PARTNER:
        if user.organisation_id and user.organisation_id != invitation.organisation_id:
            raise InvitationError(_("Votre compte est déjà rattaché à une autre organisation."))
        user.organisation = invitation.organisation
        user.time_zone = invitation.organisation.region.time_zone
    if invitation.first_name and not user.first_name:
        user.first_name = invitation.first_name
    if invitation.last_name and not user.last_name:
        user.last_name = invitation.last_name
    user.save()
    if invitation.role == Role.STAFF and invitation.region_id:
        user.regions.add(invitation.region)
    for handler in acceptance_handlers(invitation.role):
        handler(invitation=invitation, user=user)


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, user: User | None = None, password: str = "", **profile
) -> User:
    """Attach the invitation's role to `user`, or create the account when there is none;
    the apps that registered for the role do the rest (`accounts.invitations`).

    The e-mail address is marked verified: the person proved it by opening the link.
    """
    from allauth.account.models import EmailAddress

    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise InvitationError(_("Cette invitation n'est plus valable."))
    if user is None:
        if User.objects.filter(email=invitation.email).exists():
            raise InvitationError(
                _("Un compte existe déjà pour %(email)s : connectez-vous pour accepter.")
                % {"email": invitation.email}
            )
        user = User.objects.create_user(email=invitation.email, password=password, **profile)
    elif user.email != invitation.email:
        raise InvitationError(
            _("Cette invitation est adressée à %(email)s : connectez-vous avec cette adresse.")
            % {"email": invitation.email}
        )
    _apply_role(invitation, user)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user
