"""Operational limits of the report pipeline, read from the environment.

The hard time limit bounds a render; a report still "rendering" after
`STALE_AFTER_SECONDS` was abandoned by a dead worker (the hard limit would have ended a live
one) and is re-queued. The broker's visibility timeout (config: 3600 s) stays above the hard
limit, so Redis never hands a running task to a second worker.
"""

import environ

env = environ.Env()

SOFT_TIME_LIMIT = env.int("MAILLAGE_REPORT_SOFT_TIME_LIMIT", default=240)
TIME_LIMIT = env.int("MAILLAGE_REPORT_TIME_LIMIT", default=300)
STALE_AFTER_SECONDS = env.int("MAILLAGE_REPORT_STALE_AFTER", default=TIME_LIMIT + 60)
# A queued report whose message was lost (Redis restarted, or was down at request time) is
# sent again after this delay.
REQUEUE_AFTER_SECONDS = env.int("MAILLAGE_REPORT_REQUEUE_AFTER", default=300)
MAX_ATTEMPTS = env.int("MAILLAGE_REPORT_MAX_ATTEMPTS", default=4)
MAX_RETRIES = 3
