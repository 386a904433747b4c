from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.utils import filter_users_by_email
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from core.access import scoped_by_region
from core.forms import ModelForm
from core.widgets import LongSelect, SearchChoiceForm, search_choice

from . import perms
from .enums import Role, StaffScope
from .models import Invitation, User


class InvitationForm(SearchChoiceForm, ModelForm):
    class Meta:
        model = Invitation
        fields = [
            "email",
            "first_name",
            "last_name",
            "role",
            "staff_scope",
            "region",
            "organisation",
            "structure",
            "structure_admin",
        ]
        help_texts = {
            "staff_scope": _("Pour l'équipe du réseau seulement."),
            "region": _("Territoire d'une personne de l'équipe régionale."),
            "organisation": _("Pour un agent partenaire (DIECCTE, DDETS…)."),
            "structure": _("Pour un·e dirigeant·e de SIAE."),
        }

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by
        # The targets' models belong to higher apps: their querysets come from the fields.
        fields = self.fields
        fields["region"].queryset = scoped_by_region(fields["region"].queryset, by, "pk")
        fields["organisation"].queryset = fields["organisation"].queryset.visible_to(by)
        fields["organisation"].queryset = fields["organisation"].queryset.select_related("kind")
        fields["structure"].queryset = fields["structure"].queryset.visible_to(by)
        search_choice(
            self, "structure", related=("commune",), search_label=_("Rechercher une structure")
        )
        if not perms.can_invite_national_staff(by):
            self.fields["staff_scope"].choices = [
                ("", "---------"),
                (StaffScope.REGIONAL, StaffScope.REGIONAL.label),
            ]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Role.STAFF:
            scope = data.get("staff_scope")
            if not scope:
                self.add_error("staff_scope", _("Précisez le périmètre de la personne invitée."))
            elif scope == StaffScope.REGIONAL and not data.get("region"):
                self.add_error("region", _("Choisissez le territoire de l'équipe régionale."))
            if scope == StaffScope.NATIONAL and not perms.can_invite_national_staff(self.by):
                self.add_error(
                    "staff_scope", _("Seule l'équipe nationale invite au niveau national.")
                )
        elif role == Role.PARTNER and not data.get("organisation"):
            self.add_error("organisation", _("Choisissez l'organisation de l'agent partenaire."))
        elif role == Role.MANAGER and not data.get("structure"):
            self.add_error("structure", _("Choisissez la structure de la personne invitée."))
        if role != Role.STAFF:
            data["staff_scope"] = ""
            data["region"] = None
        if role != Role.PARTNER:
            data["organisation"] = None
        if role != Role.MANAGER:
            data["structure"] = None
            data["structure_admin"] = False
        return data


class InvitationAcceptForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    password1 = forms.CharField(
        label=_("Mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Les deux mots de passe ne correspondent pas."))
        elif p1:
            try:
                password_validation.validate_password(
                    p1, User(email=self.email, first_name=data.get("first_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ProfileForm(ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "job_title", "phone", "time_zone"]
        # Some six hundred time zones: written in one pass.
        widgets = {"time_zone": LongSelect}


class AddEmailForm(AllauthAddEmailForm):
    """Changing one's login address (settings.ACCOUNT_CHANGE_EMAIL: the new one replaces
    the old once confirmed). An address already used by another account is refused here,
    so no confirmation is ever sent to someone else's mailbox."""

    def clean_email(self):
        if not perms.can_change_email(self.user):
            raise forms.ValidationError(
                _("Pour changer d'adresse e-mail, écrivez à l'équipe du réseau.")
            )
        email = super().clean_email()
        if any(user.pk != self.user.pk for user in filter_users_by_email(email)):
            raise forms.ValidationError(_("Cette adresse est déjà celle d'un autre compte."))
        return email
