"""Render workers' tasks. They take ids, reload, and are idempotent (services.report_render).

Acknowledged late and re-queued if the worker dies (global settings acks_late and
reject_on_worker_lost, restated here); transient errors (database, storage) are retried
with exponential backoff; soft and hard time limits bound a render.
"""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.db import InterfaceError, OperationalError

from . import conf, services
from .enums import ReportStatus

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=conf.SOFT_TIME_LIMIT,
    time_limit=conf.TIME_LIMIT,
    max_retries=conf.MAX_RETRIES,
)
def report_render(self, *, report_id: int) -> str:
    try:
        return services.report_render(report_id=report_id)
    except SoftTimeLimitExceeded:
        services.report_mark(
            report_id=report_id,
            status=ReportStatus.FAILED,
            error="Le rendu a dépassé le délai autorisé.",
        )
        return "failed"
    except TRANSIENT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            services.report_mark(report_id=report_id, status=ReportStatus.FAILED, error=f"{error}")
            return "failed"
        services.report_mark(
            report_id=report_id,
            status=ReportStatus.QUEUED,
            error=f"Erreur temporaire, nouvel essai : {error}",
        )
        raise self.retry(exc=error, countdown=5 * 2**self.request.retries) from error
    except Exception as error:
        logger.exception("Report %s failed", report_id)
        services.report_mark(
            report_id=report_id,
            status=ReportStatus.FAILED,
            error=f"{type(error).__name__} : {error}",
        )
        return "failed"


@shared_task
def reports_recover() -> dict:
    return services.reports_recover()


@worker_ready.connect
def recover_on_worker_start(sender=None, **kwargs):
    """A worker starting after a crash or a Redis restart picks up what was lost."""
    try:
        outcome = services.reports_recover()
    except Exception:  # noqa: BLE001 - never prevent a worker from starting
        logger.exception("Report recovery at worker start failed")
        return
    if any(outcome.values()):
        logger.warning("Reports recovered at worker start: %s", outcome)
