"""The one commune search, used wherever a commune is typed (directory filter, structure
form, imports, events).

A query is read the way people write commune names: case, accents, hyphens, apostrophes
and spaces do not matter, "St"/"Ste" stand for "Saint"/"Sainte", and a postcode or an
INSEE code (current or former) is accepted. Names are compared through `search_key`, a
normalised copy written by the loader on communes and their aliases: the same Python
normalisation serves PostgreSQL (where a trigram index on the key serves "contains") and
SQLite, so both give the same results in the same order.
"""

import re
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from .models import Commune, CommuneAlias, Postcode
from .normalise import search_key

LIMIT = 20
LABELLED = re.compile(r"^(?P<name>.*?)\s*\((?P<code>\d{5}|2[AB]\d{3})\)$", re.IGNORECASE)
CODE = re.compile(r"^(?:\d{2,5}|2[AB]\d{0,3})$", re.IGNORECASE)

EXACT, PREFIX, CONTAINS = 0, 1, 2


@dataclass(frozen=True)
class Match:
    commune: Commune
    rank: int
    via: str = ""  # the alias (delegated commune, former code) the query matched
    source: int = 0  # for a code: the INSEE code first, then a former code, then a postcode


def _ranked(queryset: QuerySet, field: str, value: str, *, prefix_only: bool) -> QuerySet:
    lookup = Q(**{f"{field}__startswith": value})
    if not prefix_only:
        lookup |= Q(**{f"{field}__contains": value})
    return queryset.filter(lookup).annotate(
        rank=Case(
            When(**{field: value}, then=Value(EXACT)),
            When(**{f"{field}__startswith": value}, then=Value(PREFIX)),
            default=Value(CONTAINS),
            output_field=IntegerField(),
        )
    )


def commune_matches(
    query: str, *, communes: QuerySet | None = None, limit: int = LIMIT
) -> list[Match]:
    """The communes a query designates, best first: exact, then prefix, then contains;
    within a rank, the most populated first. `communes` narrows the search (a user's
    territory)."""
    query = (query or "").strip()
    labelled = LABELLED.match(query)  # how a form writes a chosen commune back
    if labelled:
        query = labelled["code"]
    communes = Commune.objects.all() if communes is None else communes
    db = communes.db
    candidates: dict[int, tuple[int, int, str]] = {}

    def keep(commune_id: int, rank: int, via: str = "", source: int = 0) -> None:
        if commune_id not in candidates or (rank, source) < candidates[commune_id][:2]:
            candidates[commune_id] = (rank, source, via)

    # Ties broken on the key and the code, never on a collation (which differs between
    # PostgreSQL and SQLite): both backends return the same list.
    order = ("rank", F("population").desc(nulls_last=True), "search_key", "insee_code")
    if CODE.match(query):
        code = query.upper()
        for pk, rank in (
            _ranked(communes, "insee_code", code, prefix_only=True)
            .order_by("rank", "insee_code")
            .values_list("pk", "rank")[:limit]
        ):
            keep(pk, rank)
        postcodes = _ranked(
            Postcode.objects.using(db).filter(commune__in=communes), "code", code, prefix_only=True
        ).order_by("rank", "code")
        for pk, rank in postcodes.values_list("commune_id", "rank")[:limit]:
            keep(pk, rank, source=2)
        aliases = _ranked(
            CommuneAlias.objects.using(db).filter(commune__in=communes),
            "insee_code",
            code,
            prefix_only=True,
        ).order_by("rank", "insee_code")
        for pk, rank, alias in aliases.values_list("commune_id", "rank", "insee_code")[:limit]:
            keep(pk, rank, alias, source=1)
    else:
        key = search_key(query)
        if not key:
            return []
        short = len(key) < 3  # "contains" on one or two letters says nothing
        for pk, rank in (
            _ranked(communes, "search_key", key, prefix_only=short)
            .order_by(*order)
            .values_list("pk", "rank")[:limit]
        ):
            keep(pk, rank)
        aliases = _ranked(
            CommuneAlias.objects.using(db).filter(commune__in=communes).exclude(search_key=""),
            "search_key",
            key,
            prefix_only=short,
        ).order_by("rank", "search_key", "insee_code")
        for pk, rank, name in aliases.values_list("commune_id", "rank", "name")[:limit]:
            keep(pk, rank, name)
    found = Commune.objects.using(db).select_related("departement").in_bulk(candidates)
    matches = [
        Match(found[pk], rank, via, source) for pk, (rank, source, via) in candidates.items()
    ]
    matches.sort(
        key=lambda m: (
            m.rank,
            m.source,
            -(m.commune.population or 0),
            m.commune.search_key,
            m.commune.insee_code,
        )
    )
    return matches[:limit]


def communes_matching(query: str, *, communes: QuerySet | None = None) -> QuerySet:
    """Every commune the query designates, unranked and without a limit: what a list
    filtered by commune keeps (a structure in the 300th "Saint-…" commune included)."""
    query = (query or "").strip()
    labelled = LABELLED.match(query)
    if labelled:
        query = labelled["code"]
    communes = Commune.objects.all() if communes is None else communes
    if CODE.match(query):
        code = query.upper()
        return communes.filter(
            Q(insee_code__startswith=code)
            | Q(pk__in=Postcode.objects.filter(code__startswith=code).values("commune_id"))
            | Q(
                pk__in=CommuneAlias.objects.filter(insee_code__startswith=code).values("commune_id")
            )
        )
    key = search_key(query)
    if not key:
        return communes.none()
    lookup = "search_key__startswith" if len(key) < 3 else "search_key__contains"
    return communes.filter(
        Q(**{lookup: key})
        | Q(pk__in=CommuneAlias.objects.filter(**{lookup: key}).values("commune_id"))
    )


def commune_search(
    query: str, *, communes: QuerySet | None = None, limit: int = LIMIT
) -> list[Commune]:
    return [match.commune for match in commune_matches(query, communes=communes, limit=limit)]


def label(commune: Commune) -> str:
    """How a chosen commune is written back in a form: `Cayenne (97302)`."""
    return f"{commune.name} ({commune.insee_code})"


def commune_resolve(
    query: str, *, communes: QuerySet | None = None
) -> tuple[Commune | None, list[Commune]]:
    """The one commune a typed value designates, or None and the candidates: an INSEE
    code (current or former), `Name (code)`, a postcode of a single commune, or a name
    that only one commune has exactly."""
    matches = commune_matches(query, communes=communes)
    exact = [m for m in matches if m.rank == EXACT]
    if exact:
        # An INSEE code designates one commune even where it is also another's postcode
        # (97311 is Saint-Laurent-du-Maroni's code and one of Roura's postcodes).
        best = [m.commune for m in exact if m.source == exact[0].source]
        if len(best) == 1:
            return best[0], []
        return None, [m.commune for m in exact]
    return None, [m.commune for m in matches]


def communes_by_code(codes, *, communes: QuerySet | None = None) -> dict[str, Commune]:
    """{code: current commune} for INSEE codes, current or former (`anciensCodes`, a
    delegated or associated commune, a municipal arrondissement): one query each."""
    communes = Commune.objects.all() if communes is None else communes
    codes = {code.strip().upper() for code in codes if code and code.strip()}
    found = {
        c.insee_code: c
        for c in communes.filter(insee_code__in=codes).select_related("departement__region")
    }
    missing = codes - found.keys()
    if missing:
        for alias in CommuneAlias.objects.filter(
            insee_code__in=missing, commune__in=communes
        ).select_related("commune__departement__region"):
            found.setdefault(alias.insee_code, alias.commune)
    return found


CEDEX = re.compile(r"\bcedex\b.*$", re.IGNORECASE)


def commune_for_address(
    postcode: str, city: str, *, communes: QuerySet | None = None
) -> tuple[Commune | None, list[Commune]]:
    """The commune of a postal address (postcode and city, as the State's lists give them),
    or None and the candidates: the communes of the postcode whose name (or a delegated
    commune's) reads like the city. A Cedex postcode is no commune's: the city is then
    looked for among the communes of the postcode's département."""
    communes = Commune.objects.all() if communes is None else communes
    postcode = (postcode or "").strip()
    key = search_key(CEDEX.sub("", city or ""))
    by_postcode = list(
        communes.filter(postcodes__code=postcode).select_related("departement__region").distinct()
    )
    if not by_postcode and len(postcode) == 5:
        prefix = postcode[:3] if postcode.startswith("97") else postcode[:2]
        departement = Q(departement__code__startswith=prefix)
        if prefix == "20":
            departement = Q(departement__code__in=["2A", "2B"])
        by_postcode = list(
            communes.filter(departement, search_key=key).select_related("departement__region")
        )
        if len(by_postcode) == 1:
            return by_postcode[0], []
        return None, by_postcode
    if not key:
        return None, by_postcode
    alias_keys = {}
    for commune_id, alias_key in CommuneAlias.objects.filter(
        commune__in=by_postcode, search_key=key
    ).values_list("commune_id", "search_key"):
        alias_keys[commune_id] = alias_key
    named = [c for c in by_postcode if c.search_key == key or c.pk in alias_keys]
    if not named:
        named = [c for c in by_postcode if c.search_key.startswith(key)]
    if len(named) == 1:
        return named[0], []
    return None, (named or by_postcode)
