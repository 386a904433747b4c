from decimal import Decimal

from structures.models import YearlyIndicators
from structures.rates import exit_rates, occupancy


def test_rates_without_any_exit_are_undefined():
    rates = exit_rates(durable=0, transition=0, positive=0, other=0)
    assert rates.counted == 0
    assert rates.durable is None and rates.dynamic is None
    assert rates.durable_meets_target is None


def test_all_neutralised_exits_leave_nothing_to_divide():
    indicators = YearlyIndicators(exits_neutralised=4)
    assert indicators.rates.counted == 0
    assert indicators.rates.durable is None


def test_neutralised_exits_stay_out_of_the_denominator():
    indicators = YearlyIndicators(
        exits_durable=1, exits_transition=1, exits_positive=1, exits_other=1, exits_neutralised=6
    )
    assert indicators.rates.counted == 4
    assert indicators.rates.durable == Decimal("0.25")
    assert indicators.rates.dynamic == Decimal("0.75")
    assert indicators.rates.durable_meets_target is True
    assert indicators.rates.dynamic_meets_target is True


def test_rates_below_the_national_targets():
    rates = exit_rates(durable=1, transition=1, positive=0, other=8)
    assert rates.durable_meets_target is False
    assert rates.dynamic_meets_target is False


def test_occupancy_needs_a_convention():
    assert YearlyIndicators(etp_realises=Decimal("9")).occupancy_with(None) is None
    assert occupancy(etp_realises=Decimal("9"), etp_conventionnes=Decimal("0")) is None
    assert occupancy(etp_realises=Decimal("9"), etp_conventionnes=Decimal("12")) == Decimal("0.75")
