from celery.schedules import crontab

BEAT_SCHEDULE = {
    "structures-import-uploads-purge": {
        "task": "structures.tasks.import_uploads_purge",
        "schedule": crontab(hour=3, minute=40),  # daily; deleting twice is harmless
    },
}
