"""Small worlds built with factories (faster than the whole demo)."""

import pytest

from tests.factories import MembershipFactory, StructureFactory, UserFactory, commune, region


@pytest.fixture
def paris_staff(db):
    return UserFactory(national=True, time_zone="Europe/Paris")


@pytest.fixture
def guyane_staff(db):
    return UserFactory(regional=True, regions=[region("03")], time_zone="America/Cayenne")


@pytest.fixture
def normandie_staff(db):
    return UserFactory(regional=True, regions=[region("28")], time_zone="Europe/Paris")


@pytest.fixture
def structure_a(db):
    return StructureFactory(name="APROSEP test", commune=commune("97302"))


@pytest.fixture
def structure_b(db):
    return StructureFactory(name="Maroni test", commune=commune("97311"))


@pytest.fixture
def manager_a(structure_a):
    return MembershipFactory(
        structure=structure_a, user=UserFactory(manager=True, time_zone="America/Cayenne")
    ).user


@pytest.fixture
def manager_b(structure_b):
    return MembershipFactory(
        structure=structure_b, user=UserFactory(manager=True, time_zone="America/Cayenne")
    ).user


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (e-mails are sent after the transaction) inside the test."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
