from celery.schedules import crontab

BEAT_SCHEDULE = {
    "network-adhesion-reminders": {
        "task": "network.tasks.adhesion_reminders_send",
        "schedule": crontab(hour=8, minute=0),
    },
}
