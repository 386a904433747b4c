"""Writes on structures: indicators, conventions, documents and the team of a structure."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import services as account_services
from accounts.enums import Role
from accounts.models import Invitation, User

from . import perms
from .files import FileType
from .models import Convention, Structure, StructureDocument, StructureMembership, YearlyIndicators


class StructureError(Exception):
    """A domain error whose message is shown to the user as is."""


def _save_if_changed(instance, values: dict, *, by: User | None) -> bool:
    """Assign `values` and save only when something differs (no empty history entry)."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if instance.pk and not changed:
        return False
    for name in changed:
        setattr(instance, name, values[name])
    instance._history_user = by
    instance.save()
    return True


@transaction.atomic
def indicators_save(
    *, structure: Structure, year: int, figures: dict, by: User
) -> tuple[YearlyIndicators, bool]:
    """Create or update one year of indicators (entering a year twice updates it).

    A locked year (the dialogue de gestion took place) may only be changed by staff; the
    change is recorded in the history like any other.
    """
    indicators = (
        YearlyIndicators.objects.select_for_update()
        .select_related("structure__departement")
        .filter(structure=structure, year=year)
        .first()
    )
    created = indicators is None
    if created:
        indicators = YearlyIndicators(structure=structure, year=year)
    elif not perms.can_edit_indicators(by, indicators):
        raise StructureError(
            _(
                "Les indicateurs %(year)s sont verrouillés depuis le dialogue de gestion : "
                "seule l'équipe du réseau peut les modifier. Contactez-la si une correction "
                "est nécessaire."
            )
            % {"year": year}
        )
    values = {name: figures[name] for name in YearlyIndicators.FIGURE_FIELDS if name in figures}
    _save_if_changed(indicators, values, by=by)
    return indicators, created


@transaction.atomic
def indicators_lock(*, indicators: YearlyIndicators, by: User, locked: bool = True) -> None:
    if not perms.can_lock_indicators(by, indicators):
        raise StructureError(_("Seule l'équipe du réseau peut verrouiller une année."))
    _save_if_changed(indicators, {"locked_at": timezone.now() if locked else None}, by=by)


@transaction.atomic
def convention_save(
    *, structure: Structure, year: int, values: dict, by: User
) -> tuple[Convention, bool]:
    """Create or update the annexe financière of one year."""
    if not perms.can_edit_conventions(by, structure):
        raise StructureError(_("Seule l'équipe du réseau enregistre les conventions."))
    convention = (
        Convention.objects.select_for_update().filter(structure=structure, year=year).first()
    )
    created = convention is None
    if created:
        convention = Convention(structure=structure, year=year)
    _save_if_changed(convention, values, by=by)
    return convention, created


@transaction.atomic
def document_store(
    *,
    structure: Structure,
    kind: str,
    year: int | None,
    uploaded,
    file_type: FileType,
    by: User,
) -> StructureDocument:
    """Store a checked upload privately (non-guessable path, served only by a view)."""
    if not perms.can_upload_document(by, structure):
        raise StructureError(_("Vous ne pouvez pas déposer de document pour cette structure."))
    document = StructureDocument(structure=structure, kind=kind, year=year)
    document.store(uploaded, file_type=file_type, by=by)
    return document


@transaction.atomic
def document_delete(*, document: StructureDocument, by: User) -> None:
    if not perms.can_upload_document(by, document.structure):
        raise StructureError(_("Vous ne pouvez pas supprimer ce document."))
    document.delete_with_file()


def colleague_invite(
    *,
    structure: Structure,
    by: User,
    email: str,
    first_name: str = "",
    last_name: str = "",
    structure_admin: bool = False,
) -> Invitation:
    """Invite a person to manage the structure (an e-mailed, expiring link)."""
    if not perms.can_manage_colleagues(by, structure):
        raise StructureError(_("Seuls les administrateurs de la structure invitent des collègues."))
    try:
        return account_services.invitation_create(
            by=by,
            email=email,
            role=Role.MANAGER,
            structure=structure,
            structure_admin=structure_admin,
            first_name=first_name,
            last_name=last_name,
        )
    except account_services.InvitationError as error:
        raise StructureError(str(error)) from error


def invitation_accepted_as_manager(*, invitation: Invitation, user: User) -> None:
    """A manager's invitation puts them in the structure's team (an admin if invited as
    one; accepting never takes the admin role away) and on the structure's time zone.
    Called by `accounts.services.invitation_accept`, inside its transaction."""
    user.time_zone = invitation.structure.departement.time_zone
    user.save(update_fields=["time_zone"])
    membership, created = StructureMembership.objects.get_or_create(
        user=user,
        structure=invitation.structure,
        defaults={"is_admin": invitation.structure_admin},
    )
    if not created and invitation.structure_admin and not membership.is_admin:
        membership.is_admin = True
        membership.save(update_fields=["is_admin"])


def colleague_invitation_resend(*, invitation: Invitation, by: User) -> Invitation:
    """An administrator sends a pending invitation to the team again."""
    if not perms.can_manage_colleagues(by, invitation.structure):
        raise StructureError(_("Seuls les administrateurs de la structure invitent des collègues."))
    try:
        return account_services.invitation_resend(invitation=invitation, by=by)
    except account_services.InvitationError as error:
        raise StructureError(str(error)) from error


def colleague_invitation_revoke(*, invitation: Invitation, by: User) -> None:
    """An administrator cancels a pending invitation to the team (its link stops working)."""
    if not perms.can_manage_colleagues(by, invitation.structure):
        raise StructureError(_("Seuls les administrateurs de la structure invitent des collègues."))
    try:
        account_services.invitation_revoke(invitation=invitation, by=by)
    except account_services.InvitationError as error:
        raise StructureError(str(error)) from error


@transaction.atomic
def colleague_remove(*, membership: StructureMembership, by: User) -> None:
    """Remove a person from the team; a structure always keeps at least one administrator."""
    structure = Structure.objects.select_for_update().get(pk=membership.structure_id)
    if not perms.can_manage_colleagues(by, structure):
        raise StructureError(_("Seuls les administrateurs de la structure retirent des collègues."))
    if membership.is_admin:
        other_admins = (
            StructureMembership.objects.filter(structure=structure, is_admin=True)
            .exclude(pk=membership.pk)
            .exists()
        )
        if not other_admins:
            if membership.user_id == by.pk:
                raise StructureError(
                    _(
                        "Vous êtes le dernier administrateur de la structure : nommez d'abord "
                        "un autre administrateur avant de vous retirer."
                    )
                )
            raise StructureError(
                _("C'est le dernier administrateur de la structure : il ne peut pas être retiré.")
            )
    membership.delete()


@transaction.atomic
def colleague_set_admin(*, membership: StructureMembership, is_admin: bool, by: User) -> None:
    """Name or step down an administrator; a structure always keeps at least one."""
    structure = Structure.objects.select_for_update().get(pk=membership.structure_id)
    if not perms.can_manage_colleagues(by, structure):
        raise StructureError(_("Seuls les administrateurs de la structure gèrent les rôles."))
    if membership.is_admin and not is_admin:
        others = (
            StructureMembership.objects.filter(structure=structure, is_admin=True)
            .exclude(pk=membership.pk)
            .exists()
        )
        if not others:
            raise StructureError(
                _(
                    "La structure doit garder au moins un administrateur : nommez-en un autre d'abord."
                )
            )
    if membership.is_admin != is_admin:
        membership.is_admin = is_admin
        membership.save(update_fields=["is_admin"])
