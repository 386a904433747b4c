from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Re-send reports whose message was lost and re-queue renders abandoned by dead workers.
    "reports-recover": {"task": "reports.tasks.reports_recover", "schedule": crontab(minute="*/5")},
}
