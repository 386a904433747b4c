import pytest
from django.db import IntegrityError, transaction

from accounts.enums import Role
from accounts.models import Invitation
from structures import services
from structures.demo import demo_siret
from structures.models import Structure, StructureMembership, YearlyIndicators
from tests.factories import MembershipFactory, StructureFactory, UserFactory, region
from tests.structures.factories import IndicatorsFactory

pytestmark = pytest.mark.django_db

FIGURES = {"employees": 12, "exits_durable": 2, "exits_other": 6}


@pytest.fixture
def guyane_staff():
    return UserFactory(regional=True, regions=[region("03")])


@pytest.fixture
def manager():
    return MembershipFactory().user


def test_structure_save_fills_search_name_and_normalises_identifiers():
    structure = StructureFactory(
        name="Régie d'Évreux", siret="732 829 320 00074", naf_code="88.99b"
    )
    structure.refresh_from_db()
    assert structure.search_name == "regie d evreux"
    assert structure.siret == "73282932000074"
    assert structure.naf_code == "8899B"


def test_siret_is_unique_per_kind_only():
    siret = demo_siret(7)
    StructureFactory(siret=siret, kind="ACI")
    StructureFactory(siret=siret, kind="AI")  # another establishment of the same body
    with pytest.raises(IntegrityError), transaction.atomic():
        StructureFactory(siret=siret, kind="ACI")


def test_search_ignores_accents_and_case():
    StructureFactory(name="Évreux Bâtiment Insertion")
    StructureFactory(name="Autre")
    assert [s.name for s in Structure.objects.search("evreux BATIMENT")] == [
        "Évreux Bâtiment Insertion"
    ]
    assert [s.name for s in Structure.objects.search("ÉVREUX")] == ["Évreux Bâtiment Insertion"]


def test_entering_a_year_twice_updates_it(manager):
    structure = manager.structure_memberships.get().structure
    first, created = services.indicators_save(
        structure=structure, year=2018, figures=FIGURES, by=manager
    )
    second, created_again = services.indicators_save(
        structure=structure, year=2018, figures={**FIGURES, "employees": 15}, by=manager
    )
    assert created and not created_again
    assert first.pk == second.pk
    assert YearlyIndicators.objects.get(structure=structure, year=2018).employees == 15


def test_saving_the_same_figures_records_no_history(manager):
    structure = manager.structure_memberships.get().structure
    services.indicators_save(structure=structure, year=2018, figures=FIGURES, by=manager)
    services.indicators_save(structure=structure, year=2018, figures=FIGURES, by=manager)
    assert YearlyIndicators.history.filter(structure_id=structure.pk).count() == 1


def test_a_locked_year_is_refused_to_managers_and_changed_by_staff_with_a_log(
    manager, guyane_staff
):
    structure = manager.structure_memberships.get().structure
    indicators = IndicatorsFactory(structure=structure, year=2017)
    services.indicators_lock(indicators=indicators, by=guyane_staff)
    with pytest.raises(services.StructureError, match="verrouillés"):
        services.indicators_save(
            structure=structure, year=2017, figures={"employees": 99}, by=manager
        )
    assert YearlyIndicators.objects.get(pk=indicators.pk).employees == 20

    services.indicators_save(
        structure=structure, year=2017, figures={"employees": 21}, by=guyane_staff
    )
    latest = YearlyIndicators.history.filter(id=indicators.pk).latest("history_date")
    assert latest.employees == 21
    assert latest.history_user == guyane_staff


def test_managers_cannot_lock(manager):
    indicators = IndicatorsFactory(structure=manager.structure_memberships.get().structure)
    with pytest.raises(services.StructureError):
        services.indicators_lock(indicators=indicators, by=manager)


def test_the_last_admin_cannot_remove_themself(manager):
    membership = manager.structure_memberships.get()
    with pytest.raises(services.StructureError, match="dernier administrateur"):
        services.colleague_remove(membership=membership, by=manager)
    assert StructureMembership.objects.filter(pk=membership.pk).exists()


def test_an_admin_can_leave_once_another_admin_exists(manager):
    membership = manager.structure_memberships.get()
    MembershipFactory(structure=membership.structure, is_admin=True)
    services.colleague_remove(membership=membership, by=manager)
    assert not StructureMembership.objects.filter(pk=membership.pk).exists()


def test_a_non_admin_cannot_remove_colleagues(manager):
    structure = manager.structure_memberships.get().structure
    plain = MembershipFactory(structure=structure, is_admin=False)
    other = MembershipFactory(structure=structure, is_admin=False)
    with pytest.raises(services.StructureError):
        services.colleague_remove(membership=other, by=plain.user)


def test_inviting_a_colleague_sends_a_manager_invitation(
    manager, mailoutbox, django_capture_on_commit_callbacks
):
    structure = manager.structure_memberships.get().structure
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.colleague_invite(
            structure=structure, by=manager, email="Collegue@Exemple.test", structure_admin=False
        )
    invitation = Invitation.objects.get(pk=invitation.pk)
    assert invitation.role == Role.MANAGER
    assert invitation.structure == structure
    assert invitation.email == "collegue@exemple.test"
    assert len(mailoutbox) == 1


def test_history_records_who_changed_a_structure(guyane_staff):
    structure = StructureFactory(name="Avant")
    structure._history_user = guyane_staff
    structure.name = "Après"
    structure.save()
    record = structure.history.latest("history_date")
    assert record.history_user == guyane_staff
    assert record.name == "Après"


def test_naming_another_admin_lets_the_first_one_leave(manager):
    membership = manager.structure_memberships.get()
    colleague = MembershipFactory(structure=membership.structure, is_admin=False)
    with pytest.raises(services.StructureError, match="au moins un administrateur"):
        services.colleague_set_admin(membership=membership, is_admin=False, by=manager)
    services.colleague_set_admin(membership=colleague, is_admin=True, by=manager)
    services.colleague_remove(membership=membership, by=manager)
    colleague.refresh_from_db()
    assert colleague.is_admin
    assert not StructureMembership.objects.filter(pk=membership.pk).exists()
