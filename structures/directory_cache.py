"""The directories' rendered content (filters, rows, pagination), kept in the cache: the
staff's directory of structures and the members' directory.

People come back to a directory all day with the same few filters, and rendering the
filter form and fifty rows costs far more than reading them. The content is cached under a
key that holds what it depends on:

- which directory, and the query string (filters, sort, page) as the user sent it;
- the language;
- for the staff's directory, the user's scope: national (every territory) or the regions
  they are assigned to, since regional staff see their regions only (the members'
  directory shows every member to every manager);
and beside the directories' version (`VERSION`, see `core.versions`): content stored at
another version than the current one is rendered again, so a change shows on the very next
request. The staff home's counts of a territory read the same tables and are kept at the
same version.

Who replaces the version: the signals wired in `StructuresConfig.ready()` (every save and
deletion of a structure, convention, yearly indicators, adhesion, adhesion campaign, region,
département or commune), the querysets of those models for their writes that send no
signal (`bulk_create`, `bulk_update`, `update`: `core.versions.WritesQuerySet`), `migrate`
and the demo data's loading.
"""

import hashlib
import re

from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.versions import Version, cached

VERSION = Version("structures:directory:version")
BETWEEN_TAGS = re.compile(r">\s+<")


def staff_scope(user, assigned=None):
    """What `visible_to(user)` depends on, for staff: every territory for national staff,
    the regions they are assigned to for regional staff (`assigned`: their keys, when the
    page has read them already)."""
    if user.is_national_staff:
        return "national"
    if assigned is not None:
        return tuple(sorted(assigned))
    return tuple(user.regions.order_by("pk").values_list("pk", flat=True))


def content_key(request, directory: str, *, skip: tuple[str, ...] = (), part: str = "") -> str:
    """The key of `directory`'s content for this request (`part` of it: its parameters but
    those in `skip`)."""
    scope = staff_scope(request.user) if directory == "staff" else None
    params = request.GET.copy()
    for name in skip:
        params.pop(name, None)
    parts = (params.urlencode(), get_language(), scope)
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"structures:directory:{directory}{part}:{digest}"


def _compact(html: str) -> str:
    """Indentation between tags dropped (a quarter of the markup): any run of white space
    between two tags shows as one space, or none, as before."""
    return BETWEEN_TAGS.sub(">\n<", html)


def cached_content(request, render, *, directory: str = "staff") -> str:
    """The content for this request from the cache, or `render()` stored there."""
    return mark_safe(  # noqa: S308 - markup we rendered ourselves
        cached(content_key(request, directory), lambda: _compact(str(render())), (VERSION,))
    )


def cached_facets(request, render, *, skip: tuple[str, ...]) -> str:
    """The staff directory's filters but the free text (the parameters in `skip`), from
    the cache or `render()` stored there: they depend on their own values, the user's
    scope (the territories offered), the language, and the territories' names (at the
    directories' version)."""
    key = content_key(request, "staff", skip=skip, part=":facets")
    return mark_safe(  # noqa: S308 - markup we rendered ourselves
        cached(key, lambda: str(render()), (VERSION,))
    )
