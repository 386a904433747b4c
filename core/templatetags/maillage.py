import importlib

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core import access

register = template.Library()


@register.filter
def may(user, rule_name: str) -> bool:
    """`{% if user|may:"STAFF" %}`: the same rules as the views, for templates."""
    rule = getattr(access, rule_name.upper(), None)
    return isinstance(rule, access.Rule) and rule.allows(user)


@register.filter
def percent(value, digits: int = 1):
    if value is None:
        return "—"
    return f"{value * 100:.{digits}f}".replace(".", ",") + "\u202f%"


@register.simple_tag(takes_context=True)
def nav_link(context, view_name: str, label: str):
    """One link of the navigation, marked `aria-current="page"` on its own page so screen
    readers announce where the user is (and the style shows it).

    Written in Python rather than through a template: every page has a dozen or more of
    these links, and a template render for each was a third of a cached page's time."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    current = bool(match and match.view_name == view_name)
    return format_html(
        '<li class="nav-item"><a class="nav-link" href="{}"{}>{}</a></li>',
        reverse(view_name),
        mark_safe(' aria-current="page"') if current else "",  # noqa: S308 - a constant
        label,
    )


class MemoNode(template.Node):
    """`{% memo a b … %}…{% endmemo %}`: the content rendered once per process for each set
    of values of `a b …`, then given again as it was.

    For a fragment that depends on nothing else (no data, no user beyond those values): the
    navigation, the same for every person of a role in a language on a page. Templates are
    kept by the cached loader, and each node with them, so the rendered fragments live as
    long as the process; with the loader that reads templates again (debug), never."""

    LIMIT = 256  # fragments kept per node; all forgotten beyond that

    def __init__(self, vary, nodelist):
        self.vary, self.nodelist, self.rendered = vary, nodelist, {}

    def render(self, context):
        key = tuple(value.resolve(context) for value in self.vary)
        try:
            return self.rendered[key]
        except KeyError:
            pass
        html = self.nodelist.render(context)
        if len(self.rendered) >= self.LIMIT:
            self.rendered.clear()
        self.rendered[key] = html
        return html


@register.tag
def memo(parser, token):
    vary = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if not vary:
        raise template.TemplateSyntaxError("{% memo %} needs the values its content depends on")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(vary, nodelist)


@register.simple_tag(takes_context=True)
def can(context, predicate: str, *objects) -> bool:
    """`{% can 'events.can_register' event as allowed %}`: the predicate `can_register` of
    `events/perms.py` for the page's user, so templates and views ask the same question."""
    app, _dot, name = predicate.partition(".")
    if not name.startswith("can_"):
        raise template.TemplateSyntaxError(f"{predicate!r} is not a permission predicate")
    function = getattr(importlib.import_module(f"{app}.perms"), name)
    return bool(function(context["user"], *objects))


class ScrollableNode(template.Node):
    def __init__(self, label, nodelist):
        self.label, self.nodelist = label, nodelist

    def render(self, context):
        from django.utils.translation import gettext

        label = self.label.resolve(context)
        return format_html(
            '<p class="table-scroll-hint" aria-hidden="true">{}</p>'
            '<div class="table-scroll" role="region" tabindex="0" aria-label="{}">{}</div>',
            gettext("Faites défiler le tableau sur le côté pour voir toutes ses colonnes."),
            gettext("%(label)s (tableau défilant horizontalement)") % {"label": label},
            self.nodelist.render(context),
        )


@register.tag
def scrollable(parser, token):
    """`{% scrollable _("Adhésions") %}<table>…</table>{% endscrollable %}`: a wide table
    scrolls inside its own region on a narrow screen (WCAG 1.4.10), so the page never
    scrolls sideways. The region is focusable (keyboard users scroll it with the arrows)
    and named as scrolling."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% scrollable label %} takes one label")
    nodelist = parser.parse(("endscrollable",))
    parser.delete_first_token()
    return ScrollableNode(parser.compile_filter(bits[1]), nodelist)


def _forms_with_errors(context) -> list:
    """The bound forms of the page (any context variable, formsets included) that have
    errors, in the order the view passed them."""
    from django.forms import BaseForm
    from django.forms.formsets import BaseFormSet

    found, seen = [], set()
    for value in context.flatten().values():
        candidates = []
        if isinstance(value, BaseForm):
            candidates = [value]
        elif isinstance(value, BaseFormSet) and value.is_bound:
            candidates = list(value.forms)
        for form in candidates:
            if id(form) not in seen and form.is_bound and form.errors:
                seen.add(id(form))
                found.append(form)
    return found


def _summary_items(form) -> list[dict]:
    items = []
    for error in form.non_field_errors():
        items.append({"target": f"{form.prefix or 'form'}-errors", "label": "", "message": error})
    for name, errors in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        field = form[name]
        target = field.id_for_label or field.auto_id
        if getattr(field.field.widget, "input_type", "") in ("radio", "checkbox") and (
            field.field.widget.__class__.__name__ != "CheckboxInput"
        ):
            target = f"{field.auto_id}_0"
        if field.is_hidden:
            target = ""
        for error in errors:
            items.append({"target": target, "label": field.label, "message": error})
    return items


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """ "Erreur : " before the page title when a form of the page has errors, so the first
    thing a screen reader (and the tab bar) says is that the save did not happen."""
    from django.utils.translation import gettext

    return gettext("Erreur : ") if _forms_with_errors(context) else ""


@register.inclusion_tag("core/_error_summary.html", takes_context=True)
def error_summary(context):
    from django.utils.translation import ngettext

    items = [item for form in _forms_with_errors(context) for item in _summary_items(form)]
    count = len(items)
    return {
        "items": items,
        "title": ngettext("Il y a %(count)s erreur", "Il y a %(count)s erreurs", count)
        % {"count": count},
    }


@register.filter
def phone(value) -> str:
    """`{{ structure.public_phone|phone }}`: "06 94 12 34 56" (stored +594694123456)."""
    from core.forms import phone_display

    return phone_display(value) if value else ""


@register.filter(name="de")
def of_filter(name) -> str:
    """`{{ structure.name|de }}`: "d'APROSEP", "de Chantier Maroni Insertion"."""
    from core.french import of

    return of(name)


@register.filter(name="le")
def the_filter(word, feminine="") -> str:
    """`{{ structure.kind|le }}`: "l'ACI"; `{{ word|le:"f" }}`: "la …"."""
    from core.french import the

    return the(word, feminine=bool(feminine))


@register.filter
def day(value, style: str = "long") -> str:
    """`{{ event.starts_on|day:"short" }}`: dates written one way everywhere (core.french)."""
    from core.french import date_text

    return date_text(value, style)


@register.filter
def file_size(value) -> str:
    """`{{ document.size|file_size }}`: "850 ko", "2,4 Mo"."""
    from core import french

    return french.file_size(value)


def offline_text_catalogue() -> dict:
    """The sentences static/js/offline.js shows, in the page's language ("{n}": a number,
    "{date}": a date, "{name}": a name)."""
    from django.utils.translation import gettext as _

    return {
        "prepare": _("À emporter"),
        "prepared": _("Sur cet appareil jusqu'au {date}"),
        "unprepare": _("Retirer de cet appareil"),
        "preparing": _("Préparation…"),
        "prepareFailed": _("La préparation a échoué : vérifiez la connexion et réessayez."),
        "prepareRefused": _("Vous n'avez pas accès à cet objet : rien n'est gardé sur l'appareil."),
        "notPrepared": _("Pas encore sur cet appareil."),
        "pendingNone": _("Aucune modification en attente d'envoi."),
        "pendingOne": _("1 modification en attente d'envoi."),
        "pendingMany": _("{n} modifications en attente d'envoi."),
        "sync": _("Synchroniser"),
        "syncing": _("Envoi en cours…"),
        "syncDone": _("Synchronisation terminée."),
        "syncOffline": _("Pas de réseau : vos modifications restent sur cet appareil."),
        "syncLogin": _("Votre session a expiré : reconnectez-vous, puis synchronisez."),
        "syncFailed": _("L'envoi a échoué ; vos modifications restent sur cet appareil."),
        "offlineNotice": _(
            "Hors connexion : chaque saisie est enregistrée sur cet appareil et sera envoyée au "
            "retour du réseau."
        ),
        "draftNotice": _("Saisies de cet appareil pas encore envoyées :"),
        "applied": _("Appliqué"),
        "refused": _("Refusé"),
        "conflict": _("Conflit"),
        "server": _("Sur le serveur"),
        "mine": _("Ma saisie"),
        "keepMine": _("Garder ma saisie"),
        "keepServer": _("Garder la valeur du serveur"),
        "discarded": _("Saisie retirée de l'appareil (copiez-la si besoin) :"),
        "clearResults": _("Effacer ce compte rendu"),
        "results": _("Résultat de la synchronisation"),
        "gridTitle": _("Grille du réseau"),
        "selfLevel": _("Auto-évaluation : {n}"),
        "noLevel": _("Sans niveau"),
        "comment": _("Commentaire"),
        "findings": _("Constats"),
        "strengths": _("Points forts"),
        "weaknesses": _("Points de vigilance"),
        "recommendations": _("Préconisations"),
        "newItems": _("Nouvelles actions du plan de progrès"),
        "openItems": _("Actions en cours du plan de progrès"),
        "axis": _("Axe"),
        "noAxis": _("(aucun)"),
        "objective": _("Objectif"),
        "finding": _("Constat"),
        "actions": _("Actions"),
        "owner": _("Responsable"),
        "dueOn": _("Échéance"),
        "addItem": _("Ajouter l'action"),
        "removeItem": _("Retirer « {name} »"),
        "objectiveRequired": _("Écrivez l'objectif de l'action."),
        "attendanceTitle": _("Personnes présentes"),
        "walkInTitle": _("Ajouter une personne venue sans inscription"),
        "firstName": _("Prénom"),
        "lastName": _("Nom"),
        "structure": _("Structure"),
        "organisation": _("Organisation"),
        "email": _("Adresse e-mail (facultative)"),
        "addWalkIn": _("Ajouter aux présents"),
        "walkInRequired": _("Écrivez le prénom et le nom, et la structure ou l'organisation."),
        "walkIns": _("Venues sans inscription (saisies sur cet appareil)"),
        "answer": _("Réponse « {name} »"),
        "texts": _("Constats de la visite"),
        "item": _("Action « {name} »"),
        "presence": _("Présence de {name}"),
        "walkIn": _("Venue sans inscription : {name}"),
        "present": _("présent·e"),
        "absent": _("absent·e"),
        "profile": _("Structure"),
        "gridSubmitted": _(
            "La grille du réseau de cette visite est transmise : ses niveaux ne se modifient plus."
        ),
        "discard": _("Abandonner cette saisie"),
        "reloadHint": _("Rechargez la page pour y voir les valeurs enregistrées."),
        "attendanceClosed": _("Le relevé des présences de cet événement est clos."),
        "attendanceLater": _(
            "Cochez les présents une fois l'événement commencé : le serveur refuse un relevé "
            "envoyé avant son début."
        ),
    }


@register.simple_tag
def offline_texts():
    """On a page that takes visits or meetings along: the offline module, and its texts as
    JSON that is never run (once per page)."""
    from django.templatetags.static import static
    from django.utils.html import json_script

    return format_html(
        '{}<script src="{}" data-offline-module defer></script>',
        json_script(offline_text_catalogue(), "offline-texts"),
        static("js/offline.js"),
    )


@register.simple_tag
def offline_days() -> int:
    """How many days a prepared visit or meeting stays on a device (MAILLAGE_OFFLINE_DAYS)."""
    from django.conf import settings

    return settings.MAILLAGE_OFFLINE_DAYS
