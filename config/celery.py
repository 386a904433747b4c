"""Celery application.

With REDIS_URL unset the settings make every task run in-process (task_always_eager), so
`make run` needs no broker; with REDIS_URL set, tasks go to Redis and a worker runs them.
Periodic tasks are declared by each app in `<app>/schedule.py` (`BEAT_SCHEDULE`, plain
data, no model import) and gathered here for the single Celery beat.
"""

import importlib
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

SCHEDULED_APPS = ("core", "network", "structures", "diagnostics", "events", "reports")


def collect_beat_schedule() -> dict:
    schedule = {}
    for name in SCHEDULED_APPS:
        try:
            module = importlib.import_module(f"{name}.schedule")
        except ModuleNotFoundError as error:
            if error.name != f"{name}.schedule":
                raise
            continue
        schedule.update(module.BEAT_SCHEDULE)
    return schedule


app = Celery("maillage")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.beat_schedule = collect_beat_schedule()
app.autodiscover_tasks()
