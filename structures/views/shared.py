"""Pages of one structure shared by its managers and by the staff of its territory.

Every object is loaded through a queryset scoped to the user, so a manager asking for
another structure's page, indicators or documents gets a 404 like a missing page.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import services as account_services
from accounts.enums import Role
from accounts.models import Invitation, User
from core.access import MANAGER, STAFF, access_rule, deny_unless
from core.downloads import private_file

from .. import perms, services
from ..forms import (
    ColleagueInviteForm,
    DocumentForm,
    IndicatorsForm,
    StructureProfileForm,
    StructureStaffForm,
)
from ..models import Structure, StructureDocument, StructureMembership, YearlyIndicators
from .common import indicator_rows, structure_for, targets

STAFF_OR_MANAGER = STAFF | MANAGER
ADMINS_ONLY = gettext_lazy(
    "Seuls les administrateurs de la structure et l'équipe du réseau gèrent l'équipe."
)
LOCKED_YEAR = gettext_lazy(
    "Les indicateurs %(year)s sont verrouillés depuis le dialogue de gestion : seule l'équipe "
    "du réseau peut les modifier. Contactez-la si une correction est nécessaire."
)


def _structure_home(request, structure):
    if STAFF.allows(request.user):
        return redirect("structures:detail", pk=structure.pk)
    return redirect("structures:member_structure", pk=structure.pk)


@access_rule(STAFF_OR_MANAGER)
def structure_edit(request, pk):
    structure = structure_for(request, pk)
    deny_unless(
        perms.can_edit_structure(request.user, structure),
        reason=_("Seuls les membres de la structure et l'équipe du réseau modifient sa fiche."),
    )
    can_edit_identity = perms.can_edit_identity(request.user, structure)
    if can_edit_identity:
        form = StructureStaffForm(request.POST or None, instance=structure, user=request.user)
    else:
        form = StructureProfileForm(request.POST or None, instance=structure)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Fiche enregistrée."))
        return _structure_home(request, structure)
    return render(
        request,
        "structures/structure_form.html",
        {
            "structure": structure,
            "form": form,
            "identity_contacts": None if can_edit_identity else _identity_contacts(structure),
        },
    )


def _identity_contacts(structure):
    """Whom a manager asks to change the SIRET or kind: the staff of the territory."""
    return User.objects.filter(
        role=Role.STAFF, is_active=True, regions=structure.departement.region_id
    ).order_by("last_name", "first_name")[:3]


@access_rule(STAFF_OR_MANAGER)
def indicators_edit(request, pk):
    """Enter a year of indicators; entering a year that exists updates it."""
    structure = structure_for(request, pk)
    deny_unless(
        perms.can_edit_structure(request.user, structure),
        reason=_(
            "Seuls les membres de la structure et l'équipe du réseau saisissent ses indicateurs."
        ),
    )
    year = request.GET.get("year") or request.POST.get("year")
    instance = None
    if year and str(year).isdigit() and len(str(year)) <= 4:
        instance = YearlyIndicators.objects.filter(structure=structure, year=int(year)).first()
    if instance is not None:
        instance.structure = structure
    may_edit_year = instance is None or perms.can_edit_indicators(request.user, instance)
    if request.method == "POST":
        deny_unless(may_edit_year, reason=LOCKED_YEAR % {"year": instance.year if instance else ""})
    form = IndicatorsForm(
        request.POST or None,
        instance=instance if request.method == "GET" else None,
        structure=structure,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            _indicators, created = services.indicators_save(
                structure=structure, year=data.pop("year"), figures=data, by=request.user
            )
        except services.StructureError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Indicateurs enregistrés.") if created else _("Indicateurs mis à jour."),
            )
            return _structure_home(request, structure)
    locked = instance is not None and instance.is_locked
    return render(
        request,
        "structures/indicators_form.html",
        {
            "structure": structure,
            "form": form,
            "rows": indicator_rows(structure),
            "targets": targets(),
            "locked": locked,
            "read_only": not may_edit_year,
        },
    )


@access_rule(STAFF_OR_MANAGER)
def documents(request, pk):
    structure = structure_for(request, pk)
    if request.method == "POST":
        deny_unless(
            perms.can_upload_document(request.user, structure),
            reason=_("Vous ne pouvez pas déposer de document pour cette structure."),
        )
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_store(
                structure=structure,
                kind=form.cleaned_data["kind"],
                year=form.cleaned_data["year"],
                uploaded=form.cleaned_data["file"],
                file_type=form.file_type,
                by=request.user,
            )
        except services.StructureError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Document déposé."))
            return redirect("structures:documents", pk=structure.pk)
    return render(
        request,
        "structures/documents.html",
        {
            "structure": structure,
            "form": form,
            "documents": structure.documents.select_related("uploaded_by"),
        },
        status=400 if form.errors else 200,
    )


def _document_for(request, pk) -> StructureDocument:
    return get_object_or_404(
        StructureDocument.objects.visible_to(request.user).select_related("structure__departement"),
        pk=pk,
    )


@access_rule(STAFF_OR_MANAGER)
def document_download(request, pk):
    """The only way to a stored document: permission-checked, never a public URL."""
    document = _document_for(request, pk)
    return private_file(
        document.file, filename=document.original_name, content_type=document.content_type
    )


@access_rule(STAFF_OR_MANAGER)
def document_delete(request, pk):
    document = _document_for(request, pk)
    deny_unless(
        perms.can_upload_document(request.user, document.structure),
        reason=_("Vous ne pouvez pas supprimer ce document."),
    )
    if request.method == "POST":
        try:
            services.document_delete(document=document, by=request.user)
        except services.StructureError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Document supprimé."))
        return redirect("structures:documents", pk=document.structure_id)
    return render(request, "structures/document_delete.html", {"document": document})


@access_rule(STAFF_OR_MANAGER)
def colleagues(request, pk):
    structure = structure_for(request, pk)
    can_manage = perms.can_manage_colleagues(request.user, structure)
    if request.method == "POST":
        deny_unless(can_manage, reason=ADMINS_ONLY)
    form = ColleagueInviteForm(request.POST or None, structure=structure)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.colleague_invite(
                structure=structure, by=request.user, **form.cleaned_data
            )
        except services.StructureError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, account_services.invitation_sent_message(invitation))
            return redirect("structures:colleagues", pk=structure.pk)
    return render(
        request,
        "structures/colleagues.html",
        {
            "structure": structure,
            "team": structure.memberships.select_related("user").order_by(
                "user__last_name", "user__email"
            ),
            "invitations": Invitation.objects.pending()
            .filter(structure=structure)
            .select_related("invited_by")
            .order_by("-created_at"),
            "form": form,
            "can_manage": can_manage,
            "last_admin": perms.last_admin_pk(structure),
        },
    )


def _team_invitation(request, pk) -> Invitation:
    structures = Structure.objects.visible_to(request.user).values("pk")
    return get_object_or_404(
        Invitation.objects.pending()
        .filter(structure__in=structures)
        .select_related("structure__departement"),
        pk=pk,
    )


@access_rule(STAFF_OR_MANAGER)
@require_POST
def colleague_invitation_resend(request, pk):
    invitation = _team_invitation(request, pk)
    try:
        invitation = services.colleague_invitation_resend(invitation=invitation, by=request.user)
    except services.StructureError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, account_services.invitation_sent_message(invitation))
    return redirect("structures:colleagues", pk=invitation.structure_id)


@access_rule(STAFF_OR_MANAGER)
@require_POST
def colleague_invitation_revoke(request, pk):
    invitation = _team_invitation(request, pk)
    try:
        services.colleague_invitation_revoke(invitation=invitation, by=request.user)
    except services.StructureError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Invitation de %(email)s annulée.") % {"email": invitation.email}
        )
    return redirect("structures:colleagues", pk=invitation.structure_id)


@access_rule(STAFF_OR_MANAGER)
def colleague_remove(request, pk):
    """GET: confirmation page; POST: remove the person from the structure's team."""
    membership = get_object_or_404(
        StructureMembership.objects.visible_to(request.user).select_related(
            "user", "structure__departement"
        ),
        pk=pk,
    )
    structure = membership.structure
    deny_unless(perms.can_manage_colleagues(request.user, structure), reason=ADMINS_ONLY)
    if request.method == "POST":
        try:
            services.colleague_remove(membership=membership, by=request.user)
        except services.StructureError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("%(name)s ne fait plus partie de l'équipe.") % {"name": membership.user}
            )
            if membership.user_id == request.user.pk:
                return redirect("home")
        return redirect("structures:colleagues", pk=structure.pk)
    return render(
        request,
        "structures/colleague_remove.html",
        {"membership": membership, "structure": structure},
    )


@access_rule(STAFF_OR_MANAGER)
def colleague_admin(request, pk):
    """GET: confirmation page; POST: name the person administrator, or step them down."""
    membership = get_object_or_404(
        StructureMembership.objects.visible_to(request.user).select_related(
            "user", "structure__departement"
        ),
        pk=pk,
    )
    structure = membership.structure
    deny_unless(perms.can_manage_colleagues(request.user, structure), reason=ADMINS_ONLY)
    if request.method == "POST":
        try:
            services.colleague_set_admin(
                membership=membership, is_admin=not membership.is_admin, by=request.user
            )
        except services.StructureError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Rôle mis à jour."))
        return redirect("structures:colleagues", pk=structure.pk)
    return render(
        request,
        "structures/colleague_admin.html",
        {"membership": membership, "structure": structure},
    )
