from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import PARTNER, STAFF, access_rule, deny_unless
from core.downloads import private_file

from . import perms, services
from .filters import ReportFilter
from .forms import ReportRequestForm, ReportShareForm
from .models import Report, ReportDownload, ReportShare

PAGE_SIZE = 50
# The report's page lists its latest downloads and counts them all; the whole log of the
# version is the downloads page filtered to it (paginated).
LATEST_DOWNLOADS = 20


def _visible(request):
    return Report.objects.visible_to(request.user).select_related(
        "region", "structure", "requested_by"
    )


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _querystring_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@access_rule(STAFF)
def report_list(request):
    filterset = ReportFilter(request.GET or None, queryset=_visible(request), request=request)
    return render(
        request,
        "reports/report_list.html",
        {
            "filter": filterset,
            "page": _page(request, filterset.qs),
            "querystring": _querystring_without_page(request),
        },
    )


@access_rule(STAFF)
def report_request(request):
    initial = {
        key: request.GET[key]
        for key in ("kind", "region", "diagnostic", "structure", "year")
        if key in request.GET
    }
    form = ReportRequestForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        event = data.get("event")
        try:
            report = services.report_request(
                kind=data["kind"],
                by=request.user,
                region=data.get("region"),
                diagnostic=data.get("diagnostic"),
                structure=data.get("structure"),
                event_id=event.pk if event else None,
                year=data.get("year"),
            )
        except services.ReportError as error:
            form.add_error(None, str(error))
        else:
            _announce(request, report)
            return redirect(report)
    return render(request, "reports/report_request.html", {"form": form})


def _announce(request, report):
    if services.broker_available():
        messages.success(request, _("Demande enregistrée : le rapport est en cours de production."))
    else:
        messages.warning(
            request,
            _(
                "Le service de production des rapports est momentanément indisponible. Votre "
                "demande est enregistrée : le rapport sera produit dès son retour, sans "
                "nouvelle démarche de votre part."
            ),
        )


def _detail_context(request, report):
    context = {
        "report": report,
        "can_retry": perms.can_retry_report(request.user, report),
        "can_regenerate": perms.can_regenerate_report(request.user, report),
        "can_share": perms.can_share_report(request.user, report),
        "staff_view": perms.can_view_report_downloads(request.user, report),
    }
    if context["staff_view"]:
        context["versions"] = report.siblings().only(
            "pk", "version", "status", "requested_at", "finished_at", "sha256", "pages"
        )
        context["shares"] = report.shares.select_related("organisation", "shared_by")
        context["downloads"] = report.downloads.select_related("user", "organisation")[
            :LATEST_DOWNLOADS
        ]
        context["download_count"] = report.downloads.count()
        context["downloads_url"] = f"{reverse('reports:downloads')}?report={report.pk}"
    return context


@access_rule(STAFF | PARTNER)
def report_detail(request, pk):
    report = get_object_or_404(_visible(request), pk=pk)
    return render(request, "reports/report_detail.html", _detail_context(request, report))


@access_rule(STAFF | PARTNER)
def report_status(request, pk):
    """The status fragment, polled every 2 seconds while the report is pending (js/live.js)."""
    report = get_object_or_404(_visible(request), pk=pk)
    context = _detail_context(request, report)
    response = render(request, "reports/_status.html", context)
    if context["staff_view"] and not report.is_pending:
        # The render has ended: the actions it allows (share, new version) replace the
        # page's too, without a reload.
        response.content += render_to_string(
            "reports/_actions.html", context, request=request
        ).encode()
    return response


@access_rule(STAFF)
@require_POST
def report_retry(request, pk):
    report = get_object_or_404(_visible(request), pk=pk)
    deny_unless(
        perms.can_retry_report(request.user, report),
        reason=_("Ce rapport ne peut pas être relancé."),
    )
    try:
        services.report_retry(report=report, by=request.user)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        _announce(request, report)
    return redirect(report)


@access_rule(STAFF)
@require_POST
def report_regenerate(request, pk):
    report = get_object_or_404(_visible(request), pk=pk)
    deny_unless(
        perms.can_regenerate_report(request.user, report),
        reason=_("Une version est déjà en cours de production."),
    )
    try:
        new = services.report_regenerate(report=report, by=request.user)
    except services.ReportError as error:
        messages.error(request, str(error))
        return redirect(report)
    _announce(request, new)
    return redirect(new)


@access_rule(STAFF)
def report_share(request, pk):
    report = get_object_or_404(_visible(request), pk=pk)
    deny_unless(
        perms.can_share_report(request.user, report),
        reason=_("Seul un rapport prêt peut être partagé."),
    )
    form = ReportShareForm(request.POST or None, report=report, user=request.user)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            services.report_share(report=report, organisation=organisation, by=request.user)
        except services.ReportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Rapport partagé avec %(name)s ; ses agents sont prévenus par e-mail.")
                % {"name": organisation.name},
            )
            return redirect(report)
    return render(request, "reports/report_share.html", {"report": report, "form": form})


@access_rule(STAFF | PARTNER)
def report_download(request, pk):
    """The file, through this permission-checked view only; every download is logged."""
    report = get_object_or_404(_visible(request).filter(status="ready"), pk=pk)
    response = private_file(report.file, filename=report.filename, content_type="application/pdf")
    services.report_download_log(report=report, user=request.user)
    return response


@access_rule(PARTNER)
def partner_list(request):
    """The versions shared with the agent's organisation: which diagnostic, period,
    version, issue date, who shared it when; "nouveau" until the agent downloads it."""
    organisation_shares = ReportShare.objects.filter(
        report=OuterRef("pk"), organisation_id=request.user.organisation_id
    ).order_by("shared_at")
    reports = (
        Report.objects.visible_to(request.user)
        .select_related("region", "structure", "diagnostic")
        .annotate(
            shared_at=Subquery(organisation_shares.values("shared_at")[:1]),
            shared_by_first=Subquery(organisation_shares.values("shared_by__first_name")[:1]),
            shared_by_last=Subquery(organisation_shares.values("shared_by__last_name")[:1]),
            opened=Exists(ReportDownload.objects.filter(report=OuterRef("pk"), user=request.user)),
        )
        .order_by("-finished_at", "-pk")
    )
    return render(
        request,
        "reports/partner_list.html",
        {"page": _page(request, reports), "organisation": request.user.organisation},
    )


@access_rule(STAFF)
def download_list(request):
    """Every download of the reports the user may see, latest first; ?report=<pk>: those of
    one version (a report out of reach is a 404)."""
    visible = Report.objects.visible_to(request.user)
    report, querystring = None, ""
    raw = request.GET.get("report", "").strip()
    if raw:
        deny_unless(True, visible=raw.isascii() and raw.isdigit() and len(raw) <= 10)
        report = get_object_or_404(visible, pk=int(raw))
        visible, querystring = visible.filter(pk=report.pk), f"report={report.pk}"
    downloads = ReportDownload.objects.filter(report__in=visible).select_related(
        "report", "user", "organisation"
    )
    return render(
        request,
        "reports/download_list.html",
        {"page": _page(request, downloads), "querystring": querystring, "report": report},
    )
