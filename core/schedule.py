BEAT_SCHEDULE = {
    "core-mails-unsent-deliver": {
        "task": "core.tasks.mails_unsent_deliver",
        "schedule": 600.0,
    },
}
