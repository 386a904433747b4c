"""Writes of the reports app: request, render, retry, share, log downloads, recover."""

import hashlib
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.mail import mail_send

from . import conf
from .enums import KINDS_WITH_YEAR, SUBJECT_OF_KIND, ReportKind, ReportStatus, SubjectType
from .models import Report, ReportDownload, ReportShare

logger = logging.getLogger(__name__)


class ReportError(Exception):
    """A request the pipeline refuses (shown to the user as a form error or a message)."""


# --- Request -------------------------------------------------------------------------------


def _subject_title(kind, *, region, structure, event_id, year, event_title="") -> str:
    label = ReportKind(kind).label
    if event_title:
        subject = event_title
    elif structure is not None:
        subject = structure.name
    elif region is not None:
        subject = region.name
    elif event_id is not None:
        subject = _("réunion n° %(id)s") % {"id": event_id}
    else:
        subject = _("tous les territoires")
    title = f"{label} — {subject}"
    return f"{title} — {year}" if year else title


def _event_subject(event_id):
    """The region and title of a meeting."""
    from events.models import Event

    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        raise ReportError(_("Réunion introuvable."))
    return getattr(event, "region", None), str(event)


@transaction.atomic
def report_request(
    *,
    kind: str,
    by,
    region=None,
    structure=None,
    diagnostic=None,
    event_id: int | None = None,
    year: int | None = None,
    enqueue: bool = True,
) -> Report:
    """Record a report request and send it to the render workers after commit.

    A request for a report already queued or rendering returns that one instead of a
    second copy. Each new request is the next version of its subject.
    """
    kind = ReportKind(kind)
    subject = SUBJECT_OF_KIND[kind]
    event_title = ""
    if subject == SubjectType.STRUCTURE:
        if structure is None:
            raise ReportError(_("Choisissez une structure."))
        region, event_id = structure.departement.region, None
    elif subject == SubjectType.REGION:
        if diagnostic is not None:
            region = diagnostic.region
        if region is None:
            raise ReportError(_("Choisissez un territoire."))
        structure, event_id = None, None
    elif subject == SubjectType.EVENT:
        if event_id is None:
            raise ReportError(_("Choisissez une réunion."))
        (region, event_title), structure = _event_subject(event_id), None
    else:
        region = structure = event_id = None
    if kind != ReportKind.TERRITORIAL:
        diagnostic = None
    if kind in KINDS_WITH_YEAR:
        if not year:
            raise ReportError(_("Choisissez une année."))
    else:
        year = None
    key = Report.make_subject_key(
        kind=kind,
        region_id=getattr(region, "pk", None),
        structure_id=getattr(structure, "pk", None),
        event_id=event_id,
        year=year,
    )
    pending = (
        Report.objects.pending().filter(kind=kind, subject_key=key, diagnostic=diagnostic).first()
    )
    if pending is not None:
        return pending
    for _attempt in range(3):
        version = (
            Report.objects.filter(kind=kind, subject_key=key).aggregate(v=Max("version"))["v"] or 0
        ) + 1
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    kind=kind,
                    region=region,
                    structure=structure,
                    diagnostic=diagnostic,
                    event_id=event_id,
                    year=year,
                    subject_key=key,
                    version=version,
                    title=diagnostic.title
                    if diagnostic is not None
                    else _subject_title(
                        kind,
                        region=region,
                        structure=structure,
                        event_id=event_id,
                        year=year,
                        event_title=event_title,
                    ),
                    requested_by=by,
                )
        except IntegrityError:
            continue  # another request took this version number: take the next one
        if enqueue:
            report_enqueue(report=report)
        return report
    raise ReportError(_("Trop de demandes simultanées pour ce rapport : réessayez."))


def report_regenerate(*, report: Report, by) -> Report:
    """A new version of the same report, from today's data; older versions are kept."""
    return report_request(
        kind=report.kind,
        by=by,
        region=report.region,
        structure=report.structure,
        diagnostic=report.diagnostic,
        event_id=report.event_id,
        year=report.year,
    )


def report_enqueue(*, report: Report) -> None:
    """Send the render task once the request is committed (the worker must see the row)."""
    report_id = report.pk
    transaction.on_commit(lambda: report_send(report_id=report_id))


def report_send(*, report_id: int) -> bool:
    """Publish the render task; with the broker down, the report stays queued and the
    recovery task sends it again later (the database is the source of truth)."""
    from kombu.exceptions import OperationalError as BrokerError

    from .tasks import report_render

    Report.objects.filter(pk=report_id).update(enqueued_at=timezone.now())
    try:
        report_render.apply_async(kwargs={"report_id": report_id}, retry=False)
    except (BrokerError, ConnectionError, OSError) as error:
        Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(enqueued_at=None)
        logger.warning("Report %s not sent to the workers (broker down): %s", report_id, error)
        return False
    return True


def broker_available() -> bool:
    """Whether render workers can be reached now (always true when tasks run in-process)."""
    from config.celery import app

    if app.conf.task_always_eager:
        return True
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception:  # noqa: BLE001 - any broker failure means "later"
        return False
    return True


@transaction.atomic
def report_retry(*, report: Report, by) -> Report:
    """Put a failed report back in the queue (same version: it never became a file)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.FAILED:
        raise ReportError(_("Seul un rapport en échec peut être relancé."))
    report.status, report.error, report.attempts = ReportStatus.QUEUED, "", 0
    report.started_at = report.finished_at = None
    report.save()
    report_enqueue(report=report)
    return report


# --- Render --------------------------------------------------------------------------------


def storage_name(report: Report) -> str:
    subject = report.subject_key.replace(":", "-")
    return f"reports/{report.kind}/{subject}/v{report.version}.pdf"


def report_render(*, report_id: int) -> str:
    """Render one report version; safe to run twice (returns what it did).

    1. claim: queued → rendering (a live render by another worker is left alone; one
       abandoned longer than the stale limit is taken over);
    2. render the HTML and the PDF, outside any transaction;
    3. store and mark ready, unless another delivery already did: one file per version.
    """
    from .rendering import html_to_pdf, report_html

    now = timezone.now()
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None:
            return "missing"
        if report.status == ReportStatus.READY:
            return "already-ready"
        if report.status == ReportStatus.FAILED:
            return "failed"
        if (
            report.status == ReportStatus.RENDERING
            and report.started_at
            and (report.started_at > now - timedelta(seconds=conf.STALE_AFTER_SECONDS))
        ):
            return "in-progress"
        report.status, report.attempts, report.started_at = (
            ReportStatus.RENDERING,
            report.attempts + 1,
            now,
        )
        report.error = ""
        report.save()

    started = time.monotonic()
    html, _context = report_html(report)
    pdf = html_to_pdf(html)

    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status == ReportStatus.READY:
            return "already-ready"
        name = storage_name(report)
        if default_storage.exists(name):
            default_storage.delete(name)  # left by an attempt that died before committing
        report.file.name = default_storage.save(name, ContentFile(pdf.content))
        report.size = len(pdf.content)
        report.sha256 = hashlib.sha256(pdf.content).hexdigest()
        report.pages = pdf.pages
        report.status, report.error = ReportStatus.READY, ""
        report.finished_at = timezone.now()
        report.render_seconds = round(time.monotonic() - started, 3)
        report.save()
    return "ready"


def report_mark(*, report_id: int, status: str, error: str) -> None:
    """Record a failure (or a retry to come) on a report that is not ready."""
    fields = {"status": status, "error": error[:2000]}
    if status == ReportStatus.FAILED:
        fields["finished_at"] = timezone.now()
    Report.objects.filter(pk=report_id).exclude(status=ReportStatus.READY).update(**fields)


def report_request_now(**arguments) -> Report:
    """Request and render in this process, without a worker (command line, demo data).

    A failure is recorded on the report like a worker's would be."""
    report = report_request(enqueue=False, **arguments)
    try:
        report_render(report_id=report.pk)
    except Exception as error:
        logger.exception("Report %s failed", report.pk)
        report_mark(
            report_id=report.pk,
            status=ReportStatus.FAILED,
            error=f"{type(error).__name__} : {error}",
        )
    report.refresh_from_db()
    return report


def reports_recover() -> dict:
    """Re-send what the broker may have lost; give up on reports that keep dying.

    - rendering for longer than the stale limit: the worker died (the hard time limit
      would have stopped a live one) → queued again, or failed after MAX_ATTEMPTS;
    - queued and never sent, or sent long ago: the message was lost (Redis restarted or
      was down) → sent again (a duplicate message is harmless: rendering is idempotent).
    """
    now = timezone.now()
    requeued, failed, resent = [], [], []
    with transaction.atomic():
        stale = Report.objects.select_for_update(skip_locked=True).filter(
            status=ReportStatus.RENDERING,
            started_at__lt=now - timedelta(seconds=conf.STALE_AFTER_SECONDS),
        )
        for report in stale:
            if report.attempts >= conf.MAX_ATTEMPTS:
                report.status, report.finished_at = ReportStatus.FAILED, now
                report.error = _(
                    "Le rendu a été interrompu %(n)s fois (serveur arrêté ou délai dépassé)."
                ) % {"n": report.attempts}
                report.save()
                failed.append(report.pk)
            else:
                report.status = ReportStatus.QUEUED
                report.save()
                requeued.append(report.pk)
        lost = Report.objects.filter(status=ReportStatus.QUEUED).exclude(pk__in=requeued)
        lost = lost.filter(enqueued_at__isnull=True) | lost.filter(
            enqueued_at__lt=now - timedelta(seconds=conf.REQUEUE_AFTER_SECONDS)
        )
        resent = list(lost.values_list("pk", flat=True))
    for report_id in requeued + resent:
        report_send(report_id=report_id)
    return {"requeued": requeued, "failed": failed, "resent": resent}


# --- Share and download --------------------------------------------------------------------


@transaction.atomic
def report_share(*, report: Report, organisation, by) -> ReportShare:
    """Hand a ready version to a partner organisation of its territory and tell its agents."""
    if not report.is_ready:
        raise ReportError(_("Seul un rapport prêt peut être partagé."))
    if report.region_id and organisation.region_id != report.region_id:
        raise ReportError(_("Cette organisation n'est pas du territoire du rapport."))
    share, created = ReportShare.objects.get_or_create(
        report=report, organisation=organisation, defaults={"shared_by": by}
    )
    if not created:
        raise ReportError(_("Ce rapport est déjà partagé avec cette organisation."))
    share_id = share.pk
    transaction.on_commit(lambda: report_share_notify(share_id=share_id))
    return share


def report_share_notify(*, share_id: int) -> int:
    """E-mail the partner agents of the organisation (one message each)."""
    from accounts.enums import Role
    from accounts.models import User

    share = ReportShare.objects.select_related("report", "organisation").get(pk=share_id)
    agents = User.objects.filter(
        role=Role.PARTNER, organisation=share.organisation, is_active=True
    ).order_by("pk")
    sent = 0
    for agent in agents:
        with translation.override("fr"):
            context = {
                "agent": agent,
                "report": share.report,
                "organisation": share.organisation,
                "url": settings.SITE_URL.rstrip("/") + share.report.get_absolute_url(),
            }
            subject = render_to_string("reports/email/shared_subject.txt", context).strip()
            body = render_to_string("reports/email/shared_body.txt", context)
        mail_send(
            key=f"reports:share:{share.pk}:{agent.pk}",
            subject=subject,
            body=body,
            to=[agent.email],
            prefix=True,
        )
        sent += 1
    return sent


def report_download_log(*, report: Report, user) -> ReportDownload:
    return ReportDownload.objects.create(
        report=report,
        user=user,
        organisation_id=user.organisation_id if user.is_partner_agent else None,
    )
