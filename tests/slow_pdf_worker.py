"""The project's Celery app, for a worker whose PDF step waits, so a test can kill it
mid-render (`WorkerController.start(app="tests.slow_pdf_worker", MAILLAGE_TEST_RENDERING=…)`).

Each worker process wraps `reports.rendering.html_to_pdf` as it starts: the PDF is made,
then the file named by MAILLAGE_TEST_RENDERING is written (the event the test waits for)
and the process waits until it is killed. Production code knows nothing of it.
"""

import os
import threading
from pathlib import Path

from celery.signals import worker_process_init

from config.celery import app

__all__ = ["app"]


@worker_process_init.connect
def _pdf_step_waits(**_kwargs):
    from reports import rendering

    original = rendering.html_to_pdf
    marker = Path(os.environ["MAILLAGE_TEST_RENDERING"])

    def html_to_pdf(html, *args, **kwargs):
        pdf = original(html, *args, **kwargs)
        marker.write_text("rendered, not stored")
        threading.Event().wait()  # until the test kills this worker
        return pdf

    rendering.html_to_pdf = html_to_pdf
