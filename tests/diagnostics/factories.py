"""Builders for the diagnostics tests (the shared tests/factories.py stays untouched)."""

import datetime

from django.test import Client
from django.utils import timezone

from diagnostics.enums import AssessmentKind, AssessmentStatus
from diagnostics.models import Answer, Assessment, Axis, Criterion, Grid, Level
from tests.factories import MembershipFactory, StructureFactory, UserFactory, region


def small_grid(*, lineage="test-grid", axes=2, criteria=2, default=False) -> Grid:
    if default:
        Grid.objects.filter(is_default=True).update(is_default=False)
    grid = Grid.objects.create(
        name="Grille de test", lineage=lineage, version=1, is_default=default
    )
    for a in range(1, axes + 1):
        axis = Axis.objects.create(grid=grid, order=a, title=f"Axe {a}")
        for c in range(1, criteria + 1):
            criterion = Criterion.objects.create(axis=axis, order=c, title=f"Critère {a}.{c}")
            Level.objects.bulk_create(
                Level(criterion=criterion, value=v, descriptor=f"Niveau {v} de {a}.{c}")
                for v in range(1, 5)
            )
    return grid


def assessment(
    *, structure, grid, kind=AssessmentKind.SELF, levels=None, submitted=False, submitted_at=None
):
    """An assessment with `levels` ({criterion: level}) or every criterion at 2."""
    made = Assessment.objects.create(
        structure=structure,
        grid=grid,
        kind=kind,
        status=AssessmentStatus.SUBMITTED if submitted else AssessmentStatus.DRAFT,
        submitted_at=(submitted_at or timezone.now()) if submitted else None,
    )
    if levels is None:
        levels = dict.fromkeys(Criterion.objects.filter(axis__grid=grid), 2)
    Answer.objects.bulk_create(
        Answer(assessment=made, criterion=c, level=level) for c, level in levels.items()
    )
    return made


def manager_of(structure):
    return MembershipFactory(structure=structure, user=UserFactory(manager=True)).user


def guyane_staff():
    return UserFactory(regional=True, regions=[region("03")])


def normandie_staff():
    return UserFactory(regional=True, regions=[region("28")])


# In tests, ATOMIC_REQUESTS adds a SAVEPOINT and its RELEASE to each request, counted with its
# queries (outside tests the request's BEGIN and COMMIT are not): the margin over the page
# target of the benchmarks (benchmarks.targets.MAX_QUERIES).
REQUEST_SAVEPOINTS = 2


def logged_in(user) -> Client:
    """A client of its own for `user` (the `login` fixture logs its one client in again)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


__all__ = ["StructureFactory", "datetime"]
