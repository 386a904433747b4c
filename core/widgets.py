"""Lists of choices that grow with the network (every structure of a territory: hundreds at
national scale) written in one pass.

Django renders each <option> through its own template and builds a model instance per row
for its label: about a tenth of a millisecond per option, a tenth of a second for a thousand
structures, more than the rest of the page. `LongSelect` writes the same markup (attributes,
selected options, `aria-*` set by the form) in one pass, and `long_choices` reads only the
primary key and the label's column. Validation is unchanged: the field still checks the
submitted value against its queryset.

Where the list would be every structure of the network (invitations, interactions, report
requests), `SearchChoice` replaces it: the structure is found by search inside the form, and
the page weighs the same whatever the network's size.
"""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import ErrorDict
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from .forms import MULTIPLE_HINT


class _ValuesIterator(ModelChoiceIterator):
    """(pk, label) read as plain values: no model instance per option."""

    def __init__(self, field, label_field: str):
        super().__init__(field)
        self.label_field = label_field

    def __iter__(self):
        if self.field.empty_label is not None and not getattr(self.field, "_multiple", False):
            yield ("", self.field.empty_label)
        rows = self.queryset.order_by(self.label_field, "pk").values_list("pk", self.label_field)
        yield from rows.iterator(chunk_size=2000)

    def __len__(self):
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)


def long_choices(field: forms.ModelChoiceField, label_field: str = "name") -> None:
    """Make `field` (single or multiple choice) list its queryset as `label_field` values,
    written by a LongSelect widget."""
    field._multiple = isinstance(field, forms.ModelMultipleChoiceField)
    widget = LongSelect(attrs=field.widget.attrs, multiple=field._multiple)
    widget.is_required = field.widget.is_required
    field.widget = widget
    field.iterator = lambda f: _ValuesIterator(f, label_field)
    field.widget.choices = field.choices


class LongSelect(forms.Select):
    def __init__(self, attrs=None, *, multiple: bool = False):
        super().__init__(attrs)
        self.allow_multiple_selected = multiple

    def value_from_datadict(self, data, files, name):
        if self.allow_multiple_selected:
            getter = getattr(data, "getlist", None)
            return getter(name) if getter else data.get(name)
        return super().value_from_datadict(data, files, name)

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        if self.allow_multiple_selected:
            final["multiple"] = True
        selected = set(self.format_value(value))
        tag_attrs = mark_safe(  # noqa: S308 - every value escaped by format_html below
            "".join(
                format_html(" {}", key) if value is True else format_html(' {}="{}"', key, value)
                for key, value in final.items()
                if value is not None and value is not False
            )
        )
        parts = [format_html("<select{}>", tag_attrs)]
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            parts.append(
                '<option value="{}"{}>{}</option>'.format(
                    conditional_escape(option_value),
                    " selected" if option_value in selected else "",
                    conditional_escape(label),
                )
            )
        parts.append("</select>")
        return mark_safe("\n".join(parts))  # noqa: S308 - built from escaped parts


class SearchChoice(forms.Widget):
    """A choice among many (every structure of the network) found by search, inside the
    form it belongs to: what is chosen (radios, or checkboxes for several), a search field
    and its button, and at most `LIMIT` matches to pick from. It works without JavaScript:
    the search button posts the form, which comes back with everything typed kept, the
    matches listed and no error shown (`SearchChoiceForm`); the page weighs the same with
    ten structures or ten thousand.

    The field keeps its queryset and validation: a value outside it (another territory,
    a forged number) is refused as by a select."""

    LIMIT = 20
    template_name = "core/widgets/search_choice.html"
    use_fieldset = True

    def __init__(self, *, field, multiple: bool, related=(), search_label="", attrs=None):
        super().__init__(attrs)
        self.field = field
        self.allow_multiple_selected = multiple
        self.related = tuple(related)
        self.search_label = search_label
        self.text = ""

    def value_from_datadict(self, data, files, name):
        if self.allow_multiple_selected:
            getter = getattr(data, "getlist", None)
            return getter(name) if getter else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        # Nothing checked is an answer (none), as with checkboxes.
        return False

    def format_value(self, value) -> list[str]:
        if value is None:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v) for v in values if v not in (None, "")]

    def _rows(self, queryset):
        return queryset.select_related(*self.related).order_by("name", "pk")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        wanted = [v for v in self.format_value(value) if v.isascii() and v.isdigit()]
        chosen_ids = [int(v) for v in wanted if len(v) <= 18]
        queryset = self.field.queryset
        chosen = list(self._rows(queryset.filter(pk__in=chosen_ids))) if chosen_ids else []
        matches, more = [], False
        if self.text:
            found = list(
                self._rows(queryset.search(self.text).exclude(pk__in=chosen_ids))[: self.LIMIT + 1]
            )
            matches, more = found[: self.LIMIT], len(found) > self.LIMIT
        context.update(
            type="checkbox" if self.allow_multiple_selected else "radio",
            chosen=[(obj.pk, _choice_label(obj)) for obj in chosen],
            matches=[(obj.pk, _choice_label(obj)) for obj in matches],
            more=more,
            limit=self.LIMIT,
            text=self.text,
            search_label=self.search_label,
            invalid=bool(context["widget"]["attrs"].get("aria-invalid")),
            # A single optional choice may be emptied.
            offer_none=not self.allow_multiple_selected
            and not self.is_required
            and bool(chosen or matches),
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        from django.template.loader import render_to_string

        return mark_safe(  # noqa: S308 - a template of ours, autoescaped
            render_to_string(self.template_name, self.get_context(name, value, attrs))
        )


def _choice_label(obj) -> str:
    return getattr(obj, "choice_label", None) or str(obj)


def search_choice(form, name: str, *, related=(), search_label="") -> None:
    """Make `form`'s choice field `name` a `SearchChoice` (call after setting its queryset,
    which must have a `search(text)` method), reading the search typed in the posted form."""
    field = form.fields[name]
    if field.help_text is MULTIPLE_HINT:  # how to pick several in a select: not here
        field.help_text = ""
    widget = SearchChoice(
        field=field,
        multiple=isinstance(field, forms.ModelMultipleChoiceField),
        related=related,
        search_label=search_label,
        attrs=field.widget.attrs,
    )
    widget.is_required = field.required
    if form.is_bound:
        widget.text = " ".join(str(form.data.get(f"{form.add_prefix(name)}_q", "")).split())[:100]
    field.widget = widget


class SearchChoiceForm:
    """A form with `SearchChoice` fields: when one's search button was pressed, the form is
    shown again with the matches, nothing validated, saved nor marked in error."""

    @property
    def searching(self) -> bool:
        """A search button pressed with something to search. The search button comes first
        in the form, so Enter in any field presses it: with the search field empty, that is
        the form submitted as Enter always does."""
        return self.is_bound and any(
            f"{self.add_prefix(name)}_search" in self.data and field.widget.text
            for name, field in self.fields.items()
            if isinstance(field.widget, SearchChoice)
        )

    def full_clean(self):
        if self.searching:
            self._errors = ErrorDict(renderer=self.renderer)
            self.cleaned_data = {}
            return
        super().full_clean()

    def is_valid(self):
        return not self.searching and super().is_valid()
