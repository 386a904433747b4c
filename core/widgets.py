"""Lists of choices that grow with the network (every structure of a territory: hundreds at
national scale) written in one pass.

Django renders each <option> through its own template and builds a model instance per row
for its label: about a tenth of a millisecond per option, a tenth of a second for a thousand
structures, more than the rest of the page. `LongSelect` writes the same markup (attributes,
selected options, `aria-*` set by the form) in one pass, and `long_choices` reads only the
primary key and the label's column. Validation is unchanged: the field still checks the
submitted value against its queryset.
"""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


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
