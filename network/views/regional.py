"""Regional networks: the federation's page, and the structuring of a network by the staff
of its territory (stages, members, governance, milestones, documents); its members follow
it from the member area and answer its invitations."""

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import MANAGER, STAFF, access_rule, deny_unless
from core.downloads import private_file

from .. import perms, services
from ..enums import NetworkDocumentStatus, NetworkMemberStatus
from ..figures import regional_network_coverage
from ..forms import (
    CollegeForm,
    MandateEndForm,
    MandateForm,
    MilestoneForm,
    NetworkDocumentForm,
    NetworkMemberAddForm,
    NetworkMemberForm,
    RegionalNetworkForm,
    StageChangeForm,
)
from ..models import (
    BureauMandate,
    Federation,
    Milestone,
    NetworkDocument,
    NetworkMember,
    RegionalDelegation,
    RegionalNetwork,
)


def _network(request, pk) -> RegionalNetwork:
    return get_object_or_404(
        RegionalNetwork.objects.visible_to(request.user).select_related("region", "federation"),
        pk=pk,
    )


def _managed(request, pk) -> RegionalNetwork:
    """A network the user may change: out of scope → 404; abandoned (read-only) → 403."""
    network = _network(request, pk)
    deny_unless(
        perms.can_manage_regional_network(request.user, network),
        reason=_("Ce réseau a été abandonné : il ne se modifie plus."),
    )
    return network


def _form_page(request, *, network, form, title, submit, status=None, intro="", extra=None):
    context = {
        "network": network,
        "form": form,
        "title": title,
        "submit": submit,
        "intro": intro,
        **(extra or {}),
    }
    return render(
        request,
        "network/regional_form.html",
        context,
        status=status or (400 if form.is_bound and form.errors else 200),
    )


def _written(request, form, write, *, done, back=None):
    """A valid POST of `form`: `write(form.cleaned_data)`, one service call. The service's
    refusal becomes the form's error and the page is shown again with nothing changed; a
    success says `done` and goes back to the network's page (`back`, by default the network
    `write` returned). None while the form is to be shown."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = write(form.cleaned_data)
    except services.NetworkError as error:
        form.add_error(None, str(error))
        return None
    messages.success(request, done)
    return redirect("network:regional_network_detail", pk=result.pk if back is None else back)


def _sections(network, *, members_only=False) -> dict:
    """What the staff's and the members' pages show of a network, in a fixed number of
    queries whatever its size."""
    members = network.members.select_related(
        "structure__commune", "organisation", "college"
    ).order_by("-is_founding", "structure__name", "organisation__name")
    documents = network.documents.select_related("uploaded_by")
    if members_only:
        members = members.exclude(status=NetworkMemberStatus.LEFT)
        documents = documents.filter(status=NetworkDocumentStatus.ADOPTED)
    today = timezone.localdate()
    milestones = list(network.milestones.select_related("owner"))
    return {
        "network": network,
        "members": members,
        "colleges": network.colleges.annotate(
            member_count=Count("members", filter=~Q(members__status=NetworkMemberStatus.LEFT))
        ),
        "bureau": network.bureau.select_related("member__structure", "member__organisation")
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .order_by("role", "-starts_on"),
        "past_bureau": network.bureau.select_related("member__structure", "member__organisation")
        .filter(ends_on__lt=today)
        .order_by("-ends_on"),
        "milestones": milestones,
        "next_milestones": [m for m in milestones if not m.reached][:5],
        "documents": documents,
        "decisions": network.decisions.all()[:20],
        "stage_changes": network.stage_changes.select_related("changed_by"),
        "today": today,
    }


@access_rule(STAFF)
def federation(request):
    """The national federation, its regional delegations and the networks it helps build."""
    return render(
        request,
        "network/federation.html",
        {
            "federations": Federation.objects.order_by("name"),
            "delegations": RegionalDelegation.objects.visible_to(request.user)
            .select_related("region", "federation")
            .prefetch_related("delegates"),
            "networks": RegionalNetwork.objects.visible_to(request.user)
            .select_related("region")
            .annotate(
                member_count=Count("members", filter=Q(members__status=NetworkMemberStatus.MEMBER)),
                founder_count=Count("members", filter=Q(members__is_founding=True)),
            ),
        },
    )


@access_rule(STAFF)
def regional_network_create(request):
    form = RegionalNetworkForm(request.POST or None, user=request.user)
    written = _written(
        request,
        form,
        lambda data: services.regional_network_create(
            name=data["name"],
            region=data["region"],
            federation=data["federation"],
            purpose=data["purpose"],
            started_on=data["started_on"],
            by=request.user,
        ),
        done=_("Réseau régional créé (étape : en projet)."),
    )
    if written:
        return written
    return _form_page(
        request,
        network=None,
        form=form,
        title=_("Nouveau réseau régional"),
        submit=_("Créer le réseau"),
    )


@access_rule(STAFF)
def regional_network_detail(request, pk):
    network = _network(request, pk)
    context = _sections(network)
    context["coverage"] = regional_network_coverage(network)
    context["can_manage"] = perms.can_manage_regional_network(request.user, network)
    return render(request, "network/regional_network_detail.html", context)


@access_rule(STAFF)
def regional_network_stage(request, pk):
    network = _managed(request, pk)
    form = StageChangeForm(
        request.POST or None, network=network, initial={"changed_on": timezone.localdate()}
    )
    written = _written(
        request,
        form,
        lambda data: services.regional_network_stage_change(
            network=network,
            to_status=data["to_status"],
            changed_on=data["changed_on"],
            reason=data["reason"],
            by=request.user,
        ),
        done=_("Étape du réseau mise à jour."),
        back=network.pk,
    )
    if written:
        return written
    return _form_page(
        request,
        network=network,
        form=form,
        title=_("Changer d'étape"),
        submit=_("Enregistrer le changement d'étape"),
        intro=_("Étape actuelle : %(stage)s.") % {"stage": network.get_status_display()},
    )


@access_rule(STAFF)
def regional_network_member_add(request, pk):
    network = _managed(request, pk)
    form = NetworkMemberAddForm(request.POST or None, network=network)
    written = _written(
        request,
        form,
        lambda data: services.network_member_add(network=network, by=request.user, **data),
        done=_("Membre ajouté au réseau."),
        back=network.pk,
    )
    if written:
        return written
    return _form_page(
        request,
        network=network,
        form=form,
        title=_("Ajouter un membre"),
        submit=_("Ajouter"),
        intro=_(
            "Une structure du territoire, adhérente de la fédération ou non, ou un partenaire "
            "comme membre associé. Une structure invitée accepte ou décline depuis son "
            "espace adhérent."
        ),
    )


def _member(request, pk) -> NetworkMember:
    member = get_object_or_404(
        NetworkMember.objects.filter(
            network__in=RegionalNetwork.objects.visible_to(request.user)
        ).select_related("network__region", "structure", "organisation"),
        pk=pk,
    )
    deny_unless(perms.can_manage_regional_network(request.user, member.network))
    return member


@access_rule(STAFF)
def regional_network_member_edit(request, pk):
    member = _member(request, pk)
    form = NetworkMemberForm(request.POST or None, instance=member)
    written = _written(
        request,
        form,
        lambda data: services.network_member_update(member=member, by=request.user, **data),
        done=_("Membre mis à jour."),
        back=member.network_id,
    )
    if written:
        return written
    return _form_page(
        request,
        network=member.network,
        form=form,
        title=_("Membre : %(name)s") % {"name": member.name},
        submit=_("Enregistrer"),
        intro=_("Pour un départ, choisissez le statut « Partie » et la date de départ."),
    )


@access_rule(STAFF)
def regional_network_college_add(request, pk):
    network = _managed(request, pk)
    form = CollegeForm(request.POST or None)
    written = _written(
        request,
        form,
        lambda data: services.college_create(network=network, by=request.user, **data),
        done=_("Collège ajouté."),
        back=network.pk,
    )
    if written:
        return written
    return _form_page(
        request, network=network, form=form, title=_("Ajouter un collège"), submit=_("Ajouter")
    )


@access_rule(STAFF)
def regional_network_mandate_add(request, pk):
    network = _managed(request, pk)
    form = MandateForm(
        request.POST or None, network=network, initial={"starts_on": timezone.localdate()}
    )
    written = _written(
        request,
        form,
        lambda data: services.bureau_mandate_create(network=network, by=request.user, **data),
        done=_("Mandat au bureau enregistré."),
        back=network.pk,
    )
    if written:
        return written
    return _form_page(
        request,
        network=network,
        form=form,
        title=_("Ajouter un mandat au bureau"),
        submit=_("Enregistrer"),
        intro=_(
            "Une personne d'une structure membre. La personne qui occupait la même fonction "
            "termine son mandat à cette date."
        ),
    )


@access_rule(STAFF)
def regional_network_mandate_end(request, pk):
    mandate = get_object_or_404(
        BureauMandate.objects.filter(
            network__in=RegionalNetwork.objects.visible_to(request.user)
        ).select_related("network__region", "member__structure", "member__organisation"),
        pk=pk,
    )
    network = mandate.network
    deny_unless(perms.can_manage_regional_network(request.user, network))
    form = MandateEndForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    written = _written(
        request,
        form,
        lambda data: services.bureau_mandate_end(
            mandate=mandate, ends_on=data["ends_on"], by=request.user
        ),
        done=_("Mandat terminé."),
        back=network.pk,
    )
    if written:
        return written
    return _form_page(
        request,
        network=network,
        form=form,
        title=_("Terminer le mandat de %(name)s (%(role)s)")
        % {"name": mandate.person_name, "role": mandate.get_role_display()},
        submit=_("Confirmer la fin du mandat"),
    )


def _milestone_page(request, network, milestone):
    form = MilestoneForm(request.POST or None, instance=milestone)
    written = _written(
        request,
        form,
        lambda data: services.milestone_save(milestone=form.save(commit=False), by=request.user),
        done=_("Étape enregistrée."),
        back=network.pk,
    )
    if written:
        return written
    return _form_page(
        request,
        network=network,
        form=form,
        title=_("Modifier l'étape") if milestone.pk else _("Ajouter une étape"),
        submit=_("Enregistrer"),
        intro=_("Une étape est en retard lorsque son échéance est passée sans date d'atteinte."),
    )


@access_rule(STAFF)
def regional_network_milestone_add(request, pk):
    network = _managed(request, pk)
    return _milestone_page(request, network, Milestone(network=network))


@access_rule(STAFF)
def regional_network_milestone_edit(request, pk):
    milestone = get_object_or_404(
        Milestone.objects.filter(
            network__in=RegionalNetwork.objects.visible_to(request.user)
        ).select_related("network__region"),
        pk=pk,
    )
    deny_unless(perms.can_manage_regional_network(request.user, milestone.network))
    return _milestone_page(request, milestone.network, milestone)


@access_rule(STAFF)
def regional_network_document_add(request, pk):
    network = _managed(request, pk)
    form = NetworkDocumentForm(request.POST or None, request.FILES or None)
    written = _written(
        request,
        form,
        lambda data: services.network_document_store(
            network=network,
            kind=data["kind"],
            status=data["status"],
            title=data["title"],
            adopted_on=data["adopted_on"],
            uploaded=data["file"],
            file_type=form.file_type,
            by=request.user,
        ),
        done=_("Document déposé."),
        back=network.pk,
    )
    if written:
        return written
    return _form_page(
        request,
        network=network,
        form=form,
        title=_("Déposer un document du réseau"),
        submit=_("Déposer"),
        intro=_(
            "Statuts (projet ou adoptés), procès-verbaux d'assemblée… Conservés à l'abri : "
            "téléchargés seulement depuis le portail."
        ),
        extra={"multipart": True},
    )


def _document(request, pk) -> NetworkDocument:
    document = get_object_or_404(
        NetworkDocument.objects.filter(
            network__in=RegionalNetwork.objects.visible_to(request.user)
        ).select_related("network__region"),
        pk=pk,
    )
    # A document the user may not read is not shown to exist (drafts to members).
    deny_unless(True, visible=perms.can_read_network_document(request.user, document))
    return document


@access_rule(STAFF | MANAGER)
def regional_network_document(request, pk):
    """The only way to a stored document: permission-checked, never a public URL."""
    document = _document(request, pk)
    return private_file(
        document.file, filename=document.original_name, content_type=document.content_type
    )


@access_rule(STAFF)
def regional_network_document_delete(request, pk):
    document = _document(request, pk)
    deny_unless(perms.can_manage_regional_network(request.user, document.network))
    if request.method == "POST":
        try:
            services.network_document_delete(document=document, by=request.user)
        except services.NetworkError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Document supprimé."))
        return redirect("network:regional_network_detail", pk=document.network_id)
    return render(request, "network/regional_document_delete.html", {"document": document})


# --- Member area ---------------------------------------------------------------------------


@access_rule(MANAGER)
def member_regional_networks(request):
    """The regional networks the manager's structures are invited to or belong to."""
    entries = (
        NetworkMember.objects.for_manager(request.user)
        .select_related("network__region", "structure")
        .order_by("network__name", "structure__name")
    )
    networks = RegionalNetwork.objects.visible_to(request.user).prefetch_related(
        Prefetch("members", queryset=entries, to_attr="my_entries")
    )
    return render(
        request,
        "network/member_regional_networks.html",
        {"networks": networks.select_related("region")},
    )


@access_rule(MANAGER)
def member_regional_network(request, pk):
    network = _network(request, pk)
    context = _sections(network, members_only=True)
    context["my_entries"] = [
        {"entry": entry, "can_answer": perms.can_answer_network_invitation(request.user, entry)}
        for entry in NetworkMember.objects.for_manager(request.user)
        .filter(network=network)
        .select_related("structure", "network")
    ]
    return render(request, "network/member_regional_network.html", context)


@access_rule(MANAGER)
def member_network_answer(request, pk):
    """Accept or decline joining a network: a confirmation page, then a POST."""
    member = get_object_or_404(
        NetworkMember.objects.for_manager(request.user).select_related("network", "structure"),
        pk=pk,
    )
    deny_unless(
        perms.can_answer_network_invitation(request.user, member),
        reason=_("Cette invitation a déjà reçu une réponse."),
    )
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("accept", "decline"):
            messages.error(request, _("Choisissez d'accepter ou de décliner l'invitation."))
            return redirect("network:member_network_answer", pk=member.pk)
        try:
            services.network_invitation_answer(
                member=member, accept=answer == "accept", by=request.user
            )
        except services.NetworkError as error:
            messages.error(request, str(error))
            return redirect("network:member_regional_networks")
        if answer == "accept":
            messages.success(
                request,
                _("%(structure)s s'engage dans %(network)s.")
                % {"structure": member.structure, "network": member.network},
            )
            return redirect("network:member_regional_network", pk=member.network_id)
        messages.success(request, _("Invitation déclinée."))
        return redirect("network:member_regional_networks")
    return render(request, "network/member_network_answer.html", {"member": member})
