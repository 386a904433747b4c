import json

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.access import scoped_by_region
from core.forms import ModelForm
from territories.forms import CommuneField
from territories.models import Commune, Region

from . import files, perms
from .coherence import indicator_problems
from .enums import ActivitySector, DocumentKind
from .models import Convention, Structure, StructureDocument, YearlyIndicators
from .validators import (
    convention_number_matches,
    normalise_naf,
    normalise_siret,
    validate_siret,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class StructureProfileForm(ModelForm):
    """What a manager keeps up to date; staff also edit name, kind, SIRET and commune.

    SIRET and kind are what imports, conventions and the State's lists match a structure
    on: only staff change them (a manager sees them read-only, with whom to ask)."""

    sectors = forms.MultipleChoiceField(
        label=_("Secteurs d'activité"),
        choices=ActivitySector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Structure
        fields = [
            "legal_form",
            "naf_code",
            "address",
            "sectors",
            "description",
            "website",
            "public_email",
            "public_phone",
            "founded_on",
        ]
        widgets = {"founded_on": DateInput(), "description": forms.Textarea(attrs={"rows": 5})}

    def clean_naf_code(self):
        return normalise_naf(self.cleaned_data["naf_code"])


class StructureStaffForm(StructureProfileForm):
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=20,
        required=False,
        validators=[validate_siret],
        help_text=_("14 chiffres ; les espaces sont acceptés."),
    )
    commune_insee = CommuneField(label=_("Commune"))

    class Meta(StructureProfileForm.Meta):
        fields = ["name", "kind", "siret", *StructureProfileForm.Meta.fields]

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["commune_insee"] = self.instance.commune
        if user is not None and not perms.can_work_nationwide(user):
            self.fields["commune_insee"].preferred = scoped_by_region(
                Commune.objects.all(), user, "departement__region"
            )
        self.order_fields(["name", "kind", "siret", "commune_insee"])

    def clean_siret(self):
        return normalise_siret(self.cleaned_data["siret"])

    def clean_commune_insee(self):
        commune = self.cleaned_data["commune_insee"]
        user = self.user
        region = Region.objects.filter(pk=commune.departement.region_id)
        if user is not None and not scoped_by_region(region, user, "pk").exists():
            raise forms.ValidationError(_("Cette commune est hors de votre territoire."))
        self.instance.commune = commune
        self.instance.departement = commune.departement
        return commune


class IndicatorsForm(ModelForm):
    """One year of aggregated figures; entering a year that exists updates it.

    Impossible combinations are refused (structures/coherence.py); hours far from the ETP
    declared are a warning the user confirms with the box that then appears."""

    confirm_hours = forms.BooleanField(
        label=_("Je confirme les heures travaillées malgré l'écart avec les ETP"),
        required=False,
    )

    class Meta:
        model = YearlyIndicators
        fields = ["year", *YearlyIndicators.FIGURE_FIELDS]

    def __init__(self, *args, structure=None, **kwargs):
        self.structure = structure
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update(min=2000, max=timezone.localdate().year)
        if not self.data.get("confirm_hours"):
            # Shown (as a checkbox) only once a warning asks for it, see `clean`.
            self.fields["confirm_hours"].widget = forms.HiddenInput()

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Année invalide."))
        return year

    def clean(self):
        cleaned = super().clean()
        problems = indicator_problems(cleaned, structure=self.structure)
        for name, messages in problems.errors.items():
            for message in messages:
                if name in self.fields and name not in self.errors:
                    self.add_error(name, message)
        if problems.warnings and not cleaned.get("confirm_hours"):
            self.fields["confirm_hours"].widget = forms.CheckboxInput()
            for name, messages in problems.warnings.items():
                for message in messages:
                    self.add_error(name, message)
        cleaned.pop("confirm_hours", None)
        return cleaned

    def validate_unique(self):
        # The (structure, year) pair is handled by the service: it updates the year.
        pass


class ConventionForm(ModelForm):
    class Meta:
        model = Convention
        fields = [
            "year",
            "number",
            "starts_on",
            "ends_on",
            "etp_conventionnes",
            "aid_per_post",
            "status",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, structure: Structure, **kwargs):
        self.structure = structure
        super().__init__(*args, **kwargs)

    def clean_number(self):
        return self.cleaned_data["number"].strip().upper()

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La fin doit suivre le début."))
        if data.get("number") and data.get("year"):
            for problem in convention_number_matches(
                data["number"], kind=self.structure.kind, year=data["year"]
            ):
                self.add_error("number", problem)
        return data

    def validate_unique(self):
        pass


class DocumentForm(ModelForm):
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, ODT, DOCX ou XLSX, 10 Mo au plus."),
    )

    class Meta:
        model = StructureDocument
        fields = ["kind", "year", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DocumentKind.choices
        self.file_type = None

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.file_type = files.check_upload(
            uploaded, allowed=files.DOCUMENT_TYPES, max_bytes=files.document_max_bytes()
        )
        return uploaded


class ColleagueInviteForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail"))
    first_name = forms.CharField(label=_("Prénom"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nom"), max_length=150, required=False)
    structure_admin = forms.BooleanField(
        label=_("Administrateur de la structure (peut inviter et retirer des collègues)"),
        required=False,
    )

    def __init__(self, *args, structure: Structure, **kwargs):
        self.structure = structure
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(
            email=email, structure_memberships__structure=self.structure
        ).exists():
            raise forms.ValidationError(_("Cette personne fait déjà partie de l'équipe."))
        return email


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern): a list of files."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportUploadForm(forms.Form):
    KIND_CHOICES = [
        ("structures", _("Structures")),
        ("indicators", _("Indicateurs annuels")),
    ]
    kind = forms.ChoiceField(label=_("Contenu du fichier"), choices=KIND_CHOICES)
    file = MultipleFileField(
        label=_("Fichier CSV, XLSX ou JSON"),
        help_text=_(
            "Plusieurs pages JSON enregistrées depuis l'API des SIAE de la Plateforme de "
            "l'inclusion peuvent être choisies ensemble."
        ),
    )

    def clean_file(self):
        uploads = [upload for upload in self.cleaned_data["file"] or [] if upload]
        if not uploads:
            raise forms.ValidationError(_("Choisissez le fichier à importer."))
        types = [
            files.check_upload(
                uploaded, allowed=files.IMPORT_TYPES, max_bytes=files.import_max_bytes()
            )
            for uploaded in uploads
        ]
        if len(uploads) > 1 and any(file_type != files.JSON for file_type in types):
            raise forms.ValidationError(
                _("Plusieurs fichiers ne peuvent être importés ensemble que s'ils sont en JSON.")
            )
        self.file_type = types[0]
        if len(uploads) == 1:
            uploads[0].seek(0)
            self.content = uploads[0].read()
            return uploads
        pages = []
        for uploaded in uploads:
            uploaded.seek(0)
            try:
                page = json.loads(uploaded.read().decode("utf-8-sig"))
            except (UnicodeDecodeError, ValueError) as error:
                raise forms.ValidationError(
                    _("Le fichier %(name)s n'est pas un JSON lisible."),
                    params={"name": uploaded.name},
                ) from error
            pages.extend(page if isinstance(page, list) else [page])
        self.content = json.dumps(pages, ensure_ascii=False).encode()
        if len(self.content) > files.import_max_bytes():
            raise forms.ValidationError(_("Ces fichiers dépassent ensemble la limite de taille."))
        return uploads
