"""The cache's versions (core/versions.py): a value that time alone makes untrue is kept
until that instant at most and never served from then on; a model watched without a
queryset that reports its bulk writes is refused."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from core.versions import TIMEOUT, Version, cached, seconds_until

PROBE = Version("tests:versions:probe")
KEY = "tests:versions:value"


def expires_in(key: str) -> float | None:
    """Seconds before the cache drops `key` (None: not there), on Redis or in memory."""
    full_key = cache.make_and_validate_key(key)
    if hasattr(cache, "_cache") and hasattr(cache._cache, "get_client"):  # Redis
        remaining = cache._cache.get_client(full_key).ttl(full_key)
        return None if remaining < 0 else remaining
    expiry = cache._expire_info.get(full_key)  # LocMemCache
    return None if expiry is None else expiry - time.time()


@pytest.fixture(autouse=True)
def _no_value_yet():
    cache.delete(KEY)


class Computations:
    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1
        return f"value {self.count}"


def test_seconds_until_an_instant_rounds_down_and_never_goes_past_the_timeout():
    now = datetime.datetime(2019, 2, 5, 9, tzinfo=datetime.UTC)
    assert seconds_until(now + datetime.timedelta(seconds=90.9), now) == 90
    assert seconds_until(now + datetime.timedelta(hours=5), now) == TIMEOUT
    assert seconds_until(None, now) == TIMEOUT
    assert seconds_until(now + datetime.timedelta(seconds=0.5), now) == 0
    assert seconds_until(now, now) == 0
    assert seconds_until(now - datetime.timedelta(seconds=1), now) == 0


@pytest.mark.django_db
def test_a_value_is_kept_until_the_instant_it_stops_being_true_and_never_served_after():
    compute = Computations()
    now = timezone.now()
    until = now + datetime.timedelta(minutes=5)
    assert cached(KEY, compute, (PROBE,), expires=lambda value: until, now=now) == "value 1"
    # Its time in the cache ends at that instant (counted from when it was stored).
    assert 295 <= expires_in(KEY) <= 300
    during = now + datetime.timedelta(minutes=4, seconds=59)
    assert cached(KEY, compute, (PROBE,), expires=lambda value: until, now=during) == "value 1"
    # At the instant itself, and after it, computed again even though it is still stored.
    assert cached(KEY, compute, (PROBE,), expires=lambda value: None, now=until) == "value 2"
    assert compute.count == 2


@pytest.mark.django_db
def test_a_value_already_untrue_is_not_stored_and_one_untouched_by_time_is():
    compute = Computations()
    now = timezone.now()
    past = now - datetime.timedelta(seconds=1)
    cached(KEY, compute, (PROBE,), expires=lambda value: past, now=now)
    assert expires_in(KEY) is None
    cached(KEY, compute, (PROBE,), expires=lambda value: None, now=now)
    assert TIMEOUT - 5 <= expires_in(KEY) <= TIMEOUT
    assert cached(KEY, compute, (PROBE,)) == "value 2" and compute.count == 2


@pytest.mark.django_db
def test_a_write_replaces_the_version_and_the_value_is_computed_again():
    compute = Computations()
    cached(KEY, compute, (PROBE,))
    assert cached(KEY, compute, (PROBE,)) == "value 1"
    PROBE.changed()
    assert cached(KEY, compute, (PROBE,)) == "value 2"


def test_a_model_whose_bulk_writes_replace_no_version_cannot_be_watched():
    with pytest.raises(ImproperlyConfigured, match="WritesQuerySet"):
        PROBE.watch("diagnostics.Hypothesis")  # a plain manager: its bulk writes say nothing
    with pytest.raises(LookupError):
        PROBE.watch("structures.Structure", links=("structures.Structure_nothing",))
