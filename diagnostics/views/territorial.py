from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import STAFF, access_rule, deny_unless
from core.french import date_text
from structures.enums import StructureKind
from structures.figures import definitions

from .. import services
from ..charts import territorial_charts
from ..forms import HypothesisForm, TerritorialActionForm, TerritorialDiagnosticForm
from ..models import Hypothesis, TerritorialAction, TerritorialDiagnostic
from ..perms import can_edit_territorial_diagnostic, can_freeze_territorial_diagnostic
from .common import form_page

FROZEN = gettext_lazy(
    "Un diagnostic figé ne change plus, et seule l'équipe du réseau qui suit ce territoire "
    "modifie un diagnostic en cours."
)

# The parts of the figures the page does not print.
PAGE_LEAVES_OUT = ("by_siae",)

OUTDATED_REFREEZE = gettext_lazy(
    "Ce diagnostic a été figé le %(date)s, quand seuls les scores étaient conservés : ses "
    "autres chiffres n'ont jamais été arrêtés. Le figer à nouveau conserve les chiffres "
    "d'aujourd'hui, lus sur les données actuelles, et permet d'éditer le rapport ; la "
    "première date reste dans l'historique."
)


@access_rule(STAFF)
def territorial_list(request):
    diagnostics = TerritorialDiagnostic.objects.visible_to(request.user).select_related("region")
    return render(request, "diagnostics/territorial_list.html", {"diagnostics": diagnostics[:200]})


@access_rule(STAFF)
def territorial_create(request):
    form = TerritorialDiagnosticForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        diagnostic = form.save(commit=False)
        diagnostic.created_by = request.user
        diagnostic.save()
        messages.success(request, _("Diagnostic territorial créé."))
        return redirect("diagnostics:territorial_detail", pk=diagnostic.pk)
    return form_page(
        request,
        form=form,
        title=_("Nouveau diagnostic territorial"),
        back_url=reverse("diagnostics:territorial_list"),
    )


def _diagnostic(request, pk):
    return get_object_or_404(
        TerritorialDiagnostic.objects.visible_to(request.user).select_related("region"), pk=pk
    )


def _part(request, model, pk):
    """A hypothesis or territorial action of a diagnostic the user may see (404 otherwise)."""
    return get_object_or_404(
        model.objects.filter(
            diagnostic__in=TerritorialDiagnostic.objects.visible_to(request.user)
        ).select_related("diagnostic"),
        pk=pk,
    )


@access_rule(STAFF)
def territorial_detail(request, pk):
    diagnostic = _diagnostic(request, pk)
    # Live figures come from the cache (see `page_figures`), without the per-SIAE table that
    # only the report prints: nine tenths of their size at 5,000 structures.
    figures = diagnostic.page_figures(leave_out=PAGE_LEAVES_OUT)
    return render(
        request,
        "diagnostics/territorial_detail.html",
        {
            "diagnostic": diagnostic,
            "figures": figures,
            "charts": territorial_charts(figures),
            "siae_kinds": StructureKind.siae_kinds(),
            "hypotheses": diagnostic.hypotheses.all(),
            "actions": diagnostic.actions.all(),
            "can_edit": can_edit_territorial_diagnostic(request.user, diagnostic),
            "can_freeze": can_freeze_territorial_diagnostic(request.user, diagnostic),
        },
    )


@access_rule(STAFF)
def territorial_definitions(request):
    """What each figure of a territorial diagnostic counts and where it comes from: the
    same text for every diagnostic (and printed in each report), so one page that the
    diagnostics link to rather than a copy at the foot of each."""
    return render(
        request, "diagnostics/territorial_definitions.html", {"definitions": definitions()}
    )


@access_rule(STAFF)
def territorial_edit(request, pk):
    diagnostic = _diagnostic(request, pk)
    deny_unless(can_edit_territorial_diagnostic(request.user, diagnostic), reason=FROZEN)
    form = TerritorialDiagnosticForm(request.POST or None, user=request.user, instance=diagnostic)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Diagnostic territorial enregistré."))
        return redirect("diagnostics:territorial_detail", pk=diagnostic.pk)
    return form_page(
        request,
        form=form,
        title=_("Modifier le diagnostic territorial"),
        back_url=reverse("diagnostics:territorial_detail", args=[diagnostic.pk]),
    )


def _child_form(request, *, diagnostic, form_class, instance, title):
    deny_unless(can_edit_territorial_diagnostic(request.user, diagnostic), reason=FROZEN)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        child = form.save(commit=False)
        child.diagnostic = diagnostic
        child.save()
        messages.success(request, _("Enregistré."))
        return redirect("diagnostics:territorial_detail", pk=diagnostic.pk)
    return form_page(
        request,
        form=form,
        title=title,
        back_url=reverse("diagnostics:territorial_detail", args=[diagnostic.pk]),
    )


@access_rule(STAFF)
def hypothesis_create(request, pk):
    diagnostic = _diagnostic(request, pk)
    return _child_form(
        request,
        diagnostic=diagnostic,
        form_class=HypothesisForm,
        instance=Hypothesis(diagnostic=diagnostic, order=diagnostic.hypotheses.count() + 1),
        title=_("Nouvelle hypothèse structurante"),
    )


@access_rule(STAFF)
def hypothesis_edit(request, pk):
    hypothesis = _part(request, Hypothesis, pk)
    return _child_form(
        request,
        diagnostic=hypothesis.diagnostic,
        form_class=HypothesisForm,
        instance=hypothesis,
        title=_("Modifier l'hypothèse"),
    )


@access_rule(STAFF)
def territorial_action_create(request, pk):
    diagnostic = _diagnostic(request, pk)
    return _child_form(
        request,
        diagnostic=diagnostic,
        form_class=TerritorialActionForm,
        instance=TerritorialAction(diagnostic=diagnostic, order=diagnostic.actions.count() + 1),
        title=_("Nouvelle action du plan territorial"),
    )


@access_rule(STAFF)
def territorial_action_edit(request, pk):
    action = _part(request, TerritorialAction, pk)
    return _child_form(
        request,
        diagnostic=action.diagnostic,
        form_class=TerritorialActionForm,
        instance=action,
        title=_("Modifier l'action territoriale"),
    )


@access_rule(STAFF)
def territorial_freeze(request, pk):
    """GET: confirmation page; POST: keep today's figures for good."""
    diagnostic = _diagnostic(request, pk)
    back_url = reverse("diagnostics:territorial_detail", args=[diagnostic.pk])
    if diagnostic.is_frozen and not diagnostic.snapshot_outdated:
        messages.info(request, _("Ce diagnostic est déjà figé."))
        return redirect(back_url)
    deny_unless(can_freeze_territorial_diagnostic(request.user, diagnostic), reason=FROZEN)
    if request.method == "POST":
        try:
            services.territorial_diagnostic_freeze(diagnostic=diagnostic, by=request.user)
        except services.DiagnosticsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Diagnostic figé : ses chiffres ne bougeront plus."))
        return redirect(back_url)
    return render(
        request,
        "diagnostics/confirm.html",
        {
            "title": _("Figer le diagnostic « %(title)s »") % {"title": diagnostic.title},
            "message": OUTDATED_REFREEZE % {"date": date_text(diagnostic.frozen_at, "long")}
            if diagnostic.snapshot_outdated
            else _(
                "Les chiffres du jour seront conservés tels quels : les modifications ultérieures "
                "des données des structures ne changeront plus ce diagnostic. Les textes (enjeux, "
                "hypothèses, plan d'action) ne seront plus modifiables. Cette action est définitive."
            ),
            "back_url": back_url,
        },
    )


def _confirm_delete(request, *, obj, diagnostic, title):
    """GET: confirmation page; POST: delete, back to the diagnostic."""
    deny_unless(can_edit_territorial_diagnostic(request.user, diagnostic), reason=FROZEN)
    back_url = reverse("diagnostics:territorial_detail", args=[diagnostic.pk])
    if request.method == "POST":
        obj.delete()
        messages.success(request, _("Supprimé."))
        return redirect(back_url)
    return render(
        request,
        "diagnostics/confirm.html",
        {
            "title": title,
            "message": _("« %(name)s » sera supprimé du diagnostic.") % {"name": obj},
            "back_url": back_url,
        },
    )


@access_rule(STAFF)
def hypothesis_delete(request, pk):
    hypothesis = _part(request, Hypothesis, pk)
    return _confirm_delete(
        request,
        obj=hypothesis,
        diagnostic=hypothesis.diagnostic,
        title=_("Supprimer l'hypothèse"),
    )


@access_rule(STAFF)
def territorial_action_delete(request, pk):
    action = _part(request, TerritorialAction, pk)
    return _confirm_delete(
        request,
        obj=action,
        diagnostic=action.diagnostic,
        title=_("Supprimer l'action territoriale"),
    )
