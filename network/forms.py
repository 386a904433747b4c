from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.access import scoped_by_region
from core.forms import DecimalField, IntegerField, ModelForm
from core.widgets import SearchChoiceForm, search_choice
from structures.enums import StructureKind
from structures.files import DOCUMENT_TYPES, check_upload, document_max_bytes
from structures.models import Adhesion, Structure
from territories.forms import CommuneField
from territories.models import Commune, Departement, Region

from . import perms
from .enums import (
    BureauRole,
    NetworkDocumentKind,
    NetworkDocumentStatus,
    NetworkMemberStatus,
    RegionalNetworkStatus,
)
from .models import (
    College,
    Contact,
    Interaction,
    InteractionFollowUp,
    Milestone,
    Mission,
    NetworkMember,
    Organisation,
    Publication,
    RegionalNetwork,
)

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


class InteractionForm(SearchChoiceForm, ModelForm):
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
        search_choice(
            self, "structures", related=("commune",), search_label=_("Rechercher une structure")
        )

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


# --- Regional networks --------------------------------------------------------------------


class RegionalNetworkForm(forms.ModelForm):
    started_on = forms.DateField(
        label=_("Début de la démarche"),
        widget=DATE,
        required=False,
        help_text=_("Vide : aujourd'hui."),
    )

    class Meta:
        model = RegionalNetwork
        fields = ["name", "region", "federation", "purpose"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = user_regions(user)


class StageChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Nouvelle étape"))
    changed_on = forms.DateField(label=_("Date du changement"), widget=DATE)
    reason = forms.CharField(
        label=_("Explication"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Ce qui a été décidé, par qui, et pourquoi : gardé dans l'historique."),
    )
    confirm = forms.BooleanField(
        label=_("Je confirme l'abandon de la démarche (le réseau ne pourra plus être modifié)."),
        required=False,
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (status, RegionalNetworkStatus(status).label) for status in network.next_stages
        ]

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Expliquez ce changement d'étape."))
        return reason

    def clean(self):
        data = super().clean()
        if data.get("to_status") == RegionalNetworkStatus.ABANDONED and not data.get("confirm"):
            self.add_error("confirm", _("Cochez cette case pour confirmer l'abandon."))
        return data


class NetworkMemberAddForm(forms.Form):
    structure = forms.ModelChoiceField(
        label=_("Structure du territoire"),
        queryset=Structure.objects.none(),
        required=False,
        help_text=_("Adhérente de la fédération ou non."),
    )
    organisation = forms.ModelChoiceField(
        label=_("ou partenaire (membre associé)"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    status = forms.ChoiceField(label=_("Statut"), choices=NetworkMemberStatus.choices)
    is_founding = forms.BooleanField(label=_("Membre fondateur"), required=False)
    college = forms.ModelChoiceField(
        label=_("Collège"), queryset=College.objects.none(), required=False
    )
    on = forms.DateField(
        label=_("Date (invitation, engagement ou adhésion)"),
        widget=DATE,
        required=False,
        help_text=_("Vide : aujourd'hui."),
    )
    note = forms.CharField(label=_("Remarque"), max_length=300, required=False)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        taken = network.members.values("structure")
        self.fields["structure"].queryset = (
            Structure.objects.filter(departement__region=network.region_id)
            .exclude(pk__in=taken.exclude(structure__isnull=True))
            .select_related("commune")
            .order_by("name")
        )
        self.fields["structure"].label_from_instance = lambda structure: (
            f"{structure.name} ({structure.kind}, {structure.commune.name})"
        )
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(region=network.region_id)
            .exclude(
                pk__in=network.members.exclude(organisation__isnull=True).values("organisation")
            )
            .order_by("name")
        )
        self.fields["college"].queryset = network.colleges.all()

    def clean(self):
        data = super().clean()
        if bool(data.get("structure")) == bool(data.get("organisation")):
            raise forms.ValidationError(_("Choisissez une structure ou un partenaire (un seul)."))
        return data


class NetworkMemberForm(forms.ModelForm):
    class Meta:
        model = NetworkMember
        fields = [
            "status",
            "is_founding",
            "college",
            "invited_on",
            "committed_on",
            "joined_on",
            "left_on",
            "note",
        ]
        widgets = {
            "invited_on": DATE,
            "committed_on": DATE,
            "joined_on": DATE,
            "left_on": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["college"].queryset = self.instance.network.colleges.all()


class CollegeForm(forms.ModelForm):
    class Meta:
        model = College
        fields = ["name", "description", "seats"]


class MandateForm(forms.Form):
    role = forms.ChoiceField(label=_("Fonction"), choices=BureauRole.choices)
    person_name = forms.CharField(label=_("Prénom et nom"), max_length=150)
    member = forms.ModelChoiceField(
        label=_("Structure membre"), queryset=NetworkMember.objects.none()
    )
    starts_on = forms.DateField(label=_("Depuis le"), widget=DATE)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = network.members.joined().select_related(
            "structure", "organisation"
        )
        self.fields["member"].label_from_instance = lambda member: member.name


class MandateEndForm(forms.Form):
    ends_on = forms.DateField(label=_("Fin du mandat"), widget=DATE)


class NetworkDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=NetworkDocumentKind.choices)
    title = forms.CharField(label=_("Titre"), max_length=200)
    status = forms.ChoiceField(
        label=_("État"),
        choices=NetworkDocumentStatus.choices,
        help_text=_("Les membres du réseau lisent les documents adoptés."),
    )
    adopted_on = forms.DateField(label=_("Adopté le"), widget=DATE, required=False)
    file = forms.FileField(
        label=_("Fichier"), help_text=_("PDF, ODT, DOCX ou XLSX, 10 Mo au plus.")
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.file_type = check_upload(
            uploaded, allowed=DOCUMENT_TYPES, max_bytes=document_max_bytes()
        )
        return uploaded

    def clean(self):
        data = super().clean()
        if data.get("status") == NetworkDocumentStatus.ADOPTED and not data.get("adopted_on"):
            self.add_error("adopted_on", _("Indiquez la date d'adoption."))
        return data


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "owner", "reached_on"]
        widgets = {"due_on": DATE, "reached_on": DATE}
        help_texts = {"reached_on": _("Vide tant qu'elle n'est pas atteinte.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_users()

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        duplicate = Milestone.objects.filter(network=self.instance.network, title__iexact=title)
        if duplicate.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Ce réseau a déjà une étape de ce nom."))
        return title
