"""Values kept in the cache beside the *versions* of the data they were computed from.

A version is a token in the cache that every write on some tables replaces (`Version`): the
saves and deletions of their models, the changes of their many-to-many links (signals,
`Version.watch`), and the writes that send no signal (`bulk_create`, `bulk_update`,
`update`), by the querysets that make them: every model a version watches has a
`WritesQuerySet` (`watch` refuses one that has not). `cached()` stores a value beside the
versions it was computed at, and reads it back with the current versions in one round trip:
stored at other versions, it is computed again. So a change shows on the very next request,
and nothing is ever served stale beyond a write that goes around the ORM (raw SQL, a bulk
write on the table of a many-to-many link: at most `TIMEOUT`).

A value that time alone will change (a meeting counts as held once it has started) is given
the instant it stops being true (`cached(..., expires=...)`): it is kept until then at most,
and never served from then on.

A version is a new random token, never a counter: a counter evicted from the cache would
start again and meet values stored under its old values. Every version is replaced after a
migration (a new release never serves the previous markup) and after the demo data are
loaded (`forget()`).

The cache only spares work: if it cannot be reached, values are computed as usual.
"""

import datetime
import logging
import math
import uuid
from collections.abc import Callable

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

logger = logging.getLogger(__name__)

TIMEOUT = 600  # seconds


class Version:
    """The version of some tables: `changed()` is wired to every write on them."""

    every: list["Version"] = []

    def __init__(self, key: str):
        self.key = key
        # What it watches: models and many-to-many links ("app.Model").
        self.watched: set[str] = set()
        Version.every.append(self)

    def replace(self) -> None:
        try:
            cache.set(self.key, uuid.uuid4().hex, None)
        except Exception:
            logger.warning("Cache unreachable: version %s not replaced.", self.key, exc_info=True)

    def changed(self, **_signal_kwargs) -> None:
        """The data have changed: replace the version now (this transaction's own next read
        sees it) and again on commit (so a value computed meanwhile by another request,
        from the data before the change, is never served after it)."""
        self.replace()
        transaction.on_commit(self.replace)

    def watch(self, *labels: str, links: tuple[str, ...] = ()) -> None:
        """Replace the version on every save and deletion of the models `labels`
        ("app.Model"), on their writes that send no signal (their querysets must be
        `WritesQuerySet`s: refused otherwise), and on every change of the many-to-many
        `links` (their "app.Through" models). Called from an `AppConfig.ready()`."""
        watched = [apps.get_model(label) for label in labels]
        for through in links:
            apps.get_model(through)  # a mistyped name fails here, not silently
        for model in watched:
            for manager in model._meta.managers:
                if not issubclass(manager._queryset_class, WritesQuerySet):
                    raise ImproperlyConfigured(
                        f"{model._meta.label}.{manager.name} writes in bulk without replacing "
                        f"the version {self.key}: give it a core.versions.WritesQuerySet."
                    )
        self.watched.update(model._meta.label for model in watched)
        self.watched.update(apps.get_model(through)._meta.label for through in links)
        for model in watched:
            label = model._meta.label
            watching = WATCHERS.setdefault(label, [])
            if self not in watching:
                watching.append(self)
            for signal in (post_save, post_delete):
                signal.connect(self.changed, sender=label, dispatch_uid=f"{self.key}-{label}")
        for through in links:
            m2m_changed.connect(self.changed, sender=through, dispatch_uid=f"{self.key}-{through}")


# The versions that watch each model ("app.Model"), for the writes that send no signal.
WATCHERS: dict[str, list[Version]] = {}


def written(model) -> None:
    """`model`'s table was written without a signal: replace the versions watching it."""
    for version in WATCHERS.get(model._meta.label, ()):
        version.changed()


class WritesQuerySet(models.QuerySet):
    """The writes that send no signal replace the versions that watch the model."""

    def bulk_create(self, *args, **kwargs):
        created = super().bulk_create(*args, **kwargs)
        written(self.model)
        return created

    def bulk_update(self, *args, **kwargs):
        updated = super().bulk_update(*args, **kwargs)
        written(self.model)
        return updated

    def update(self, **kwargs):
        updated = super().update(**kwargs)
        written(self.model)
        return updated


def forget(**_signal_kwargs) -> None:
    """Every value set aside at once (every version replaced): after a migration, after
    the demo data are loaded, and for each test's database."""
    for version in Version.every:
        version.replace()


def seconds_until(instant: datetime.datetime | None, now: datetime.datetime) -> int:
    """How long a value that stops being true at `instant` (None: never, by time alone)
    may be kept from `now`: whole seconds, rounded down so that it is gone by then, and
    `TIMEOUT` at most; 0 (keep nothing) once the instant has come."""
    if instant is None:
        return TIMEOUT
    return max(0, min(TIMEOUT, math.floor((instant - now).total_seconds())))


def cached(
    key: str,
    compute,
    versions: tuple[Version, ...],
    *,
    expires: Callable[[object], datetime.datetime | None] | None = None,
    now: datetime.datetime | None = None,
):
    """The value stored under `key` at the current `versions`, or `compute()` stored there.

    `expires(value)`, if given, is the instant time alone makes the value untrue (None:
    only a write does): the value is stored until then at most (`seconds_until`), and
    never served at or after it. `now` is the current instant (by default, the clock's)."""
    names = [version.key for version in versions]
    try:
        found = cache.get_many([*names, key])
    except Exception:
        logger.warning("Cache unreachable: computing without it.", exc_info=True)
        return compute()
    current = tuple(found.get(name) for name in names)
    stored = found.get(key)
    if (
        None not in current
        and isinstance(stored, tuple)
        and len(stored) == 3
        and stored[0] == current
        and (stored[2] is None or (now or timezone.now()) < stored[2])
    ):
        return stored[1]
    value = compute()
    try:
        if None in current:
            # A version not there yet (or evicted): set one, and store nothing this time; a
            # write made while this value was computed may have set it already, and the
            # value would be stored at a version that comes after it.
            for name, token in zip(names, current, strict=True):
                if token is None:
                    cache.add(name, uuid.uuid4().hex, None)
        else:
            until = expires(value) if expires is not None else None
            # Counted from the instant it is stored (computing took time since `now`).
            stored_at = timezone.now() if now is None else max(now, timezone.now())
            timeout = seconds_until(until, stored_at)
            if timeout > 0:
                cache.set(key, (current, value, until), timeout)
    except Exception:
        logger.warning("Cache unreachable: not stored.", exc_info=True)
    return value
