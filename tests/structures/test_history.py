"""The audit trail of a structure: every kind of field shows its old and new value."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from structures.history import structure_history
from territories.models import Commune
from tests.factories import StructureFactory, UserFactory
from tests.structures.factories import ConventionFactory, IndicatorsFactory

pytestmark = pytest.mark.django_db


def _changes(entries, subject):
    return {
        str(label): (old, new)
        for entry in entries
        if entry.subject == subject
        for label, old, new in entry.changes
    }


def test_history_shows_each_change_with_its_author_in_one_query(django_assert_num_queries):
    editor = UserFactory(national=True, first_name="Sébastien", last_name="Galtier")
    structure = StructureFactory(name="Avant", kind="ACI", sectors=["batiment"])
    structure.name = "Après"
    structure.sectors = ["batiment", "environnement"]
    structure.founded_on = datetime.date(2001, 5, 4)
    structure.commune = Commune.objects.get(insee_code="97311")
    structure._history_user = editor
    structure.save()
    convention = ConventionFactory(structure=structure, year=2018)
    convention.etp_conventionnes = Decimal("12.50")
    convention.status = "ended"
    convention.save()
    indicators = IndicatorsFactory(structure=structure, year=2018)
    indicators.locked_at = timezone.now()
    indicators.save()
    indicators.save()  # nothing changed: no entry
    other = IndicatorsFactory(structure=structure, year=2017)
    other.delete()

    with django_assert_num_queries(1):
        entries = structure_history(structure)

    assert [entry.at for entry in entries] == sorted((e.at for e in entries), reverse=True)
    assert len(entries) == 8  # 2 of the structure, 2 + 2 of indicators, 2 of the convention
    structure_changes = _changes(entries, "Fiche de la structure")
    assert structure_changes["nom"] == ("Avant", "Après")
    assert structure_changes["date de création"] == ("—", datetime.date(2001, 5, 4))
    assert structure_changes["secteurs d'activité"] == (["batiment"], ["batiment", "environnement"])
    assert "commune" in structure_changes
    edit = next(e for e in entries if e.subject == "Fiche de la structure" and e.changes)
    assert str(edit.user) == "Sébastien Galtier"
    convention_changes = _changes(entries, "Convention 2018")
    assert convention_changes["ETP conventionnés"] == (Decimal("10.00"), Decimal("12.50"))
    assert str(convention_changes["statut"][1]) == "Terminée"
    locked = _changes(entries, "Indicateurs 2018")["verrouillée le"]
    assert locked[0] == "—" and isinstance(locked[1], datetime.datetime)
    assert locked[1].tzinfo is not None
    assert [str(e.action) for e in entries if e.subject == "Indicateurs 2017"] == [
        "Suppression",
        "Création",
    ]
