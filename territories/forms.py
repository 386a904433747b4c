from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Commune
from .search import commune_resolve, label


class CommuneField(forms.CharField):
    """A commune typed as people write it (name, postcode or INSEE code), resolved by the
    commune search; an ambiguous or unknown value is an error naming the candidates."""

    def __init__(self, *, communes=None, preferred=None, **kwargs):
        # `communes` bounds the search; `preferred` (a user's territory) is searched first,
        # the rest only when nothing there matches, so that a commune found elsewhere can
        # be refused as out of territory rather than called unknown.
        self.communes = communes
        self.preferred = preferred
        kwargs.setdefault("label", gettext_lazy("Commune"))
        kwargs.setdefault(
            "help_text",
            gettext_lazy("Nom, code postal ou code INSEE, par exemple « St Laurent » ou 97320."),
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", "120")

    def prepare_value(self, value):
        if isinstance(value, Commune):
            return label(value)
        if isinstance(value, int):
            commune = Commune.objects.filter(pk=value).first()
            return label(commune) if commune else ""
        return value

    def to_python(self, value):
        if isinstance(value, Commune):
            return value
        text = super().to_python(value)
        if not text:
            return None
        commune, candidates = None, []
        if self.preferred is not None:
            commune, candidates = commune_resolve(text, communes=self.preferred)
        if commune is None and not candidates:
            commune, candidates = commune_resolve(text, communes=self.communes)
        if commune is not None:
            return commune
        if not candidates:
            raise forms.ValidationError(
                _("Aucune commune ne correspond à « %(value)s ».") % {"value": text}
            )
        raise forms.ValidationError(
            _("Plusieurs communes correspondent à « %(value)s » : %(candidates)s. Précisez.")
            % {"value": text, "candidates": ", ".join(label(c) for c in candidates[:10])}
        )
