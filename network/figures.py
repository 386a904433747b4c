"""Figures of a regional network: its coverage of the territory.

One function, one definition per figure; the network's page, the member area and the
territorial report all read `regional_network_coverage`. The territory's structures are
those the staff directory lists with the filters "Territoire" = the network's region and
"Type" = the kind (and "Commune" = the commune's name), counted the same way.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.versions import Version
from structures.enums import StructureKind
from structures.figures import SOURCES, define
from structures.models import Structure

from .enums import NetworkMemberStatus

# Partners met ------------------------------------------------------------------------------

define(
    "partners_met",
    _("Partenaires rencontrés"),
    _(
        "Organisations partenaires du territoire avec au moins un échange consigné au journal "
        "ou une visite de diagnostic à laquelle elles ont pris part pendant la période (sur "
        "l'accueil de l'équipe : depuis le 1er janvier de l'année en cours)."
    ),
    _("Journal des échanges et visites saisis dans le portail"),
)

# Other ways of meeting a partner, registered by higher apps (diagnostics: the visits an
# organisation took part in): each gives the meetings of the organisation `OuterRef("pk")`
# between two dates, bounds included.
MEETING_SOURCES: dict[str, Callable[[datetime.date, datetime.date], QuerySet]] = {}

# The version of what the staff home reads of the network's activity (partners and who met
# them, follow-ups, missions): replaced by every write on it (see `core.versions`), the
# tables of the meeting sources included.
ACTIVITY = Version("network:activity:version")


def register_meeting_source(
    name: str,
    meetings: Callable[[datetime.date, datetime.date], QuerySet],
    *,
    models: tuple[str, ...],
    links: tuple[str, ...] = (),
) -> None:
    """`meetings` reads `models` and the many-to-many `links` ("app.Model"): every write on
    them replaces the version of the activity figures, and that of the territory's figures
    (`structures.figures.SOURCES`), which count the partners met too."""
    MEETING_SOURCES[name] = meetings
    ACTIVITY.watch(*models, links=links)
    SOURCES.watch(*models, links=links)


def partners_met_filter(start: datetime.date, end: datetime.date) -> Q:
    """The one test of "partner met" (see its definition): an exchange logged with the
    organisation, or a registered meeting source, between `start` and `end` included.
    Staff home, partner list, diagnostic page and report all filter with it."""
    from .models import Interaction

    met = Q(
        Exists(
            Interaction.objects.filter(
                organisations=OuterRef("pk"), occurred_on__gte=start, occurred_on__lte=end
            )
        )
    )
    for meetings in MEETING_SOURCES.values():
        met |= Q(Exists(meetings(start, end)))
    return met


def partners_met_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The staff home's period: the current year so far."""
    today = today or timezone.localdate()
    return datetime.date(today.year, 1, 1), today


@dataclass(frozen=True)
class CoverageRow:
    """`siae`: SIAE of the territory of this kind (or in this commune); `joined`: those of
    them that are members of the network (status "membre") on the date."""

    key: str
    label: str
    siae: int
    joined: int

    @property
    def share(self):
        """joined ÷ siae, None (shown "non déclaré") when the territory has no SIAE here."""
        return self.joined / self.siae if self.siae else None


@dataclass(frozen=True)
class Coverage:
    on: datetime.date
    siae: int
    joined: int
    # SIAE of the territory on their way in: accepted the invitation (not yet joined), or
    # invited and not yet answered. With `joined`, each SIAE is counted once, by its status.
    committed: int = 0
    invited: int = 0
    by_kind: list[CoverageRow] = field(default_factory=list)
    by_commune: list[CoverageRow] = field(default_factory=list)
    members: int = 0
    associates: int = 0

    @property
    def share(self):
        return self.joined / self.siae if self.siae else None


def territory_structures(region):
    """The structures the directory lists for this territory (filter "Territoire")."""
    return Structure.objects.filter(departement__region=region)


COMMITTED, INVITED = NetworkMemberStatus.COMMITTED, NetworkMemberStatus.INVITED


def _with_status(network, status):
    return Q(regional_networks__network=network, regional_networks__status=status)


def regional_network_coverage(network, *, on: datetime.date | None = None) -> Coverage:
    """Share of the territory's SIAE that joined the network, by kind and by commune.

    - SIAE of the territory: structures of the network's region whose kind is under a State
      agreement (ACI, AI, EI, ETTI, EITI), as listed by the directory;
    - joined: those of them whose entry in the network has the status "membre" and a
      joining date on or before `on` (today by default);
    - committed, invited: those of them whose entry has the status "engagée" (accepted,
      not yet joined) or "invitée" (not yet answered), so a network still being founded
      reads "0 membres, 5 engagées, 3 invitées" rather than a bare 0;
    - members: every structure with the status "membre" (SIAE or not: GEIQ, PTCE…);
      associates: partner organisations with that status.
    Two queries, whatever the size of the territory.
    """
    on = on or timezone.localdate()
    joined = Q(
        regional_networks__network=network,
        regional_networks__status=NetworkMemberStatus.MEMBER,
    ) & (Q(regional_networks__joined_on__isnull=True) | Q(regional_networks__joined_on__lte=on))
    rows = list(
        territory_structures(network.region)
        .values("kind", "commune__insee_code", "commune__name")
        .annotate(
            count=Count("pk", distinct=True),
            joined=Count("pk", filter=joined, distinct=True),
            committed=Count("pk", filter=_with_status(network, COMMITTED), distinct=True),
            invited=Count("pk", filter=_with_status(network, INVITED), distinct=True),
        )
        .order_by()
    )
    member_counts = network.members.filter(status=NetworkMemberStatus.MEMBER).filter(
        Q(joined_on__isnull=True) | Q(joined_on__lte=on)
    )
    counts = member_counts.aggregate(
        structures=Count("pk", filter=Q(structure__isnull=False)),
        associates=Count("pk", filter=Q(organisation__isnull=False)),
    )
    siae_kinds = StructureKind.siae_kinds()
    labels = dict(StructureKind.choices)
    by_kind, by_commune = {}, {}
    on_their_way = {"committed": 0, "invited": 0}
    for row in rows:
        if row["kind"] not in siae_kinds:
            continue
        on_their_way["committed"] += row["committed"]
        on_their_way["invited"] += row["invited"]
        kind = by_kind.setdefault(row["kind"], [0, 0])
        kind[0] += row["count"]
        kind[1] += row["joined"]
        place = by_commune.setdefault((row["commune__insee_code"], row["commune__name"]), [0, 0])
        place[0] += row["count"]
        place[1] += row["joined"]
    return Coverage(
        on=on,
        siae=sum(value[0] for value in by_kind.values()),
        joined=sum(value[1] for value in by_kind.values()),
        **on_their_way,
        by_kind=[
            CoverageRow(kind, str(labels[kind]), *by_kind[kind])
            for kind in siae_kinds
            if kind in by_kind
        ],
        by_commune=[
            CoverageRow(insee, name, *value)
            for (insee, name), value in sorted(by_commune.items(), key=lambda item: item[0][1])
        ],
        members=counts["structures"],
        associates=counts["associates"],
    )


def regional_networks_report(region, *, on: datetime.date | None = None) -> list[dict]:
    """For the territorial report: each regional network of the territory (every network
    for the national report) with its stage and the date it was reached, its current
    members and its coverage, all as of `on` (today by default)."""
    from .models import RegionalNetwork

    on = on or timezone.localdate()
    networks = RegionalNetwork.objects.select_related("region").order_by("name")
    if region is not None:
        networks = networks.filter(region=region)
    result = []
    for network in networks:
        last_change = (
            network.stage_changes.filter(changed_on__lte=on).order_by("-changed_on", "-pk").first()
        )
        members = (
            network.members.current()
            .select_related("structure__commune", "organisation")
            .order_by("-is_founding", "structure__name", "organisation__name")
        )
        result.append(
            {
                "network": network,
                "stage": last_change.get_to_status_display()
                if last_change
                else network.get_status_display(),
                "stage_on": last_change.changed_on if last_change else None,
                "members": list(members),
                "coverage": regional_network_coverage(network, on=on),
                "on": on,
            }
        )
    return result
