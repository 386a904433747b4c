"""Real Celery workers on Redis for the tests about tasks (report rendering, the browser
journey).

A worker is `celery -A config worker` in a subprocess, on the pytest-django TEST database
(tests using it need committed rows: `@pytest.mark.django_db(transaction=True)`), on its
own queue, with tasks not eager (MAILLAGE_TASKS_EAGER=false). While `taking_tasks()` is
open, the test process (and the live server's thread) publishes to that queue instead of
running tasks in-process.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60


def database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class WorkerController:
    """Start, kill and stop Celery workers for one test."""

    def __init__(self, app, queue: str, log_dir: Path, *, name: str = "test-worker"):
        self.app, self.queue, self.log_dir, self.name = app, queue, log_dir, name
        self.processes: list[subprocess.Popen] = []
        # The workers' e-mails, one file per connection (the test process reads them).
        self.mail_dir = log_dir / "mail"

    def env(self, extra: dict | None = None) -> dict:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "MAILLAGE_CELERY_QUEUE": self.queue,
            "MAILLAGE_TASKS_EAGER": "false",
            "MAILLAGE_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            # django-environ drops one leading slash of the path: four for an absolute one.
            "EMAIL_URL": f"filemail:///{self.mail_dir}",
        }
        # Browser tests set it for their own event loop; `check` refuses it elsewhere.
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        env.update(extra or {})
        return env

    def start(self, *, app: str = "config", **extra_env) -> subprocess.Popen:
        """A worker of the Celery app `app` (`tests.slow_pdf_worker` for one whose PDF step
        waits to be killed), with `extra_env` added to its environment."""
        name = f"{self.name}-{uuid.uuid4().hex[:8]}@localhost"
        log = open(self.log_dir / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                app,
                "worker",
                "-Q",
                self.queue,
                "-n",
                name,
                "-c",
                "1",
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "info",
                "--max-tasks-per-child",
                "50",
            ],
            cwd=BASE_DIR,
            env=self.env({key: str(value) for key, value in extra_env.items()}),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill() reaches the pool too
        )
        process.log, process.node = log, name
        self.processes.append(process)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"Celery worker exited: {self.log_text(process)}")
            if self.app.control.ping(destination=[name], timeout=0.5):
                return process
        self.kill(process)
        raise RuntimeError(f"Celery worker did not answer ping: {self.log_text(process)}")

    def log_text(self, process) -> str:
        process.log.flush()
        return (self.log_dir / f"{process.node}.log").read_text()[-4000:]

    def succeeded(self, task: str) -> int:
        """How many `task` runs the workers reported done, from their own log lines."""
        count = 0
        for path in self.log_dir.glob(f"{self.name}-*.log"):
            count += sum(
                1
                for line in path.read_text().splitlines()
                if f"Task {task}[" in line and " succeeded in " in line
            )
        return count

    def wait_succeeded(self, task: str, count: int, *, timeout: float = 60) -> None:
        """Until the workers say `count` runs of `task` are done (their own signal)."""
        deadline = time.monotonic() + timeout
        while self.succeeded(task) < count:
            if time.monotonic() > deadline:
                logs = [self.log_text(process) for process in self.processes]
                raise AssertionError(f"{task}: not {count} runs done. " + "\n".join(logs))
            time.sleep(0.2)

    def mails(self) -> list[str]:
        """The e-mails the workers sent, as the messages' text."""
        if not self.mail_dir.exists():
            return []
        text = "".join(path.read_text() for path in sorted(self.mail_dir.glob("*.log")))
        return [part for part in text.split("-" * 79) if "Subject:" in part]

    def kill(self, process) -> None:
        """SIGKILL the worker and its pool, like a machine losing power."""
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        process.log.close()

    def stop(self, process) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        process.log.close()

    def stop_all(self) -> None:
        for process in self.processes:
            self.stop(process)

    def purge(self) -> None:
        with self.app.connection_for_write() as conn:
            conn.default_channel.queue_purge(self.queue)

    @contextmanager
    def taking_tasks(self):
        """Tasks published to this controller's queue, not run in-process, for the block."""
        conf = self.app.conf
        previous = conf.task_always_eager, conf.task_default_queue
        conf.task_always_eager, conf.task_default_queue = False, self.queue
        try:
            yield self
        finally:
            conf.task_always_eager, conf.task_default_queue = previous
