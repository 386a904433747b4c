import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.access import scoped_by_region
from core.widgets import long_choices
from events.models import Event
from network.models import Organisation
from structures.models import Structure
from territories.models import Region

from . import perms
from .enums import SUBJECT_OF_KIND, ReportKind, SubjectType


def year_choices():
    this_year = datetime.date.today().year
    return [(year, str(year)) for year in range(this_year, 2014, -1)]


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de rapport"), choices=ReportKind.choices)
    region = forms.ModelChoiceField(
        label=_("Territoire"),
        queryset=Region.objects.none(),
        required=False,
        help_text=_("Pour un diagnostic territorial."),
    )
    structure = forms.ModelChoiceField(
        label=_("Structure"),
        queryset=Structure.objects.none(),
        required=False,
        help_text=_("Pour un diagnostic de structure ou une fiche dialogue de gestion."),
    )
    year = forms.TypedChoiceField(
        label=_("Année"),
        choices=[("", "—")],
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Pour une fiche dialogue de gestion."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].queryset = scoped_by_region(Region.objects.all(), user, "pk")
        self.fields["structure"].queryset = Structure.objects.visible_to(user)
        long_choices(self.fields["structure"])
        self.fields["year"].choices = [("", "—"), *year_choices()]
        if not perms.can_request_national_report(user):
            self.fields["kind"].choices = [
                choice for choice in ReportKind.choices if choice[0] != ReportKind.NATIONAL
            ]
        self.fields["event"] = forms.ModelChoiceField(
            label=_("Réunion"),
            queryset=Event.objects.visible_to(user),
            required=False,
            help_text=_("Pour un compte rendu de réunion."),
        )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        subject = SUBJECT_OF_KIND[ReportKind(kind)]
        required = {
            SubjectType.REGION: "region",
            SubjectType.STRUCTURE: "structure",
            SubjectType.EVENT: "event",
        }.get(subject)
        if required and not data.get(required):
            self.add_error(required, _("Ce champ est obligatoire pour ce type de rapport."))
        if kind == ReportKind.DIALOGUE_GESTION and not data.get("year"):
            self.add_error("year", _("Ce champ est obligatoire pour ce type de rapport."))
        return data


class ReportShareForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation partenaire"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, report, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.visible_to(user).exclude(report_shares__report=report)
        if report.region_id:
            organisations = organisations.filter(region_id=report.region_id)
        self.fields["organisation"].queryset = organisations.select_related("kind").order_by("name")
