from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.access import scoped_by_region
from core.forms import ModelForm
from network.models import Organisation
from structures.files import WORKING_TYPES, check_upload, document_max_bytes
from structures.models import Structure
from territories.models import Region

from .enums import ItemStatus, LevelValue
from .models import (
    Accompaniment,
    AccompanimentDocument,
    ActionItem,
    Axis,
    Hypothesis,
    ProgressNote,
    TerritorialAction,
    TerritorialDiagnostic,
    Visit,
    VisitAttachment,
)
from .services import CriterionEdit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SMALL_TEXT = forms.Textarea(attrs={"rows": 3})


def _check_upload(upload):
    """The portal's one content check (structures.files): type read from the bytes."""
    if upload is not None and hasattr(upload, "content_type"):  # a new upload
        check_upload(upload, allowed=WORKING_TYPES, max_bytes=document_max_bytes())
    return upload


# Grids ----------------------------------------------------------------------------------


class GridEditForm(forms.Form):
    """Every text of a grid in one form, plus one blank criterion per axis to add one."""

    def __init__(self, *args, grid, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = grid
        self.axes = list(grid.axes.prefetch_related("criteria__levels"))
        for axis in self.axes:
            self.fields[f"axis-{axis.pk}-title"] = forms.CharField(
                label=_("Intitulé de l'axe"), initial=axis.title, max_length=200
            )
            self.fields[f"axis-{axis.pk}-description"] = forms.CharField(
                label=_("Description de l'axe"),
                initial=axis.description,
                required=False,
                widget=SMALL_TEXT,
            )
            for criterion in axis.criteria.all():
                self._criterion_fields(f"crit-{criterion.pk}", criterion)
            self._criterion_fields(f"new-{axis.pk}", None)

    def _criterion_fields(self, prefix, criterion):
        levels = (
            {level.value: level.descriptor for level in criterion.levels.all()} if criterion else {}
        )
        self.fields[f"{prefix}-title"] = forms.CharField(
            label=_("Critère") if criterion else _("Nouveau critère (facultatif)"),
            initial=criterion.title if criterion else "",
            required=criterion is not None,
            max_length=300,
        )
        self.fields[f"{prefix}-help"] = forms.CharField(
            label=_("Aide"), initial=criterion.help if criterion else "", required=False
        )
        for value, label in LevelValue.choices:
            self.fields[f"{prefix}-level-{value}"] = forms.CharField(
                label=label, initial=levels.get(value, ""), required=False, widget=SMALL_TEXT
            )
        if criterion is not None:
            self.fields[f"{prefix}-delete"] = forms.BooleanField(
                label=_("Retirer ce critère"), required=False
            )

    def _bound(self, prefix, with_delete):
        fields = [self[f"{prefix}-title"], self[f"{prefix}-help"]]
        fields += [self[f"{prefix}-level-{value}"] for value in LevelValue.values]
        if with_delete:
            fields.append(self[f"{prefix}-delete"])
        return fields

    def sections(self):
        """[(axis, axis fields, [(criterion, fields)], new-criterion fields)] for the template."""
        return [
            (
                axis,
                [self[f"axis-{axis.pk}-title"], self[f"axis-{axis.pk}-description"]],
                [(c, self._bound(f"crit-{c.pk}", True)) for c in axis.criteria.all()],
                self._bound(f"new-{axis.pk}", False),
            )
            for axis in self.axes
        ]

    def edits(self):
        """Arguments for services.grid_edit."""
        data = self.cleaned_data

        def edit(prefix, with_delete):
            return CriterionEdit(
                title=data[f"{prefix}-title"].strip(),
                help=data[f"{prefix}-help"].strip(),
                levels={
                    value: data[f"{prefix}-level-{value}"].strip() for value in LevelValue.values
                },
                delete=bool(with_delete and data.get(f"{prefix}-delete")),
            )

        axes, criteria, new_criteria = {}, {}, {}
        for axis in self.axes:
            axes[axis.pk] = (
                data[f"axis-{axis.pk}-title"].strip(),
                data[f"axis-{axis.pk}-description"].strip(),
            )
            for criterion in axis.criteria.all():
                criteria[criterion.pk] = edit(f"crit-{criterion.pk}", True)
            new_criteria[axis.pk] = edit(f"new-{axis.pk}", False)
        return {"axes": axes, "criteria": criteria, "new_criteria": new_criteria}

    def clean(self):
        cleaned = super().clean()
        for axis in self.axes:
            title = (cleaned.get(f"new-{axis.pk}-title") or "").strip()
            if title and not all(
                (cleaned.get(f"new-{axis.pk}-level-{value}") or "").strip()
                for value in LevelValue.values
            ):
                self.add_error(
                    f"new-{axis.pk}-title",
                    _("Décrivez les quatre niveaux du nouveau critère."),
                )
        return cleaned


# Assessments ----------------------------------------------------------------------------


class AssessmentForm(forms.Form):
    """One level (optional until submission) and one comment per criterion, plus the grid's
    open questions. Built from the assessment's own grid version."""

    def __init__(self, *args, assessment, criteria, answers, free_answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        self.criteria = criteria
        for criterion in criteria:
            answer = answers.get(criterion.pk)
            descriptors = {level.value: level.descriptor for level in criterion.levels.all()}
            self.fields[f"level-{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.title,
                choices=[
                    (value, f"{label} : {descriptors.get(value, '')}")
                    for value, label in LevelValue.choices
                ],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=answer.level if answer else None,
                help_text=criterion.help,
            )
            self.fields[f"comment-{criterion.pk}"] = forms.CharField(
                label=_("Commentaire"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answer.comment if answer else "",
            )
        self.questions = list(assessment.grid.free_questions.all())
        for question in self.questions:
            self.fields[f"question-{question.pk}"] = forms.CharField(
                label=question.text,
                required=False,
                widget=SMALL_TEXT,
                initial=free_answers.get(question.pk, ""),
            )

    def axes(self):
        """[(axis, [(criterion, level field, comment field)])] in grid order."""
        grouped = {}
        for criterion in self.criteria:
            grouped.setdefault(criterion.axis, []).append(
                (criterion, self[f"level-{criterion.pk}"], self[f"comment-{criterion.pk}"])
            )
        return list(grouped.items())

    def question_fields(self):
        return [self[f"question-{question.pk}"] for question in self.questions]

    def answers(self):
        return {
            criterion.pk: (
                self.cleaned_data.get(f"level-{criterion.pk}"),
                self.cleaned_data.get(f"comment-{criterion.pk}", "").strip(),
            )
            for criterion in self.criteria
        }

    def free_answers(self):
        return {
            question.pk: self.cleaned_data.get(f"question-{question.pk}", "").strip()
            for question in self.questions
        }


# Visits ---------------------------------------------------------------------------------


class StructureSearchForm(forms.Form):
    """Find the structure a visit or an accompaniment is about, among those the user may
    see: a few matches instead of a list of every structure of the network."""

    LIMIT = 20

    q = forms.CharField(
        label=_("Rechercher une structure"),
        max_length=100,
        required=False,
        help_text=_("Une partie du nom (accents et majuscules indifférents) ou le début du SIRET."),
    )

    def matches(self, structures) -> tuple[list[Structure], bool]:
        """At most LIMIT structures whose name or SIRET matches, and whether there are more."""
        text = self.cleaned_data.get("q", "").strip() if self.is_valid() else ""
        if not text:
            return [], False
        found = list(
            structures.search(text)
            .select_related("commune")
            .order_by("name", "pk")[: self.LIMIT + 1]
        )
        return found[: self.LIMIT], len(found) > self.LIMIT

    @property
    def searched(self) -> bool:
        return self.is_bound and bool(self.is_valid() and self.cleaned_data.get("q", "").strip())


class VisitForm(ModelForm):
    """The structure is chosen before the form (see StructureSearchForm) and never changes."""

    class Meta:
        model = Visit
        fields = [
            "planned_on",
            "held_on",
            "place",
            "staff_participants",
            "structure_participants",
            "partner_participants",
            "strengths",
            "weaknesses",
            "recommendations",
        ]
        widgets = {
            "planned_on": DATE,
            "held_on": DATE,
            "structure_participants": SMALL_TEXT,
            "strengths": SMALL_TEXT,
            "weaknesses": SMALL_TEXT,
            "recommendations": SMALL_TEXT,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        staff = get_user_model().objects.network_staff_seen_by(user)
        self.fields["staff_participants"].queryset = staff
        self.fields["partner_participants"].queryset = Organisation.objects.visible_to(user)


class VisitAttachmentForm(ModelForm):
    class Meta:
        model = VisitAttachment
        fields = ["title", "file"]

    def clean_file(self):
        return _check_upload(self.cleaned_data.get("file"))


# Action plans ---------------------------------------------------------------------------


class AccountOrNameInput(forms.TextInput):
    """A text input suggesting the accounts' labels (a native <datalist>: no JavaScript)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.suggestions: list[str] = []

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {})}
        list_id = f"{attrs.get('id') or name}_comptes"
        attrs["list"] = list_id
        html = super().render(name, value, attrs, renderer)
        options = format_html_join(
            "", '<option value="{}">', ((label,) for label in self.suggestions)
        )
        return format_html('{}<datalist id="{}">{}</datalist>', html, list_id, options)


def account_label(user) -> str:
    name = user.get_full_name()
    return f"{name} ({user.email})" if name else user.email


class ActionItemForm(ModelForm):
    """An action of a progress plan. Its owner is one field: an account of the network or of
    the structure (suggested as you type), or the name of someone without an account."""

    owner = forms.CharField(
        label=_("Responsable"),
        required=False,
        max_length=200,
        widget=AccountOrNameInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "Choisissez une personne ayant un compte (proposée pendant la saisie) : elle verra "
            "l'action dans son espace. Sinon, écrivez le nom de la personne ou du service."
        ),
    )

    class Meta:
        model = ActionItem
        fields = [
            "axis",
            "finding",
            "objective",
            "actions",
            "due_on",
            "resources",
            "indicator",
            "status",
        ]
        widgets = {
            "due_on": DATE,
            "finding": SMALL_TEXT,
            "actions": SMALL_TEXT,
            "resources": SMALL_TEXT,
        }

    def __init__(self, *args, user, grid=None, structure=None, **kwargs):
        super().__init__(*args, **kwargs)
        grid_id = grid.pk if grid else None
        if grid_id is None and self.instance.axis_id:
            grid_id = self.instance.axis.grid_id
        self.fields["axis"].queryset = (
            Axis.objects.filter(grid_id=grid_id) if grid_id else Axis.objects.none()
        )
        structure = structure or (self.instance.plan.structure if self.instance.plan_id else None)
        users = get_user_model().objects
        staff = users.network_staff_seen_by(user).values("pk")
        self.accounts = {
            account_label(account): account
            for account in users.filter(
                Q(pk__in=staff) | Q(structure_memberships__structure=structure, is_active=True)
            )
            .distinct()
            .order_by("last_name", "first_name", "email")
        }
        self.fields["owner"].widget.suggestions = list(self.accounts)
        self.order_fields(["axis", "finding", "objective", "actions", "owner"])
        if not self.is_bound:
            instance = self.instance
            self.initial["owner"] = (
                account_label(instance.owner_user)
                if instance.owner_user_id
                else instance.owner_name
            )

    def clean_owner(self):
        return (self.cleaned_data.get("owner") or "").strip()

    def owner_fields(self) -> dict:
        owner = self.cleaned_data.get("owner", "")
        user = self.accounts.get(owner)
        return {"owner_user": user, "owner_name": "" if user else owner}

    def item_fields(self) -> dict:
        """The item's fields for `services.action_item_create`, the owner resolved."""
        fields = {k: v for k, v in self.cleaned_data.items() if k != "owner"}
        return {**fields, **self.owner_fields()}

    def save(self, commit=True):
        for name, value in self.owner_fields().items():
            setattr(self.instance, name, value)
        return super().save(commit=commit)


class ActionItemManagerForm(ModelForm):
    """What a manager may change on an item of their plan."""

    class Meta:
        model = ActionItem
        fields = ["actions", "owner_name", "status"]
        widgets = {"actions": SMALL_TEXT}


class ProgressNoteForm(ModelForm):
    status = forms.ChoiceField(
        label=_("Nouveau statut"),
        choices=[("", _("(inchangé)"))] + list(ItemStatus.choices),
        required=False,
    )

    class Meta:
        model = ProgressNote
        fields = ["written_on", "text"]
        widgets = {"written_on": DATE, "text": SMALL_TEXT}


# Accompaniments -------------------------------------------------------------------------


class AccompanimentForm(ModelForm):
    """The structure accompanied is chosen before the form (see StructureSearchForm); the
    participants of a collective action are added one by one (ParticipantForm)."""

    class Meta:
        model = Accompaniment
        fields = [
            "kind",
            "title",
            "stage",
            "operator",
            "started_on",
            "ended_on",
            "status",
            "notes",
        ]
        widgets = {"started_on": DATE, "ended_on": DATE, "notes": SMALL_TEXT}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = Organisation.objects.visible_to(user)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("stage") and cleaned.get("kind") != "dla":
            self.add_error("stage", _("Les étapes ne concernent que le DLA."))
        start, end = cleaned.get("started_on"), cleaned.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("La fin précède le début."))
        return cleaned


class ParticipantForm(forms.Form):
    """Add or remove one participant of a collective accompaniment; `structures` are those
    the user may pick (out of their territories: refused like a missing structure)."""

    ADD, REMOVE = "ajouter", "retirer"

    action = forms.ChoiceField(
        choices=[(ADD, ADD), (REMOVE, REMOVE)],
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choisissez d'ajouter ou de retirer la structure."),
            "invalid_choice": _("Choisissez d'ajouter ou de retirer la structure."),
        },
    )
    structure = forms.ModelChoiceField(
        queryset=Structure.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choisissez une structure."),
            "invalid_choice": _("Cette structure n'existe pas ou n'est pas dans vos territoires."),
        },
    )

    def __init__(self, *args, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures


class AccompanimentDocumentForm(ModelForm):
    class Meta:
        model = AccompanimentDocument
        fields = ["title", "file"]

    def clean_file(self):
        return _check_upload(self.cleaned_data.get("file"))


# Territorial diagnostic -----------------------------------------------------------------


class TerritorialDiagnosticForm(ModelForm):
    class Meta:
        model = TerritorialDiagnostic
        fields = [
            "region",
            "title",
            "period_start",
            "period_end",
            "reference_year",
            "context",
            "method",
            "issues",
            "recommended_hypothesis",
            "request_to_state",
        ]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "context": forms.Textarea(attrs={"rows": 5}),
            "method": forms.Textarea(attrs={"rows": 5}),
            "issues": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = scoped_by_region(Region.objects.all(), user, "pk")
        if self.instance.pk:
            self.fields["region"].disabled = True
            self.fields["recommended_hypothesis"].queryset = self.instance.hypotheses.all()
        else:
            del self.fields["recommended_hypothesis"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("La fin de la période précède son début."))
        year = cleaned.get("reference_year")
        if year and end and year > end.year:
            self.add_error(
                "reference_year",
                _(
                    "L'année de référence %(year)s est postérieure à la fin de la période "
                    "(%(end)s) : choisissez une année terminée avant cette date."
                )
                % {"year": year, "end": end.year},
            )
        return cleaned


class HypothesisForm(ModelForm):
    class Meta:
        model = Hypothesis
        fields = ["order", "title", "description", "pros", "cons", "conditions"]
        widgets = {
            "description": SMALL_TEXT,
            "pros": SMALL_TEXT,
            "cons": SMALL_TEXT,
            "conditions": SMALL_TEXT,
        }


class TerritorialActionForm(ModelForm):
    class Meta:
        model = TerritorialAction
        fields = [
            "order",
            "title",
            "owner_name",
            "owner_organisation",
            "timing",
            "due_on",
            "indicator",
            "baseline",
            "target",
            "funding",
            "status",
        ]
        widgets = {"due_on": DATE, "timing": forms.Textarea(attrs={"rows": 2})}
