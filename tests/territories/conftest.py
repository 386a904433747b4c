import pytest


@pytest.fixture(scope="module")
def france(django_db_setup, django_db_blocker):
    """Every commune of France, loaded once for the tests of a module and taken away after
    them, so the other tests keep the demo communes that the data migrations load."""
    from territories.models import Arrondissement, Commune, CommuneAlias, Epci, Postcode
    from territories.reference import load_reference, read_rows
    from territories.services import territories_load

    with django_db_blocker.unblock():
        report = territories_load()
    yield report
    with django_db_blocker.unblock():
        demo = [row["insee_code"] for row in read_rows("communes_demo.csv")]
        CommuneAlias.objects.all().delete()
        Postcode.objects.all().delete()
        Commune.objects.exclude(insee_code__in=demo)._raw_delete("default")
        Commune.objects.update(arrondissement=None, epci=None, population=None)
        Arrondissement.objects.all().delete()
        Epci.objects.all().delete()
        load_reference()
