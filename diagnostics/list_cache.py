"""The order of the diagnostics lists (how many rows, which keys on the page), kept in the
cache.

A list of a territory holds every visit, plan, overdue action or accompaniment of its
structures: counting it and sorting it costs what it holds, however short the page. So its
order is kept under a key that holds what it depends on:

- which list, and the query string (filters, sort, page) as the user sent it;
- the user's scope: national (every territory), or the regions a member of regional staff
  is assigned to (see `scope`);
- the day, since an action is overdue once its due date has passed;
and beside the version of the lists' tables (`VERSION`) and that of the structures'
(`structures.directory_cache.VERSION`: their names, départements and régions): an order
stored at other versions is computed again, so a change shows on the very next request.
Only the keys are kept: the rows of the page are read each time.

Who replaces `VERSION`: the signals wired in `DiagnosticsConfig.ready()` (every save and
deletion of a visit, action plan, action or accompaniment, every change of an
accompaniment's participants or of a user's regions), the querysets of those models for
their writes that send no signal (`core.versions.WritesQuerySet`), `migrate` and the demo
data's loading.
"""

import hashlib

from django.utils import timezone

from core.versions import Version, cached
from structures import directory_cache

VERSION = Version("diagnostics:lists:version")


def scope(user) -> str:
    """What `visible_to(user)` depends on, known without a query: every territory for
    national staff; for regional staff, the regions they are assigned to, under their own
    key (a change of anyone's regions replaces `VERSION`)."""
    return "national" if user.is_national_staff else f"user:{user.pk}"


def order_key(request, name: str) -> str:
    parts = (
        name,
        request.GET.urlencode(),
        scope(request.user),
        timezone.localdate().isoformat(),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"diagnostics:lists:{name}:{digest}"


def cached_order(request, name: str, compute):
    """The order of list `name` for this request from the cache, or `compute()` stored
    there."""
    return cached(order_key(request, name), compute, (VERSION, directory_cache.VERSION))
