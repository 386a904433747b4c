"""The directories' rendered content (filters, rows, pagination), kept in the cache: the
staff's directory of structures and the members' directory.

People come back to a directory all day with the same few filters, and rendering the
filter form and fifty rows costs far more than reading them. The content is cached under a
key that holds everything it depends on:

- which directory, and the query string (filters, sort, page) as the user sent it;
- the language;
- for the staff's directory, the user's scope: national (every territory) or the regions
  they are assigned to, since regional staff see their regions only (the members'
  directory shows every member to every manager);
- a fingerprint of the data shown, read in one query of index lookups: the latest id and
  the latest history record of structures, conventions, yearly indicators and adhesions,
  and the latest adhesion campaign. Every save or deletion through the ORM writes a
  history record and every insertion, even in bulk, takes a new id, so a change shows on
  the very next request. A database recreated from scratch is told apart by its identity;
- the source of the templates, so a new release never serves the previous markup.

What the fingerprint cannot see (a queryset `update()`, a commune or a region renamed in
the reference data) shows after at most `TIMEOUT`.
"""

import functools
import hashlib
import logging
import re

from django.core.cache import cache
from django.db import connection
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from accounts.models import User

from .models import Adhesion, AdhesionCampaign, Convention, Structure, YearlyIndicators

logger = logging.getLogger(__name__)

TIMEOUT = 600  # seconds
BETWEEN_TAGS = re.compile(r">\s+<")
# The templates of each directory's content.
DIRECTORIES = {
    "staff": ("structures/_directory_content.html", "structures/_directory_filters.html"),
    "members": ("structures/_member_directory_content.html",),
}


@functools.cache
def _key_sql() -> str:
    """One query: the latest primary key of each table the directory shows (index lookups),
    then the database's identity and the regions of the user (`%s`) on PostgreSQL.

    Built once from the models' metadata: nothing in it comes from a request. (Raw SQL
    because the same query through the ORM costs ten times more to build than to run.)
    """
    quote = connection.ops.quote_name
    tables = [
        (table._meta.db_table, table._meta.pk.column)
        for model in (Structure, Convention, YearlyIndicators, Adhesion)
        for table in (model, model.history.model)
    ]
    tables.append((AdhesionCampaign._meta.db_table, AdhesionCampaign._meta.pk.column))
    parts = [f"(SELECT MAX({quote(pk)}) FROM {quote(name)})" for name, pk in tables]  # noqa: S608
    if connection.vendor == "postgresql":
        through = User.regions.through._meta
        region, user = (quote(through.get_field(name).column) for name in ("region", "user"))
        parts.append("(SELECT oid FROM pg_database WHERE datname = current_database())")
        table = quote(through.db_table)
        assigned = f"SELECT array_agg({region} ORDER BY {region}) FROM {table} WHERE {user} = %s"  # noqa: S608
        parts.append(f"({assigned})")
    return "SELECT " + ", ".join(parts)


def _data_and_regions(user) -> tuple[tuple, tuple]:
    """The fingerprint of the data and the user's regions (one query on PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_key_sql(), [user.pk])
            *data, regions = cursor.fetchone()
        else:
            cursor.execute(_key_sql())
            data, regions = cursor.fetchone(), user.regions.values_list("pk", flat=True)
    return tuple(data), tuple(sorted(regions or ()))


@functools.cache
def _templates_digest(directory: str) -> str:
    sources = "".join(get_template(name).template.source for name in DIRECTORIES[directory])
    return hashlib.sha256(sources.encode()).hexdigest()[:16]


def content_key(request, directory: str) -> str:
    user = request.user
    data, regions = _data_and_regions(user)
    scope = None
    if directory == "staff":
        # What `Structure.objects.visible_to(user)` depends on, for staff: every territory
        # for national staff, the regions they are assigned to for regional staff.
        scope = "national" if user.is_national_staff else regions
    parts = (request.GET.urlencode(), get_language(), scope, data, _templates_digest(directory))
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"structures:directory:{directory}:{digest}"


def _compact(html: str) -> str:
    """Indentation between tags dropped (a quarter of the markup): any run of white space
    between two tags shows as one space, or none, as before."""
    return BETWEEN_TAGS.sub(">\n<", html)


def cached_content(request, render, *, directory: str = "staff") -> str:
    """The content for this request from the cache, or `render()` stored there.

    The cache only spares work: if it cannot be reached, the content is rendered as usual."""
    key = content_key(request, directory)
    try:
        content = cache.get(key)
    except Exception:
        logger.warning("Directory cache unreachable: rendering without it.", exc_info=True)
        return mark_safe(str(render()))  # noqa: S308 - markup we rendered ourselves
    if content is None:
        content = _compact(str(render()))
        try:
            cache.set(key, content, TIMEOUT)
        except Exception:
            logger.warning("Directory cache unreachable: not stored.", exc_info=True)
    return mark_safe(content)  # noqa: S308 - markup we rendered ourselves
