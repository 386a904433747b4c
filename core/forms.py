"""Form fields every form of the portal shares: numbers typed the French way, phone numbers.

Numbers are text inputs (`inputmode` brings up the phone's digit keyboard): a browser's
number input erases what it cannot parse ("11,5" in some locales, a letter typed by
mistake) and the server then sees an empty field and answers "obligatoire". Here what was
typed is kept, "11,5" and "1 820" are read as 11.5 and 1820, and anything else is answered
"Saisissez un nombre".

Phone numbers are stored in E.164 (django-phonenumber-field). A national number ("0694 12
34 56") is read in the overseas département its prefix belongs to before metropolitan
France, since both plans share the leading 0: 0694 is a Guyane mobile, not a +33 number.
"""

import re
from decimal import Decimal

import phonenumbers
from django import forms
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField as PhoneNumberModelField
from phonenumber_field.phonenumber import PhoneNumber

# Spaces people type or paste as thousands separators (plain, no-break, narrow no-break).
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
# Guyane, Réunion and Mayotte, Martinique, Guadeloupe, then metropolitan France.
FRENCH_REGIONS = ("GF", "RE", "YT", "MQ", "GP", "FR")
EMPTY_CHOICE = _("— Choisir —")
MULTIPLE_HINT = _(
    "Pour en choisir plusieurs : Ctrl (ou Cmd sur Mac) et clic ; au clavier, Maj et flèches."
)


def parse_number(value: str) -> str:
    """ "1 820,5" → "1820.5": French decimal comma and spaced thousands."""
    return _SPACES.sub("", value).replace(",", ".")


class NumberInput(forms.TextInput):
    """A text input that keeps what was typed and brings up a digit keyboard."""

    def __init__(self, attrs=None, *, decimal: bool = True):
        base = {"inputmode": "decimal" if decimal else "numeric", "autocomplete": "off"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, float | Decimal):
            text = format(value, "f")
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            return text.replace(".", ",")
        return super().format_value(value)


class _FrenchNumber:
    def to_python(self, value):
        if isinstance(value, str):
            value = parse_number(value)
        return super().to_python(value)

    def widget_attrs(self, widget):
        # No min/max/step attributes: the browser would refuse before the server explains.
        return forms.Field.widget_attrs(self, widget)


class IntegerField(_FrenchNumber, forms.IntegerField):
    widget = NumberInput(decimal=False)
    default_error_messages = {"invalid": _("Saisissez un nombre entier (par exemple 12).")}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", NumberInput(decimal=False))
        super().__init__(**kwargs)


class DecimalField(_FrenchNumber, forms.DecimalField):
    default_error_messages = {"invalid": _("Saisissez un nombre (par exemple 11,5).")}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", NumberInput())
        super().__init__(**kwargs)


class FloatField(_FrenchNumber, forms.FloatField):
    default_error_messages = {"invalid": _("Saisissez un nombre (par exemple 11,5).")}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", NumberInput())
        super().__init__(**kwargs)


def parse_phone(raw: str) -> PhoneNumber | None:
    """The number `raw` stands for, or None when it is not a valid phone number."""
    raw = (raw or "").strip()
    if not raw:
        return None
    regions = ("FR",) if raw.startswith(("+", "00")) else FRENCH_REGIONS
    for region in regions:
        try:
            number = PhoneNumber.from_string(raw, region=region)
        except phonenumbers.NumberParseException:
            return None
        if number.is_valid():
            return number
    return None


def phone_display(value) -> str:
    """French numbers in the national format people dial ("06 94 12 34 56"), others in the
    international format."""
    number = value if isinstance(value, PhoneNumber) else parse_phone(str(value or ""))
    if number is None:
        return str(value or "")
    region = phonenumbers.region_code_for_number(number)
    if region in FRENCH_REGIONS:
        digits = "0" + str(number.national_number)
        return " ".join(digits[i : i + 2] for i in range(0, len(digits), 2))
    return number.as_international


class PhoneInput(forms.TextInput):
    input_type = "tel"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "tel", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, PhoneNumber):
            return phone_display(value) if value.is_valid() else value.raw_input
        return super().format_value(value)


class PhoneField(forms.CharField):
    """A phone number, French (metropolitan or overseas) or international, cleaned to a
    PhoneNumber in E.164."""

    widget = PhoneInput
    default_error_messages = {
        "invalid": _(
            "Saisissez un numéro de téléphone valide, par exemple 0694 12 34 56 ou +594 694 12 34 56."
        )
    }

    def __init__(self, **kwargs):
        kwargs.pop("region", None)
        kwargs.pop("widget", None)
        # The model field's own "invalid" message is English and generic.
        kwargs["error_messages"] = {
            key: message
            for key, message in (kwargs.get("error_messages") or {}).items()
            if key != "invalid"
        }
        super().__init__(widget=PhoneInput, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return ""
        number = parse_phone(value)
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


def formfield_for(model_field: models.Field, **kwargs) -> forms.Field | None:
    """`formfield_callback` of every model form: numbers and phones through the fields above,
    web addresses typed without a scheme read as https (Django 6's default, chosen now)."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    if not model_field.choices:
        if isinstance(model_field, PhoneNumberModelField):
            kwargs["form_class"] = PhoneField
        elif isinstance(model_field, models.DecimalField):
            kwargs["form_class"] = DecimalField
        elif isinstance(model_field, models.FloatField):
            kwargs["form_class"] = FloatField
        elif isinstance(model_field, models.IntegerField) and not isinstance(
            model_field, models.AutoField
        ):
            kwargs["form_class"] = IntegerField
    field = model_field.formfield(**kwargs)
    if isinstance(field, forms.ModelMultipleChoiceField) and not isinstance(
        field.widget, forms.CheckboxSelectMultiple
    ):
        field.help_text = (
            format_lazy("{} {}", field.help_text, MULTIPLE_HINT)
            if field.help_text
            else MULTIPLE_HINT
        )
    elif isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
        field.empty_label = EMPTY_CHOICE
    elif isinstance(field, forms.TypedChoiceField) and field.choices:
        first_value = field.choices[0][0] if field.choices else None
        if first_value == "":
            field.choices = [("", EMPTY_CHOICE), *field.choices[1:]]
    return field


class _ModelFormMetaclass(forms.models.ModelFormMetaclass):
    """Gives every model form's Meta the portal's `formfield_callback` (Django reads it from
    the form's own Meta only, which a subclass replaces)."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = formfield_for
        return super().__new__(mcs, name, bases, attrs)


class ModelForm(forms.BaseModelForm, metaclass=_ModelFormMetaclass):
    """The portal's model forms: French numbers, phones in E.164, "— Choisir —"."""
