"""Values kept in the cache beside the *versions* of the data they were computed from.

A version is a token in the cache that every write on some tables replaces (`Version`): the
saves and deletions of their models, the changes of their many-to-many links (signals,
`Version.watch`), and the writes that send no signal, by the querysets that make them
(`structures.directory_cache.DirectoryWritesQuerySet` for instance). `cached()` stores a
value beside the versions it was computed at, and reads it back with the current versions in
one round trip: stored at other versions, it is computed again. So a change shows on the
very next request, and nothing is ever served stale beyond a write that goes around the ORM
(at most `TIMEOUT`).

A version is a new random token, never a counter: a counter evicted from the cache would
start again and meet values stored under its old values. Every version is replaced after a
migration (a new release never serves the previous markup) and after the demo data are
loaded (`forget()`).

The cache only spares work: if it cannot be reached, values are computed as usual.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

TIMEOUT = 600  # seconds


class Version:
    """The version of some tables: `changed()` is wired to every write on them."""

    every: list["Version"] = []

    def __init__(self, key: str):
        self.key = key
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

    def watch(self, *models: str, links: tuple[str, ...] = ()) -> None:
        """Replace the version on every save and deletion of `models` ("app.Model") and
        every change of the many-to-many `links` (their "app.Through" models)."""
        for model in models:
            for signal in (post_save, post_delete):
                signal.connect(self.changed, sender=model, dispatch_uid=f"{self.key}-{model}")
        for through in links:
            m2m_changed.connect(self.changed, sender=through, dispatch_uid=f"{self.key}-{through}")


def forget(**_signal_kwargs) -> None:
    """Every value set aside at once (every version replaced): after a migration, after
    the demo data are loaded, and for each test's database."""
    for version in Version.every:
        version.replace()


def cached(key: str, compute, versions: tuple[Version, ...]):
    """The value stored under `key` at the current `versions`, or `compute()` stored there."""
    names = [version.key for version in versions]
    try:
        found = cache.get_many([*names, key])
    except Exception:
        logger.warning("Cache unreachable: computing without it.", exc_info=True)
        return compute()
    current = tuple(found.get(name) for name in names)
    stored = found.get(key)
    if None not in current and stored is not None and stored[0] == current:
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
            cache.set(key, (current, value), TIMEOUT)
    except Exception:
        logger.warning("Cache unreachable: not stored.", exc_info=True)
    return value
