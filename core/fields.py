"""Model fields shared by the apps."""

from phonenumber_field import modelfields

from core.forms import PhoneField


class PhoneNumberField(modelfields.PhoneNumberField):
    """A phone number stored in E.164; typed in every form (admin included) through
    core.forms.PhoneField, which reads French overseas numbers in their own département."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("region", "FR")
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{**kwargs, "form_class": PhoneField})
