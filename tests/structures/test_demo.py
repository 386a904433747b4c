import pytest
from django.core.management import call_command
from stdnum.fr import siret

from structures.models import Convention, Structure, YearlyIndicators
from structures.validators import convention_number_matches, parse_convention_number

pytestmark = pytest.mark.django_db


def test_guyane_siae_have_three_years_of_conventions_and_indicators(demo):
    aprosep = Structure.objects.get(name="APROSEP")
    assert sorted(aprosep.conventions.values_list("year", flat=True)) == [2017, 2018, 2019]
    assert sorted(aprosep.indicators.values_list("year", flat=True)) == [2016, 2017, 2018]
    assert aprosep.completeness == 100
    locked = dict(aprosep.indicators.values_list("year", "locked_at"))
    assert locked[2016] and locked[2017] and locked[2018] is None
    for name in ("PTCE Ancrage", "Chantier Maroni Insertion", "Bois et Fleuve"):
        assert Structure.objects.filter(name=name).exists()
    assert not Structure.objects.get(name="PTCE Ancrage").conventions.exists()  # not a SIAE
    for convention in Convention.objects.select_related("structure"):
        assert parse_convention_number(convention.number) is not None
        assert (
            convention_number_matches(
                convention.number, kind=convention.structure.kind, year=convention.year
            )
            == []
        )
    assert all(siret.is_valid(value) for value in Structure.objects.values_list("siret", flat=True))
    for indicators in YearlyIndicators.objects.all():
        assert indicators.rates.counted > 0
        assert indicators.etp_realises > 0


def test_seeding_twice_changes_nothing(demo):
    def snapshot():
        return (
            list(Structure.objects.order_by("pk").values_list("pk", "updated_at", "siret")),
            list(
                Convention.objects.order_by("pk").values_list("pk", "number", "etp_conventionnes")
            ),
            list(YearlyIndicators.objects.order_by("pk").values_list("pk", "updated_at")),
        )

    before = snapshot()
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == before
