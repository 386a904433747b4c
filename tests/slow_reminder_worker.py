"""The project's Celery app, for a worker whose reminder runs stop after their first e-mail,
so a test can kill it mid-run (`WorkerController.start(app="tests.slow_reminder_worker",
MAILLAGE_TEST_REMINDED=…)`).

Each worker process wraps the one-reminder steps of `network.services` (adhesions) and
`events.services` (meetings) as it starts: the reminder is logged and its e-mail recorded
(committed), then the file named by MAILLAGE_TEST_REMINDED is written (the event the test
waits for) and the process waits until it is killed. Production code knows nothing of it.
"""

import os
import threading
from pathlib import Path

from celery.signals import worker_process_init

from config.celery import app

__all__ = ["app"]


def _stops_after_first(original, marker: Path):
    def step(*args, **kwargs):
        sent = original(*args, **kwargs)
        if sent:
            marker.write_text("one reminder sent, the run not finished")
            threading.Event().wait()  # until the test kills this worker
        return sent

    return step


@worker_process_init.connect
def _reminder_runs_stop(**_kwargs):
    from events import services as event_services
    from network import services as network_services

    marker = Path(os.environ["MAILLAGE_TEST_REMINDED"])
    network_services._reminder_send_one = _stops_after_first(
        network_services._reminder_send_one, marker
    )
    event_services._send_once = _stops_after_first(event_services._send_once, marker)
