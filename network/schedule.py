from celery.schedules import crontab

BEAT_SCHEDULE = {
    "network-membership-reminders": {
        "task": "network.tasks.membership_reminders_send",
        "schedule": crontab(hour=8, minute=0),
    },
}
