"""Long lists of structures: the same choices, selection and accessibility attributes as
Django's own select, and the same validation."""

import re

import pytest
from django import forms

from core.widgets import long_choices
from structures.models import Structure
from tests.factories import StructureFactory

pytestmark = pytest.mark.django_db


class OneStructure(forms.Form):
    structure = forms.ModelChoiceField(queryset=Structure.objects.none(), help_text="Aide")

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = queryset
        long_choices(self.fields["structure"])


class SomeStructures(forms.Form):
    structures = forms.ModelMultipleChoiceField(queryset=Structure.objects.none(), required=False)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structures"].queryset = queryset
        long_choices(self.fields["structures"])


def options(html: str) -> list[tuple[str, str, bool]]:
    return [
        (value, label, bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html
        )
    ]


@pytest.fixture
def structures():
    return [
        StructureFactory(name="Zèbre <Insertion>"),
        StructureFactory(name="Atelier du Maroni"),
        StructureFactory(name="Mana Solidarité"),
    ]


def test_single_choice_lists_the_queryset_by_name_and_keeps_the_choice(structures):
    zebre, atelier, mana = structures
    queryset = Structure.objects.filter(pk__in=[zebre.pk, atelier.pk])
    form = OneStructure({"structure": str(zebre.pk)}, queryset=queryset)
    assert form.is_valid() and form.cleaned_data["structure"] == zebre
    html = str(form["structure"])
    assert options(html) == [
        ("", "---------", False),
        (str(atelier.pk), "Atelier du Maroni", False),
        (str(zebre.pk), "Zèbre &lt;Insertion&gt;", True),
    ]
    assert 'name="structure"' in html and 'id="id_structure"' in html and " required" in html
    assert 'aria-describedby="id_structure_helptext"' in html


def test_a_structure_outside_the_queryset_is_refused_and_marked_invalid(structures):
    zebre, atelier, mana = structures
    form = OneStructure({"structure": str(mana.pk)}, queryset=Structure.objects.filter(pk=zebre.pk))
    assert not form.is_valid()
    assert "structure" in form.errors
    assert 'aria-invalid="true"' in str(form["structure"])


def test_multiple_choice_keeps_every_selected_structure(structures):
    zebre, atelier, mana = structures
    form = SomeStructures(
        {"structures": [str(zebre.pk), str(mana.pk)]}, queryset=Structure.objects.all()
    )
    assert form.is_valid()
    assert set(form.cleaned_data["structures"]) == {zebre, mana}
    html = str(form["structures"])
    assert " multiple" in html and 'name="structures"' in html
    assert [(label, chosen) for _, label, chosen in options(html)] == [
        ("Atelier du Maroni", False),
        ("Mana Solidarité", True),
        ("Zèbre &lt;Insertion&gt;", True),
    ]
