import zoneinfo

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role
from accounts.models import User
from core.access import scoped_by_region
from core.forms import EMPTY_CHOICE, ModelForm
from core.french import of
from core.widgets import long_choices
from network.enums import (
    BureauRole,
    NetworkDocumentKind,
    NetworkDocumentStatus,
    NetworkMemberStatus,
)
from network.models import Organisation, RegionalNetwork
from structures.enums import StructureKind
from structures.models import Structure
from territories.forms import CommuneField
from territories.models import Commune, Region

from . import perms
from .models import Event, Minutes, MinutesFollowUp, Registration

LOCAL_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(ModelForm):
    """Times are typed in the territory's zone (9:00 in Cayenne is 9:00 on the form and
    12:00 UTC in the database), whatever the zone of the person typing."""

    LOCAL_FIELDS = ("starts_at", "ends_at", "registration_closes_at")

    audience_structure_kinds = forms.MultipleChoiceField(
        label=_("Types de structures invités"),
        choices=StructureKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucun coché : tous les types de structures."),
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "description",
            "agenda",
            "region",
            "commune",
            "address",
            "online_url",
            "starts_at",
            "ends_at",
            "registration_closes_at",
            "capacity",
            "min_registrations",
            "audience_regions",
            "audience_structure_kinds",
            "invited_organisations",
            "organisers",
            "regional_network",
        ]
        widgets = {
            "starts_at": LOCAL_INPUT,
            "ends_at": LOCAL_INPUT,
            "registration_closes_at": LOCAL_INPUT,
            "description": forms.Textarea(attrs={"rows": 4}),
            "agenda": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "starts_at": _("Début (heure du territoire)"),
            "ends_at": _("Fin (heure du territoire)"),
            "registration_closes_at": _("Clôture des inscriptions (heure du territoire)"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        regions = scoped_by_region(Region.objects.all(), user, "pk")
        self.fields["region"].queryset = regions
        self.fields["commune"] = CommuneField(
            required=False, communes=Commune.objects.filter(departement__region__in=regions)
        )
        if self.instance.commune_id and not self.is_bound:
            self.initial["commune"] = self.instance.commune
        self.fields["audience_regions"].queryset = Region.objects.all()
        self.fields["audience_regions"].help_text = _("Aucun : le territoire de l'événement.")
        self.fields["invited_organisations"].queryset = Organisation.objects.visible_to(
            user
        ).order_by("name")
        self.fields["organisers"].queryset = User.objects.filter(
            role=Role.STAFF, is_active=True
        ).order_by("last_name", "first_name")
        self.fields["regional_network"].queryset = RegionalNetwork.objects.visible_to(
            user
        ).select_related("region")
        for name in ("starts_at", "ends_at", "registration_closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]
        if self.instance.pk:
            # Show the stored UTC times as wall-clock times of the territory.
            for name in self.LOCAL_FIELDS:
                value = getattr(self.instance, name)
                if value is not None:
                    self.initial[name] = value.astimezone(self.instance.zone).replace(tzinfo=None)

    def clean(self):
        data = super().clean()
        region, commune = data.get("region"), data.get("commune")
        if region and commune and commune.departement.region_id != region.pk:
            self.add_error("commune", _("Cette commune n'est pas dans le territoire choisi."))
            return data
        network = data.get("regional_network")
        if region and network and network.region_id != region.pk:
            self.add_error("regional_network", _("Ce réseau régional est sur un autre territoire."))
        if region is None:
            return data
        zone_name = commune.departement.time_zone if commune else region.time_zone
        zone = zoneinfo.ZoneInfo(zone_name)
        viewer = timezone.get_current_timezone()
        for name in self.LOCAL_FIELDS:
            value = data.get(name)
            if value is not None:
                # The field read the input in the viewer's zone: read it again in the
                # territory's.
                data[name] = timezone.make_aware(timezone.make_naive(value, viewer), zone)
        starts, ends, closes = (data.get(name) for name in self.LOCAL_FIELDS)
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("La fin doit suivre le début."))
        if starts and closes and closes > starts:
            self.add_error(
                "registration_closes_at",
                _("Les inscriptions doivent se clore avant le début de l'événement."),
            )
        if not data.get("commune") and not data.get("online_url"):
            self.add_error(None, _("Indiquez un lieu (commune) ou un lien de visioconférence."))
        return data


class RegistrationForm(ModelForm):
    """Managers register people of their own structures (names and roles — not the
    employees in insertion); staff may register partner contacts or anyone."""

    class Meta:
        model = Registration
        fields = ["structure", "organisation", "first_name", "last_name", "role", "email"]
        help_texts = {
            "role": _("Direction, encadrement technique, accompagnement socio-professionnel…"),
        }

    def __init__(self, *args, user, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.event = user, event
        structures = Structure.objects.visible_to(user).order_by("name")
        self.fields["structure"].queryset = structures
        if not perms.can_register_anybody(user, event):
            del self.fields["organisation"]
            self.fields["structure"].required = True
            self.fields["structure"].empty_label = None
        else:
            regions = [event.region_id, *event.audience_regions.values_list("pk", flat=True)]
            self.fields["structure"].queryset = structures.filter(departement__region__in=regions)
            long_choices(self.fields["structure"])
            self.fields["organisation"].queryset = Organisation.objects.visible_to(user).order_by(
                "name"
            )

    def clean(self):
        data = super().clean()
        if data.get("structure") and data.get("organisation"):
            raise forms.ValidationError(
                _("Choisissez une structure ou une organisation partenaire, pas les deux.")
            )
        return data


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Personnes présentes"),
        queryset=Registration.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        field.queryset = registrations
        field.label_from_instance = lambda r: (
            f"{r.full_name} — {r.affiliation}" if r.affiliation else r.full_name
        )
        if not self.is_bound:
            self.initial["present"] = [r.pk for r in registrations if r.attended]


class WalkInForm(forms.Form):
    """Someone who came without registering, added on the attendance page."""

    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    structure = forms.ModelChoiceField(
        label=_("Structure"),
        queryset=None,
        required=False,
        empty_label=EMPTY_CHOICE,
        help_text=_("Une structure du territoire ; sinon, écrivez l'organisation ci-dessous."),
    )
    affiliation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Si la personne ne vient pas d'une structure de la liste."),
    )
    email = forms.EmailField(label=_("Adresse e-mail (facultative)"), required=False)

    def __init__(self, *args, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures
        long_choices(self.fields["structure"])

    def clean(self):
        data = super().clean()
        if not data.get("structure") and not (data.get("affiliation_name") or "").strip():
            self.add_error(
                "affiliation_name",
                _("Choisissez sa structure ou écrivez le nom de son organisation."),
            )
        return data


class MinutesForm(ModelForm):
    class Meta:
        model = Minutes
        fields = ["points", "decisions"]
        widgets = {
            "points": forms.Textarea(attrs={"rows": 8}),
            "decisions": forms.Textarea(attrs={"rows": 6}),
        }


class MinutesFollowUpForm(ModelForm):
    class Meta:
        model = MinutesFollowUp
        fields = ["action", "owner_name", "due_on", "structure", "status"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, structures=None, **kwargs):
        super().__init__(*args, **kwargs)
        if structures is not None:
            self.fields["structure"].queryset = structures


MinutesFollowUpFormSet = inlineformset_factory(
    Minutes, MinutesFollowUp, form=MinutesFollowUpForm, extra=2, can_delete=True
)


class FollowUpPushForm(forms.Form):
    """Where to push a follow-up: the concerned structure's action plan (empty choice) or
    an open territorial diagnostic of the event's territory."""

    diagnostic = forms.ModelChoiceField(
        label=_("Reporter dans"), queryset=None, required=False, widget=forms.RadioSelect
    )
    owner_organisation = forms.CharField(
        label=_("Organisation du pilote"),
        max_length=200,
        required=False,
        help_text=_(
            "Pour le plan d'action territorial : la structure, l'administration ou le réseau "
            "qui porte l'action."
        ),
    )

    def __init__(self, *args, follow_up, diagnostics, owner_organisation="", **kwargs):
        super().__init__(*args, **kwargs)
        self.follow_up = follow_up
        self.fields["owner_organisation"].initial = owner_organisation
        field = self.fields["diagnostic"]
        field.queryset = diagnostics
        field.label_from_instance = lambda d: (
            _("Plan d'action territorial : %(title)s") % {"title": d.title}
        )
        if follow_up.structure_id:
            field.empty_label = _("Plan de progrès %(of_structure)s") % {
                "of_structure": of(follow_up.structure)
            }
        else:
            field.required = True
            field.empty_label = None

    def clean_diagnostic(self):
        diagnostic = self.cleaned_data.get("diagnostic")
        if diagnostic is None and not self.follow_up.structure_id:
            raise forms.ValidationError(_("Choisissez un diagnostic territorial."))
        return diagnostic


class NetworkDecisionsForm(forms.Form):
    """What an assembly of a regional network decided, read from its published minutes."""

    milestones = forms.ModelMultipleChoiceField(
        label=_("Étapes atteintes lors de cette assemblée"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    joining = forms.ModelMultipleChoiceField(
        label=_("Structures qui adhèrent au réseau lors de cette assemblée"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Invitées ou engagées : elles deviennent membres à la date de l'assemblée."),
    )
    statutes = forms.ModelChoiceField(
        label=_("Statuts adoptés"),
        queryset=None,
        required=False,
        empty_label=_("Aucun"),
        help_text=_("Un projet de statuts déposé sur la page du réseau."),
    )
    other = forms.CharField(
        label=_("Autres décisions pour le réseau"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestones"].queryset = network.milestones.filter(reached_on__isnull=True)
        self.fields["joining"].queryset = network.members.filter(
            status__in=[NetworkMemberStatus.INVITED, NetworkMemberStatus.COMMITTED]
        ).select_related("structure", "organisation")
        self.fields["joining"].label_from_instance = lambda member: member.name
        self.fields["statutes"].queryset = network.documents.filter(
            kind=NetworkDocumentKind.STATUTES, status=NetworkDocumentStatus.DRAFT
        )


class ElectedSeatForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Fonction"), choices=[("", "—"), *BureauRole.choices], required=False
    )
    person_name = forms.CharField(label=_("Personne élue"), max_length=150, required=False)
    member = forms.ModelChoiceField(
        label=_("Structure membre"), queryset=None, required=False, empty_label="—"
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        # Members, and those joining at this very assembly.
        self.fields["member"].queryset = network.members.current().select_related(
            "structure", "organisation"
        )
        self.fields["member"].label_from_instance = lambda member: member.name

    def clean(self):
        data = super().clean()
        filled = [bool(data.get(name)) for name in ("role", "person_name", "member")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(
                _("Pour chaque siège, indiquez la fonction, la personne et sa structure.")
            )
        return data


ElectedSeatFormSet = forms.formset_factory(ElectedSeatForm, extra=4, max_num=12)
