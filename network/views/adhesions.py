import csv
import hashlib
import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook

from core.access import MANAGER, NATIONAL_STAFF, STAFF, access_rule, deny_unless
from core.versions import cached
from structures import directory_cache
from structures.enums import AdhesionStatus, PaymentStatus
from structures.exports import csv_row, xlsx_row
from structures.models import Adhesion, AdhesionCampaign, Structure
from territories.models import Commune

from .. import perms, services
from ..filters import AdhesionFilter
from ..forms import AdhesionRenewForm, AdhesionStaffForm, CampaignOpenForm
from ._common import PER_PAGE


def _filtered_adhesions(request):
    """The staff's adhesions as searched: the current campaign unless one is chosen."""
    queryset = Adhesion.objects.visible_to(request.user).order_by("structure__name", "pk")
    data = request.GET.copy()
    if not data.get("campaign"):
        current = AdhesionCampaign.current()
        if current is not None:
            data["campaign"] = str(current.pk)
    communes = Commune.objects.filter(
        pk__in=Structure.objects.visible_to(request.user).values("commune")
    )
    return AdhesionFilter(data, queryset=queryset, communes=communes)


# What a row of the list shows, read as plain values (no model instances per row).
LIST_COLUMNS = ("pk", "status", "dues_amount", "payment_status", "paid_on")
LIST_NAMES = {
    "structure_name": F("structure__name"),
    "structure_kind": F("structure__kind"),
    "commune_name": F("structure__commune__name"),
    "campaign_year": F("campaign__year"),
}


def _totals(request, filterset) -> dict:
    """The figures of the whole search, how many adhesions and how many members, counted in
    one query that gives the paginator its count too.

    Kept in the cache for the staff's scope and the search (not its page or sort), beside
    the directories' version, which every write on adhesions, campaigns, structures and
    territories replaces (see `structures.directory_cache`): the next pages and visits of a
    search count nothing again until something it counts has changed."""
    search = sorted(
        (name, value)
        for name, values in filterset.data.lists()
        if name not in ("page", "ordering")
        for value in values
    )
    scope = directory_cache.staff_scope(request.user)
    digest = hashlib.sha256(repr((search, scope)).encode()).hexdigest()
    return cached(
        f"network:adhesion_totals:{digest}",
        lambda: filterset.qs.aggregate(
            count=Count("pk"), members=Count("pk", filter=Q(status=AdhesionStatus.MEMBER))
        ),
        (directory_cache.VERSION,),
    )


@access_rule(STAFF)
def adhesion_list(request):
    filterset = _filtered_adhesions(request)
    adhesions = filterset.qs
    totals = _totals(request, filterset)
    paginator = Paginator(adhesions.values(*LIST_COLUMNS, **LIST_NAMES), PER_PAGE)
    paginator.count = totals["count"]
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return render(
        request,
        "network/adhesion_list.html",
        {"filter": filterset, "page": page, "totals": totals},
    )


EXPORT_HEADER = [
    "Campagne",
    "Structure",
    "Type",
    "SIRET",
    "Commune",
    "Département",
    "Région",
    "Statut",
    "Cotisation (€)",
    "Paiement",
    "Payée le",
    "E-mail adhésion",
]


def _export_rows(queryset):
    for m in queryset.iterator(chunk_size=1000):
        yield [
            m.campaign.year,
            m.structure.name,
            m.structure.kind,
            m.structure.siret,
            m.structure.commune.name,
            m.structure.departement.code,
            m.structure.departement.region.name,
            m.get_status_display(),
            m.dues_amount,
            m.get_payment_status_display(),
            m.paid_on.isoformat() if m.paid_on else "",
            m.contact_email,
        ]


@access_rule(STAFF)
def adhesion_export(request, fmt):
    """Exports what was searched (same filters as the list), never contacts."""
    deny_unless(True, visible=fmt in ("csv", "xlsx"))
    queryset = _filtered_adhesions(request).qs.select_related(
        "campaign", "structure__commune", "structure__departement__region"
    )
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(EXPORT_HEADER)
        for row in _export_rows(queryset):
            writer.writerow(csv_row(row))
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Adhésions"))
        sheet.append(EXPORT_HEADER)
        for row in _export_rows(queryset):
            sheet.append(xlsx_row(sheet, row))
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="adhesions.{fmt}"'
    return response


@access_rule(STAFF)
def adhesion_edit(request, pk):
    adhesion = get_object_or_404(
        Adhesion.objects.visible_to(request.user).select_related("structure", "campaign"), pk=pk
    )
    form = AdhesionStaffForm(request.POST or None, instance=adhesion)
    if request.method == "POST":
        deny_unless(perms.can_update_adhesion(request.user, adhesion))
        if form.is_valid():
            services.adhesion_update(adhesion=adhesion, by=request.user, **form.cleaned_data)
            messages.success(request, _("Adhésion mise à jour."))
            return redirect("network:adhesion_list")
    reminders = adhesion.reminders.order_by("-sent_at")[:10]
    return render(
        request,
        "network/adhesion_form.html",
        {"form": form, "adhesion": adhesion, "reminders": reminders},
    )


@access_rule(STAFF)
def campaign_list(request):
    campaigns = AdhesionCampaign.objects.annotate(
        total=Count("adhesions"),
        members=Count("adhesions", filter=Q(adhesions__status=AdhesionStatus.MEMBER)),
        paid=Count("adhesions", filter=Q(adhesions__payment_status=PaymentStatus.PAID)),
    ).order_by("-year")
    return render(
        request,
        "network/campaign_list.html",
        {"campaigns": campaigns, "can_open": perms.can_open_campaign(request.user)},
    )


@access_rule(NATIONAL_STAFF)
def campaign_open(request):
    form = CampaignOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign, created = services.campaign_open(by=request.user, **form.cleaned_data)
        except services.NetworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "%(campaign)s ouverte : %(count)s adhésion créée.",
                    "%(campaign)s ouverte : %(count)s adhésions créées.",
                    created,
                )
                % {"campaign": campaign, "count": created},
            )
            return redirect("network:campaign_list")
    return render(request, "network/campaign_open.html", {"form": form})


def _member_adhesions(user):
    return Adhesion.objects.visible_to(user).select_related("structure", "campaign")


@access_rule(MANAGER)
def member_adhesion(request):
    """The member area's adhesion page: this year's adhésion of each of my structures."""
    adhesions = _member_adhesions(request.user).order_by("-campaign__year", "structure__name")
    return render(request, "network/member_adhesion.html", {"adhesions": adhesions})


@access_rule(MANAGER)
def member_adhesion_renew(request, pk):
    adhesion = get_object_or_404(_member_adhesions(request.user), pk=pk)
    deny_unless(perms.can_renew_adhesion(request.user, adhesion))
    form = AdhesionRenewForm(
        request.POST or None,
        initial={"contact_email": adhesion.contact_email or request.user.email},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.adhesion_renew(
                adhesion=adhesion,
                by=request.user,
                contact_email=form.cleaned_data["contact_email"],
            )
        except services.NetworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Merci : votre adhésion est enregistrée."))
            return redirect("network:member_adhesion")
    return render(
        request, "network/member_adhesion_renew.html", {"form": form, "adhesion": adhesion}
    )
