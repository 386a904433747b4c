"""Exit rates, computed in one place for pages, reports and aggregates.

Counted exits = durable + transition + positive + other; neutralised exits (death, moving
away, long illness…) are left out of the denominator. Durable rate = durable ÷ counted
exits; dynamic rate = (durable + transition + positive) ÷ counted exits. National targets:
at least 25 % durable and 60 % dynamic (DGEFP circular of 2008, restated since).
"""

from dataclasses import dataclass
from decimal import Decimal

TARGET_DURABLE = Decimal("0.25")
TARGET_DYNAMIC = Decimal("0.60")


@dataclass(frozen=True)
class ExitRates:
    counted: int
    durable: Decimal | None
    dynamic: Decimal | None

    @property
    def durable_meets_target(self) -> bool | None:
        return None if self.durable is None else self.durable >= TARGET_DURABLE

    @property
    def dynamic_meets_target(self) -> bool | None:
        return None if self.dynamic is None else self.dynamic >= TARGET_DYNAMIC


def exit_rates(*, durable: int, transition: int, positive: int, other: int) -> ExitRates:
    """Rates from exit counts; None when there is no counted exit (nothing to divide by)."""
    durable, transition, positive, other = (
        int(x or 0) for x in (durable, transition, positive, other)
    )
    counted = durable + transition + positive + other
    if counted == 0:
        return ExitRates(counted=0, durable=None, dynamic=None)
    return ExitRates(
        counted=counted,
        durable=Decimal(durable) / counted,
        dynamic=Decimal(durable + transition + positive) / counted,
    )


def occupancy(*, etp_realises, etp_conventionnes) -> Decimal | None:
    """ETP réalisés ÷ ETP conventionnés; None without a convention."""
    if not etp_conventionnes:
        return None
    return Decimal(etp_realises or 0) / Decimal(etp_conventionnes)
