"""Field work without network, in Chromium: a visit and a meeting prepared online, filled
offline (the service worker serves their pages, IndexedDB keeps the drafts), sent on
return; a conflict chosen by the user; access lost meanwhile. The live server answers on
localhost, a secure context where service workers run."""

import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

WAIT_SW = "navigator.serviceWorker.ready.then(() => true)"
BUNDLES = """new Promise((resolve) => {
  const open = indexedDB.open("maillage-offline");
  open.onsuccess = () => {
    const request = open.result.transaction("bundles").objectStore("bundles").getAllKeys();
    request.onsuccess = () => { resolve(request.result); open.result.close(); };
  };
})"""
PAGES = "caches.open('maillage-pages').then((c) => c.keys()).then((k) => k.map((r) => r.url))"


def _new_visit(structure="Mana Solidarité"):
    from diagnostics.models import Visit
    from structures.models import Structure

    return Visit.objects.create(
        structure=Structure.objects.get(name=structure), planned_on="2019-02-07", place="Mana"
    )


def _criteria():
    from diagnostics.models import Criterion, Grid

    grid = Grid.objects.get(is_default=True)
    return list(
        Criterion.objects.filter(axis__grid=grid)
        .select_related("axis")
        .order_by("axis__order", "order")
    )


def _prepare(session, path):
    """Open the page online, take it "à emporter", wait for the service worker."""
    assert urlsplit(session.base_url).hostname in ("localhost", "127.0.0.1")
    session.goto(path)
    assert session.page.evaluate(WAIT_SW)
    session.page.get_by_role("button", name="À emporter").click()
    session.page.get_by_role("button", name="Retirer de cet appareil").wait_for()


def _pending(page, count):
    expected = (
        f"{count} modifications en attente d'envoi."
        if count > 1
        else "1 modification en attente d'envoi."
    )
    page.locator("[data-offline-panel] [data-offline-pending]").filter(has_text=expected).wait_for()


def _synced(page):
    page.locator("[data-offline-message]").filter(has_text="Synchronisation terminée.").wait_for()


def _add_item(page, objective, finding):
    form = page.locator("[data-offline-item-form]")
    form.get_by_label("Objectif").fill(objective)
    form.get_by_label("Constat").fill(finding)
    form.get_by_role("button", name="Ajouter l'action").click()
    page.locator("[data-offline-items-draft]").get_by_text(objective, exact=True).wait_for()


def test_a_visit_filled_offline_is_sent_once_on_return(world, browsing, axe):
    from core.models import SyncChange
    from diagnostics.models import ActionItem, Answer

    visit = _new_visit()
    criteria = _criteria()
    session = browsing()
    session.page.set_viewport_size({"width": 390, "height": 844})
    session.login(world["guyane"].email)
    path = f"/diagnostics/visites/{visit.pk}/"
    _prepare(session, path)
    context, page = session.context, session.page

    context.set_offline(True)
    page.reload()
    editor = page.locator("[data-offline-editor]")
    editor.get_by_text("Hors connexion : chaque saisie est enregistrée").wait_for()
    for index, criterion in enumerate(criteria):
        group = editor.locator(f"[data-criterion='{criterion.pk}']")
        group.get_by_label(re.compile(rf"^{1 + index % 4} : ")).check()
    editor.locator(f"[data-criterion='{criteria[0].pk}']").get_by_label("Commentaire").fill(
        "Projet associatif écrit, à partager"
    )
    editor.get_by_label("Points forts").fill("Ancrage sur le fleuve")
    _add_item(page, "Formaliser le projet social", "Projet non écrit")
    _add_item(page, "Former l'encadrement technique", "Encadrants sans formation")
    waiting = len(criteria) + 3  # the answers, the findings, the two items
    _pending(page, waiting)
    axe.check(page)

    # The browser closed and opened again, still without network: the drafts are there.
    page.close()
    page = context.new_page()
    session.page = page
    page.on("console", session._on_console)
    page.goto(session.url(path))
    _pending(page, waiting)
    editor = page.locator("[data-offline-editor]")
    assert (
        editor.locator(f"[data-criterion='{criteria[1].pk}']")
        .get_by_label(re.compile(r"^2 : "))
        .is_checked()
    )
    assert editor.get_by_label("Points forts").input_value() == "Ancrage sur le fleuve"
    assert page.locator("[data-offline-items-draft] li").count() == 2

    sent = []
    page.on(
        "request",
        lambda request: (
            request.method == "POST"
            and "synchronisation" in request.url
            and sent.append(request.post_data)
        ),
    )
    context.set_offline(False)
    _synced(page)
    page.get_by_text("Aucune modification en attente d'envoi.").first.wait_for()
    assert len(sent) == 1 and len(sent[0]) < 12_000, (len(sent), sent and len(sent[0]))

    visit.refresh_from_db()
    assert visit.strengths == "Ancrage sur le fleuve"
    answers = Answer.objects.filter(assessment=visit.assessment)
    assert answers.count() == len(criteria)
    assert answers.get(criterion=criteria[0]).comment == "Projet associatif écrit, à partager"
    assert sorted(ActionItem.objects.filter(visit=visit).values_list("objective", flat=True)) == [
        "Formaliser le projet social",
        "Former l'encadrement technique",
    ]
    applied = SyncChange.objects.count()

    # The same request sent again (a retry after a lost answer) changes nothing.
    again = page.request.post(
        session.url("/diagnostics/visites/synchronisation/"),
        data=sent[0],
        headers={"Content-Type": "application/json", "X-CSRFToken": _csrf(context)},
    )
    assert again.status == 200
    assert {r["status"] for r in again.json()["results"]} == {"applied"}
    assert Answer.objects.filter(assessment=visit.assessment).count() == len(criteria)
    assert ActionItem.objects.filter(visit=visit).count() == 2
    assert SyncChange.objects.count() == applied
    axe.check(page)
    axe.assert_clean()


def _csrf(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")


def test_a_meeting_attendance_with_a_walk_in_is_sent_once(world, browsing, axe):
    from datetime import timedelta

    from events.models import Registration
    from tests.events.factories import EventFactory, RegistrationFactory

    starts = timezone.now() - timedelta(hours=1)
    event = EventFactory(
        title="Réunion collective de Saint-Laurent",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
    )
    here = RegistrationFactory(event=event, first_name="Ana", last_name="Pinas")
    away = RegistrationFactory(event=event, first_name="Léo", last_name="Doudou")
    session = browsing()
    session.login(world["guyane"].email)
    path = f"/evenements/{event.pk}/presences/"
    _prepare(session, path)
    context, page = session.context, session.page

    context.set_offline(True)
    page.reload()
    editor = page.locator("[data-offline-editor]")
    editor.get_by_label(re.compile("^Ana Pinas")).check()
    walk_in = editor.locator("[data-offline-walk-in]")
    walk_in.get_by_label("Prénom").fill("Marie")
    walk_in.get_by_label("Nom", exact=True).fill("Abienso")
    walk_in.get_by_label("Organisation").fill("Mission locale de l'Ouest guyanais")
    walk_in.get_by_role("button", name="Ajouter aux présents").click()
    editor.get_by_text("Marie Abienso").first.wait_for()
    _pending(page, 2)
    axe.check(page)
    axe.assert_clean()

    page.close()
    page = context.new_page()
    session.page = page
    page.on("console", session._on_console)
    page.goto(session.url(path))
    _pending(page, 2)
    assert page.locator("[data-offline-editor]").get_by_label(re.compile("^Ana Pinas")).is_checked()

    sent = []
    page.on(
        "request",
        lambda request: (
            request.method == "POST"
            and "synchronisation" in request.url
            and sent.append(request.post_data)
        ),
    )
    context.set_offline(False)
    _synced(page)
    here.refresh_from_db()
    away.refresh_from_db()
    assert (here.attended, away.attended) == (True, False)
    walk_ins = Registration.objects.filter(event=event, walk_in=True)
    assert [(r.full_name, r.attended) for r in walk_ins] == [("Marie Abienso", True)]

    again = page.request.post(
        session.url("/evenements/synchronisation/"),
        data=sent[0],
        headers={"Content-Type": "application/json", "X-CSRFToken": _csrf(context)},
    )
    assert {r["status"] for r in again.json()["results"]} == {"applied"}
    assert Registration.objects.filter(event=event).count() == 3


def test_a_conflict_shows_both_values_and_saves_the_one_chosen(world, browsing):
    from diagnostics import services
    from diagnostics.models import Answer

    visit = _new_visit()
    criterion = _criteria()[0]
    session = browsing()
    session.login(world["guyane"].email)
    path = f"/diagnostics/visites/{visit.pk}/"
    _prepare(session, path)
    context, page = session.context, session.page

    context.set_offline(True)
    page.reload()
    group = page.locator(f"[data-offline-editor] [data-criterion='{criterion.pk}']")
    group.get_by_label(re.compile(r"^2 : ")).check()
    group.get_by_label("Commentaire").fill("Vu sur place")
    _pending(page, 1)

    # Meanwhile a colleague fills the same criterion online.
    assessment = services.visit_assessment_start(visit=visit, by=world["reseau"])
    services.assessment_save(
        assessment=assessment, answers={criterion.pk: (4, "Vu au siège")}, by=world["reseau"]
    )

    context.set_offline(False)
    conflict = page.locator("[data-offline-result='conflict']")
    conflict.wait_for()
    assert "4 — Vu au siège" in conflict.locator("[data-side='server']").inner_text()
    assert "2 — Vu sur place" in conflict.locator("[data-side='mine']").inner_text()
    assert Answer.objects.get(assessment=assessment, criterion=criterion).level == 4

    conflict.get_by_role("button", name="Garder ma saisie").click()
    page.locator("[data-offline-result='applied']").first.wait_for()
    assert page.locator("[data-offline-result='conflict']").count() == 0
    answer = Answer.objects.get(assessment=assessment, criterion=criterion)
    assert (answer.level, answer.comment) == (2, "Vu sur place")


def test_access_lost_meanwhile_refuses_the_change_and_clears_the_copy(world, browsing):
    from diagnostics.models import Answer

    visit = _new_visit()
    criterion = _criteria()[0]
    staff = world["guyane"]
    session = browsing()
    session.login(staff.email)
    path = f"/diagnostics/visites/{visit.pk}/"
    _prepare(session, path)
    context, page = session.context, session.page
    assert page.evaluate(BUNDLES) == [f"visit:{visit.pk}"]
    # After access is lost, the device asks for its copy again and gets a 404.
    session.expected_errors.add(session.url(f"/diagnostics/visites/{visit.pk}/hors-connexion.json"))

    context.set_offline(True)
    page.reload()
    page.locator(f"[data-offline-editor] [data-criterion='{criterion.pk}']").get_by_label(
        re.compile(r"^3 : ")
    ).check()
    _pending(page, 1)

    staff.regions.clear()  # no longer covers Guyane

    context.set_offline(False)
    refused = page.locator("[data-offline-result='refused']")
    refused.wait_for()
    assert "vous n'y avez plus accès" in refused.inner_text()
    assert "Saisie retirée de l'appareil" in refused.inner_text()
    page.get_by_text("Aucune modification en attente d'envoi.").first.wait_for()
    assert page.evaluate(BUNDLES) == []
    assert page.evaluate(PAGES) == []
    assert not Answer.objects.filter(assessment__visit=visit).exists()


def test_pages_not_prepared_show_the_offline_page(world, browsing):
    session = browsing()
    session.login(world["guyane"].email)
    session.goto("/diagnostics/visites/")
    assert session.page.evaluate(WAIT_SW)
    manifest = session.page.request.get(session.url("/manifest.webmanifest")).json()
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    session.context.set_offline(True)
    session.page.goto(session.url("/reseau/structures/"))
    assert session.page.get_by_role("heading", level=1).inner_text() == "Hors connexion"
    assert "n'a pas été préparée" in session.page.locator("main").inner_text()
    session.context.set_offline(False)


def test_without_javascript_the_visit_page_says_offline_needs_it(world, browsing):
    visit = _new_visit()
    session = browsing(javascript=False)
    session.login(world["guyane"].email)
    session.goto(f"/diagnostics/visites/{visit.pk}/")
    text = session.page.locator("main").inner_text()
    assert "Le travail hors connexion a besoin de JavaScript" in text
    assert not session.page.get_by_role("button", name="À emporter").is_visible()
    # the online pages still work: the grid starts without a script
    session.page.get_by_role("button", name="Remplir la grille du réseau").click()
    assert "/saisie/" in session.path()
