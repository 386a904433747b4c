import pytest
from django.urls import reverse

from diagnostics import services
from diagnostics.models import Criterion, Grid
from diagnostics.services import CriterionEdit
from tests.factories import StructureFactory

from .factories import assessment, guyane_staff, small_grid

pytestmark = pytest.mark.django_db


def test_the_default_grid_has_six_axes_with_four_described_levels():
    grid = Grid.objects.get(is_default=True)
    axes = list(grid.axes.all())
    assert [axis.title for axis in axes][:2] == [
        "Gouvernance et projet",
        "Modèle économique et finances",
    ]
    assert len(axes) == 6
    for criterion in Criterion.objects.filter(axis__grid=grid).prefetch_related("levels"):
        levels = list(criterion.levels.all())
        assert [level.value for level in levels] == [1, 2, 3, 4]
        assert all(len(level.descriptor) > 15 for level in levels)


def _edit_first_criterion(grid, title, by=None):
    criterion = Criterion.objects.filter(axis__grid=grid).order_by("axis__order", "order").first()
    return services.grid_edit(
        grid=grid,
        by=by,
        axes={},
        criteria={
            criterion.pk: CriterionEdit(
                title=title,
                help="",
                levels={level.value: level.descriptor for level in criterion.levels.all()},
            )
        },
    )


def test_an_unused_grid_is_edited_in_place():
    grid = small_grid()
    edited = _edit_first_criterion(grid, "Nouveau titre")
    assert edited.pk == grid.pk and edited.version == 1
    assert Criterion.objects.filter(axis__grid=grid, title="Nouveau titre").exists()


def test_a_used_grid_edited_gives_a_new_version_and_old_assessments_keep_theirs(login):
    grid = small_grid(default=True)
    structure = StructureFactory()
    old = assessment(
        structure=structure,
        grid=grid,
        levels=dict.fromkeys(Criterion.objects.filter(axis__grid=grid), 3),
        submitted=True,
    )

    edited = _edit_first_criterion(grid, "Critère reformulé")

    grid.refresh_from_db()
    assert edited.pk != grid.pk
    assert (edited.version, edited.parent_id, edited.lineage) == (2, grid.pk, grid.lineage)
    assert edited.is_default and not grid.is_default
    assert Criterion.objects.filter(axis__grid=grid, title="Critère 1.1").exists()
    assert not Criterion.objects.filter(axis__grid=grid, title="Critère reformulé").exists()
    assert Criterion.objects.filter(axis__grid=edited, title="Critère reformulé").exists()
    old.refresh_from_db()
    assert old.grid_id == grid.pk

    client = login(guyane_staff())
    page = client.get(reverse("diagnostics:assessment_detail", args=[old.pk])).content.decode()
    assert "Critère 1.1" in page and "Critère reformulé" not in page
    assert "3 — Maîtrisé" in page
    # a new self-assessment starts on the new version
    new = services.self_assessment_start(structure=structure, by=None)
    assert new.grid_id == edited.pk


def test_only_the_latest_version_can_be_edited(login):
    grid = small_grid()
    assessment(structure=StructureFactory(), grid=grid)
    _edit_first_criterion(grid, "Autre")
    with pytest.raises(services.DiagnosticsError):
        _edit_first_criterion(grid, "Encore")
    client = login(guyane_staff())
    assert client.get(reverse("diagnostics:grid_edit", args=[grid.pk])).status_code == 403


def test_staff_edit_a_used_grid_through_the_page(login):
    grid = Grid.objects.get(is_default=True)
    assessment(structure=StructureFactory(), grid=grid, submitted=True)
    client = login(guyane_staff())
    form = client.get(reverse("diagnostics:grid_edit", args=[grid.pk])).context["form"]
    data = {name: field.initial or "" for name, field in form.fields.items()}
    data = {k: v for k, v in data.items() if v is not False}
    axis = grid.axes.first()
    data[f"axis-{axis.pk}-title"] = "Gouvernance, projet et stratégie"
    data[f"new-{axis.pk}-title"] = "Place des salariés en insertion"
    for value in range(1, 5):
        data[f"new-{axis.pk}-level-{value}"] = f"Descripteur {value}"

    response = client.post(reverse("diagnostics:grid_edit", args=[grid.pk]), data)

    new = Grid.objects.get(lineage=grid.lineage, version=2)
    assert response.status_code == 302 and response.url.endswith(f"/grilles/{new.pk}/")
    assert new.axes.get(order=1).title == "Gouvernance, projet et stratégie"
    assert new.axes.get(order=1).criteria.filter(title="Place des salariés en insertion").exists()
    assert grid.axes.get(order=1).title == "Gouvernance et projet"
    assert Criterion.objects.filter(axis__grid=new).count() == (
        Criterion.objects.filter(axis__grid=grid).count() + 1
    )


def test_a_new_criterion_needs_its_four_levels(login):
    grid = small_grid()
    client = login(guyane_staff())
    form = client.get(reverse("diagnostics:grid_edit", args=[grid.pk])).context["form"]
    data = {n: f.initial for n, f in form.fields.items() if f.initial not in (None, False)}
    axis = grid.axes.first()
    data[f"new-{axis.pk}-title"] = "Critère incomplet"
    response = client.post(reverse("diagnostics:grid_edit", args=[grid.pk]), data)
    assert response.status_code == 200
    assert "Décrivez les quatre niveaux" in response.content.decode()
    assert not Criterion.objects.filter(title="Critère incomplet").exists()
