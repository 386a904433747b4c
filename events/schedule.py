from celery.schedules import crontab

BEAT_SCHEDULE = {
    "events-reminders": {
        "task": "events.tasks.event_reminders_send",
        "schedule": crontab(minute=15),  # hourly; each reminder is logged and sent once
    },
}
