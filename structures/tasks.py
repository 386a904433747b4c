"""Celery tasks of the structures app: ids as keyword arguments, idempotent."""

from celery import shared_task

from . import imports


@shared_task
def import_uploads_purge() -> int:
    """Remove import files that waited more than a day for a confirmation."""
    return imports.purge_stale()
