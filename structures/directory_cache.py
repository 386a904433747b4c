"""The directories' rendered content (filters, rows, pagination), kept in the cache: the
staff's directory of structures and the members' directory; and the staff home's counts of
a territory (`cached()`), which read the same tables.

People come back to a directory all day with the same few filters, and rendering the
filter form and fifty rows costs far more than reading them. The content is cached under a
key that holds what it depends on:

- which directory, and the query string (filters, sort, page) as the user sent it;
- the language;
- for the staff's directory, the user's scope: national (every territory) or the regions
  they are assigned to, since regional staff see their regions only (the members'
  directory shows every member to every manager);
and beside the directories' *version*: a token in the cache that every write on what they
show replaces (`data_changed()`). Content stored at another version than the current one is
rendered again, so a change shows on the very next request.

Who replaces the version: the signals wired in `StructuresConfig.ready()` (every save and
deletion of a structure, convention, yearly indicators, adhesion, adhesion campaign, region,
département or commune), the querysets of those models for their writes that send no
signal (`bulk_create`, `bulk_update`, `update`: `DirectoryWritesQuerySet`), and
`migrate` (a new release never serves the previous markup). A write that goes around the
ORM shows after at most `TIMEOUT`.

The version is a new random token, never a counter: a counter evicted from the cache would
start again and meet content stored under its old values.
"""

import hashlib
import logging
import re
import uuid

from django.core.cache import cache
from django.db import models, transaction
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

TIMEOUT = 600  # seconds
VERSION_KEY = "structures:directory:version"
BETWEEN_TAGS = re.compile(r">\s+<")


def _new_version() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except Exception:
        logger.warning("Directory cache unreachable: version not replaced.", exc_info=True)


def forget() -> None:
    """Every stored content and value set aside at once (a new version): for a database
    replaced under the portal, as each test's is."""
    _new_version()


def data_changed(**_signal_kwargs) -> None:
    """What the directories show has changed: replace the version now (this transaction's
    own next read sees it) and again on commit (so content rendered meanwhile by another
    request, from the data before the change, is never served after it)."""
    _new_version()
    transaction.on_commit(_new_version)


class DirectoryWritesQuerySet(models.QuerySet):
    """The writes that send no signal, on the models the directories show."""

    def bulk_create(self, *args, **kwargs):
        created = super().bulk_create(*args, **kwargs)
        data_changed()
        return created

    def bulk_update(self, *args, **kwargs):
        updated = super().bulk_update(*args, **kwargs)
        data_changed()
        return updated

    def update(self, **kwargs):
        updated = super().update(**kwargs)
        data_changed()
        return updated


def content_key(request, directory: str) -> str:
    user = request.user
    scope = None
    if directory == "staff":
        # What `Structure.objects.visible_to(user)` depends on, for staff: every territory
        # for national staff, the regions they are assigned to for regional staff.
        if user.is_national_staff:
            scope = "national"
        else:
            scope = tuple(user.regions.order_by("pk").values_list("pk", flat=True))
    parts = (request.GET.urlencode(), get_language(), scope)
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"structures:directory:{directory}:{digest}"


def _compact(html: str) -> str:
    """Indentation between tags dropped (a quarter of the markup): any run of white space
    between two tags shows as one space, or none, as before."""
    return BETWEEN_TAGS.sub(">\n<", html)


def cached(key: str, compute):
    """The value stored under `key` at the current version, or `compute()` stored there.

    The value is stored beside the version it was computed at, and read with the current
    version in one round trip: stored at another version, it is computed again. The cache
    only spares work: if it cannot be reached, the value is computed as usual."""
    try:
        found = cache.get_many([VERSION_KEY, key])
    except Exception:
        logger.warning("Directory cache unreachable: computing without it.", exc_info=True)
        return compute()
    version, stored = found.get(VERSION_KEY), found.get(key)
    if version is not None and stored is not None and stored[0] == version:
        return stored[1]
    value = compute()
    try:
        if version is None:
            version = uuid.uuid4().hex
            if not cache.add(VERSION_KEY, version, None):
                version = cache.get(VERSION_KEY)
        cache.set(key, (version, value), TIMEOUT)
    except Exception:
        logger.warning("Directory cache unreachable: not stored.", exc_info=True)
    return value


def cached_content(request, render, *, directory: str = "staff") -> str:
    """The content for this request from the cache, or `render()` stored there."""
    return mark_safe(  # noqa: S308 - markup we rendered ourselves
        cached(content_key(request, directory), lambda: _compact(str(render())))
    )
