"""Celery application.

With REDIS_URL unset the settings make every task run in-process (task_always_eager), so
`make run` needs no broker; with REDIS_URL set, tasks go to Redis and a worker runs them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("maillage")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
