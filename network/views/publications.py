from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.access import MANAGER, STAFF, access_rule, deny_unless
from core.downloads import private_file

from .. import perms, services
from ..enums import PublicationKind
from ..forms import PublicationForm
from ..models import Publication
from ._common import paginate


def _filter_by_kind(request, queryset):
    section = request.GET.get("section")
    if section == "news":
        return queryset.filter(kind=PublicationKind.NEWS), section
    if section == "resources":
        return queryset.filter(kind__in=PublicationKind.resources()), section
    return queryset, ""


@access_rule(STAFF)
def publication_list(request):
    queryset = (
        Publication.objects.visible_to(request.user)
        .select_related("created_by")
        .prefetch_related("regions")
        .order_by("-published_at", "-created_at")
    )
    queryset, section = _filter_by_kind(request, queryset)
    return render(
        request,
        "network/publication_list.html",
        {"page": paginate(request, queryset), "section": section},
    )


def _save(request, publication):
    form = PublicationForm(
        request.POST or None, request.FILES or None, instance=publication, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        publication = services.publication_save(
            publication=form.save(commit=False),
            regions=form.cleaned_data["regions"],
            kinds=form.cleaned_data["structure_kinds"],
            publish=form.cleaned_data["publish"],
            by=request.user,
        )
        messages.success(request, _("Publication enregistrée."))
        return None, redirect("network:publication_detail", pk=publication.pk)
    return form, None


@access_rule(STAFF)
def publication_create(request):
    form, done = _save(request, Publication())
    return done or render(
        request, "network/publication_form.html", {"form": form, "publication": None}
    )


@access_rule(STAFF)
def publication_edit(request, pk):
    publication = get_object_or_404(Publication.objects.visible_to(request.user), pk=pk)
    deny_unless(perms.can_edit_publication(request.user, publication))
    form, done = _save(request, publication)
    return done or render(
        request, "network/publication_form.html", {"form": form, "publication": publication}
    )


@access_rule(STAFF | MANAGER)
def publication_detail(request, pk):
    publication = get_object_or_404(
        Publication.objects.visible_to(request.user).prefetch_related("regions"), pk=pk
    )
    return render(
        request,
        "network/publication_detail.html",
        {
            "publication": publication,
            "can_edit": perms.can_edit_publication(request.user, publication),
        },
    )


@access_rule(STAFF | MANAGER)
def publication_attachment(request, pk):
    """Attachments are private: served only to whom the publication is addressed."""
    publication = get_object_or_404(Publication.objects.visible_to(request.user), pk=pk)
    deny_unless(True, visible=bool(publication.attachment))
    return private_file(
        publication.attachment, filename=publication.attachment_name or "piece-jointe"
    )


@access_rule(MANAGER)
def member_news(request):
    """The member area's news and resources: what is addressed to me, newest first."""
    queryset = Publication.objects.visible_to(request.user).order_by("-published_at")
    queryset, section = _filter_by_kind(request, queryset)
    return render(
        request,
        "network/member_news.html",
        {"page": paginate(request, queryset), "section": section},
    )
