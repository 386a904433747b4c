from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.access import scoped_by_region
from core.forms import DecimalField, IntegerField, ModelForm
from core.widgets import long_choices
from structures.enums import StructureKind
from structures.files import DOCUMENT_TYPES, check_upload, document_max_bytes
from structures.models import Adhesion, Structure
from territories.forms import CommuneField
from territories.models import Commune, Departement, Region

from . import perms
from .models import Contact, Interaction, InteractionFollowUp, Mission, Organisation, Publication

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def staff_users():
    return User.objects.filter(role="staff", is_active=True).order_by("last_name", "first_name")


def user_regions(user):
    return scoped_by_region(Region.objects.all(), user, "pk")


def commune_field(form, regions) -> CommuneField:
    """The commune typed and found by the commune search, within the user's regions (a list
    of every commune of France would weigh megabytes)."""
    if form.instance.pk and form.instance.commune_id and not form.is_bound:
        form.initial["commune"] = form.instance.commune
    return CommuneField(
        required=False, communes=Commune.objects.filter(departement__region__in=regions)
    )


class OrganisationForm(ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "region", "departement", "commune"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regions = user_regions(user)
        self.fields["region"].queryset = regions
        self.fields["departement"].queryset = Departement.objects.filter(region__in=regions)
        self.fields["commune"] = commune_field(self, regions)

    def clean(self):
        data = super().clean()
        region, departement, commune = (
            data.get("region"),
            data.get("departement"),
            data.get("commune"),
        )
        if departement and region and departement.region_id != region.pk:
            self.add_error("departement", _("Ce département n'est pas dans la région choisie."))
        if commune and departement and commune.departement_id != departement.pk:
            self.add_error("commune", _("Cette commune n'est pas dans le département choisi."))
        if commune and not departement:
            data["departement"] = commune.departement
            self.instance.departement = commune.departement
        return data


class ContactForm(ModelForm):
    class Meta:
        model = Contact
        fields = ["first_name", "last_name", "role", "email", "phone"]


class MissionForm(ModelForm):
    class Meta:
        model = Mission
        fields = ["title", "region", "starts_on", "ends_on", "staff", "purpose"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = user_regions(user)
        self.fields["staff"].queryset = staff_users()


class InteractionForm(ModelForm):
    """Participants are offered from the interaction's territory only."""

    class Meta:
        model = Interaction
        fields = [
            "region",
            "mission",
            "kind",
            "title",
            "occurred_on",
            "place",
            "commune",
            "staff",
            "organisations",
            "contacts",
            "structures",
            "topics",
            "decisions",
        ]
        widgets = {"occurred_on": DATE}

    def __init__(self, *args, user, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        regions = user_regions(user)
        if region is not None:
            regions = regions.filter(pk=region.pk)
        self.fields["region"].queryset = regions
        self.fields["mission"].queryset = Mission.objects.filter(region__in=regions)
        self.fields["commune"] = commune_field(self, regions)
        self.fields["staff"].queryset = staff_users()
        self.fields["organisations"].queryset = Organisation.objects.filter(region__in=regions)
        self.fields["contacts"].queryset = Contact.objects.filter(
            organisation__region__in=regions, erased_at__isnull=True
        ).select_related("organisation")
        self.fields["structures"].queryset = Structure.objects.filter(
            departement__region__in=regions
        )
        long_choices(self.fields["structures"])

    def clean(self):
        data = super().clean()
        region = data.get("region")
        if region is None:
            return data
        mission = data.get("mission")
        if mission and mission.region_id != region.pk:
            self.add_error("mission", _("Cette mission se déroule dans un autre territoire."))
        occurred_on = data.get("occurred_on")
        if mission and occurred_on and not mission.starts_on <= occurred_on <= mission.ends_on:
            self.add_error("occurred_on", _("Cette date est en dehors de la mission."))
        commune = data.get("commune")
        if commune and commune.departement.region_id != region.pk:
            self.add_error("commune", _("Cette commune est dans un autre territoire."))
        for name in ("organisations", "structures"):
            region_of = (
                (lambda o: o.region_id)
                if name == "organisations"
                else (lambda s: s.departement.region_id)
            )
            if any(region_of(obj) != region.pk for obj in data.get(name) or []):
                self.add_error(name, _("Choisissez des participants du même territoire."))
        if any(c.organisation.region_id != region.pk for c in data.get("contacts") or []):
            self.add_error("contacts", _("Choisissez des participants du même territoire."))
        return data


class InteractionFollowUpForm(ModelForm):
    class Meta:
        model = InteractionFollowUp
        fields = ["title", "owner", "due_on"]
        widgets = {"due_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_users()


class CampaignOpenForm(forms.Form):
    year = IntegerField(label=_("Année"), min_value=2000, max_value=2100)
    starts_on = forms.DateField(label=_("Début de la période"), widget=DATE)
    ends_on = forms.DateField(label=_("Fin de la période"), widget=DATE)
    default_dues = DecimalField(
        label=_("Cotisation par défaut (€)"), min_value=0, max_digits=9, decimal_places=2
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("La fin de la période précède son début."))
        return data


class AdhesionStaffForm(ModelForm):
    class Meta:
        model = Adhesion
        fields = ["status", "dues_amount", "payment_status", "paid_on", "contact_email"]
        widgets = {"paid_on": DATE}


class AdhesionRenewForm(forms.Form):
    contact_email = forms.EmailField(
        label=_("E-mail pour l'adhésion"),
        help_text=_("Reçoit l'appel de cotisation et les relances."),
    )


class PublicationForm(ModelForm):
    structure_kinds = forms.MultipleChoiceField(
        label=_("Types de structure"),
        choices=StructureKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucun : tous les types."),
    )
    publish = forms.BooleanField(label=_("Publier"), required=False)

    class Meta:
        model = Publication
        fields = [
            "kind",
            "title",
            "summary",
            "body",
            "attachment",
            "link",
            "regions",
            "notify_members",
        ]
        widgets = {"regions": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["regions"].queryset = user_regions(user)
        nationwide = perms.can_publish_nationwide(user)
        self.fields["regions"].required = not nationwide
        if nationwide:
            self.fields["regions"].help_text = _("Aucun : tous les territoires.")
        else:
            self.fields["regions"].help_text = _("Vos territoires.")
        self.fields["structure_kinds"].initial = self.instance.kinds_list
        self.fields["publish"].initial = self.instance.published_at is not None

    def clean_attachment(self):
        attachment = self.cleaned_data.get("attachment")
        if attachment and hasattr(attachment, "content_type"):  # a new upload
            check_upload(attachment, allowed=DOCUMENT_TYPES, max_bytes=document_max_bytes())
        return attachment
