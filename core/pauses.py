"""Test-only pauses at named points of long task runs, so a fault test can kill a real
worker there (tests/faults). Honoured only under the test settings; nothing happens
elsewhere."""

import os
import time

from django.conf import settings


def pause_for_tests(point: str) -> None:
    """Sleep MAILLAGE_TEST_PAUSE_<POINT> seconds (e.g. MAILLAGE_TEST_PAUSE_REMINDER=30)."""
    if settings.SETTINGS_MODULE != "config.settings.test":
        return
    seconds = float(os.environ.get(f"MAILLAGE_TEST_PAUSE_{point.upper()}", "0") or 0)
    if seconds:
        time.sleep(seconds)
