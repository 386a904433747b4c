import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.access import scoped_by_region
from core.french import date_text
from core.widgets import SearchChoiceForm, search_choice
from events.models import Event
from network.models import Organisation
from structures.models import Structure
from territories.models import Region

from . import perms
from .enums import SUBJECT_OF_KIND, ReportKind, SubjectType


def year_choices():
    this_year = datetime.date.today().year
    return [(year, str(year)) for year in range(this_year, 2014, -1)]


class ReportRequestForm(SearchChoiceForm, forms.Form):
    kind = forms.ChoiceField(label=_("Type de rapport"), choices=ReportKind.choices)
    region = forms.ModelChoiceField(
        label=_("Territoire"),
        queryset=Region.objects.none(),
        required=False,
        help_text=_("Pour un diagnostic territorial."),
    )
    diagnostic = forms.ModelChoiceField(
        label=_("Diagnostic territorial"),
        queryset=None,
        required=False,
        help_text=_(
            "Pour un diagnostic territorial : le rapport reprend ses textes et ses chiffres "
            "(figés s'il est figé). Le territoire est celui du diagnostic."
        ),
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
        self.fields["region"].help_text = _(
            "Pour un état des lieux sans diagnostic (dernière année complète)."
        )
        from diagnostics.models import TerritorialDiagnostic

        self.fields["diagnostic"].queryset = TerritorialDiagnostic.objects.visible_to(
            user
        ).select_related("region")
        self.fields["diagnostic"].label_from_instance = lambda diagnostic: (
            _("%(title)s — %(region)s, du %(start)s au %(end)s")
            % {
                "title": diagnostic.title,
                "region": diagnostic.region.name,
                "start": date_text(diagnostic.period_start),
                "end": date_text(diagnostic.period_end),
            }
        )
        self.fields["structure"].queryset = Structure.objects.visible_to(user)
        search_choice(
            self, "structure", related=("commune",), search_label=_("Rechercher une structure")
        )
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
        if kind == ReportKind.TERRITORIAL and data.get("diagnostic"):
            if data.get("region") and data["region"] != data["diagnostic"].region:
                self.add_error(
                    "region",
                    _(
                        "Ce diagnostic porte sur %(region)s : laissez le territoire vide ou "
                        "choisissez %(region)s."
                    )
                    % {"region": data["diagnostic"].region.name},
                )
            data["region"] = data["diagnostic"].region
            if data["diagnostic"].snapshot_outdated:
                from .kinds.territorial import OUTDATED

                self.add_error("diagnostic", OUTDATED % {"title": data["diagnostic"].title})
        elif kind == ReportKind.TERRITORIAL and data.get("region"):
            from diagnostics.models import TerritorialDiagnostic

            if TerritorialDiagnostic.objects.filter(region=data["region"]).exists():
                self.add_error(
                    "diagnostic",
                    _(
                        "%(region)s a un ou plusieurs diagnostics territoriaux : choisissez "
                        "celui dont le rapport doit reprendre les textes et les chiffres."
                    )
                    % {"region": data["region"].name},
                )
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
