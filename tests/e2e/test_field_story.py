"""The field story of Guyane, 2019, through the real pages — in chapters, each starting
from the demo world, with axe-core on every page visited:

1. regional staff import Guyane SIAE (upload, preview, confirmation, directory);
2. a manager fills the structure's profile and its yearly indicators (with and without
   JavaScript); the invitation that precedes it is in test_invitation.py;
3. staff publish a collective meeting in Saint-Laurent-du-Maroni, a manager registers
   (without JavaScript too), staff tick attendance;
4. staff request the territorial report, share it with DIECCTE Guyane, and the DIECCTE
   agent, without JavaScript, finds it and downloads the PDF.

Left for later (see the README section of the proof suite): the self-assessment and the
visit with its action plan, the minutes, the territorial diagnostic's writing.
"""

import re

import pytest
from django.urls import NoReverseMatch, reverse

from structures.models import Structure, YearlyIndicators

pytestmark = pytest.mark.django_db(transaction=True)


def url_or_skip(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        pytest.skip(f"{name} does not exist yet")


def submit(session) -> None:
    """Press the main form's submit button (not the header's logout nor the footer's)."""
    page = session.page
    with page.expect_navigation():
        page.locator("main form:not([method=get]) button[type=submit]").first.click()
    page.wait_for_load_state()


def siret(number: int) -> str:
    """A SIRET whose SIREN and whole number pass the Luhn check (never a real one)."""
    from stdnum import luhn

    siren = f"99{number:06d}"
    siren += luhn.calc_check_digit(siren)
    nic = f"{siren}0001"
    return nic + luhn.calc_check_digit(nic)


def select_text(select, pattern: str) -> None:
    """Choose the option whose text matches `pattern`."""
    options = select.locator("option").all_inner_texts()
    matching = [text for text in options if re.search(pattern, text, re.I)]
    assert matching, f"no option matches {pattern!r} in {options}"
    select.select_option(label=matching[0])


def test_staff_import_guyane_siae(world, browsing, axe, tmp_path):
    upload = url_or_skip("structures:import_upload")
    csv = tmp_path / "siae-guyane.csv"
    csv.write_text(
        "nom;type;siret;commune_insee\n"
        f"Atelier du Maroni;ACI;{siret(91)};97311\n"
        f"Kourou Solidaire;AI;{siret(92)};97304\n",
        encoding="utf-8",
    )
    staff = browsing()
    staff.login(world["guyane"].email)
    staff.goto(upload)
    axe.check(staff.page)
    staff.page.locator("#id_kind").select_option("structures")
    staff.page.locator("#id_file").set_input_files(str(csv))
    submit(staff)
    preview = staff.page.locator("main").inner_text()
    axe.check(staff.page)
    if "Atelier du Maroni" not in preview:
        pytest.fail(f"the preview does not list the rows: {preview[:500]}")
    assert "Rejetée" not in preview, preview[:1500]
    submit(staff)
    main = staff.page.locator("main").inner_text()
    axe.check(staff.page)
    assert "Import terminé" in main
    assert Structure.objects.filter(name__in=["Atelier du Maroni", "Kourou Solidaire"]).count() == 2
    staff.goto(reverse("structures:directory") + "?q=maroni")
    assert "Atelier du Maroni" in staff.page.locator("main").inner_text()
    axe.check(staff.page)
    axe.assert_clean()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_manager_fills_profile_and_indicators(world, browsing, axe, javascript):
    aprosep = Structure.objects.get(name="APROSEP")
    edit = url_or_skip("structures:structure_edit", pk=aprosep.pk)
    indicators = url_or_skip("structures:indicators_edit", pk=aprosep.pk)
    manager = browsing(javascript=javascript)
    manager.login(world["siae-a"].email)
    manager.page.get_by_role("link", name=re.compile("modifier", re.I)).first.click()
    manager.page.wait_for_load_state()
    assert manager.path() == edit
    if javascript:
        axe.check(manager.page)
    description = "Chantiers d'insertion en espaces verts et bâtiment à Cayenne depuis 1996."
    manager.page.locator("#id_description").fill(description)
    submit(manager)
    aprosep.refresh_from_db()
    assert aprosep.description == description

    manager.goto(indicators)
    if javascript:
        axe.check(manager.page)
    figures = {
        "year": "2019",
        "employees": "42",
        "hours_worked": "38000",
        "etp_realises": "23.5",
        "exits_durable": "6",
        "exits_transition": "5",
        "exits_positive": "3",
        "exits_other": "6",
    }
    for field, value in figures.items():
        manager.page.locator(f"#id_{field}").fill(value)
    submit(manager)
    assert manager.page.locator(".errorlist").count() == 0, manager.page.locator(
        "main"
    ).inner_text()
    saved = YearlyIndicators.objects.get(structure=aprosep, year=2019)
    assert saved.employees == 42 and saved.exits_durable == 6
    if javascript:
        axe.check(manager.page)
        axe.assert_clean()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_meeting_in_saint_laurent(world, browsing, axe, javascript):
    from events.models import Event

    create = url_or_skip("events:create")
    staff = browsing()
    staff.login(world["guyane"].email)
    staff.goto(create)
    axe.check(staff.page)
    page = staff.page
    select_text(page.locator("#id_kind"), "réunion collective")
    page.locator("#id_title").fill("Réunion collective à Saint-Laurent-du-Maroni")
    page.locator("#id_region").select_option(label="Guyane")
    select_text(page.locator("#id_commune"), "Saint-Laurent-du-Maroni")
    page.locator("#id_address").fill("Sous-préfecture, Saint-Laurent-du-Maroni")
    page.locator("#id_starts_at").fill("2027-02-07T09:00")
    page.locator("#id_ends_at").fill("2027-02-07T12:00")
    page.locator("#id_capacity").fill("30")
    submit(staff)
    assert page.locator(".errorlist").count() == 0, page.locator("main").inner_text()[:1500]
    event = Event.objects.get(title="Réunion collective à Saint-Laurent-du-Maroni")
    staff.goto(reverse("events:publish", kwargs={"pk": event.pk}))
    axe.check(page)
    submit(staff)
    event.refresh_from_db()
    assert event.status == "published"
    # Shown at 9:00, Cayenne time, as everywhere.
    staff.goto(reverse("events:detail", kwargs={"pk": event.pk}))
    assert (
        "9:00" in page.locator("main").inner_text() or "09:00" in page.locator("main").inner_text()
    )
    axe.check(page)

    manager = browsing(javascript=javascript)
    manager.login(world["siae-b"].email)
    manager.goto(reverse("events:register", kwargs={"pk": event.pk}))
    if javascript:
        axe.check(manager.page)
    select_text(manager.page.locator("#id_structure"), "Chantier Maroni Insertion")
    manager.page.locator("#id_first_name").fill("Jean")
    manager.page.locator("#id_last_name").fill("Abienso")
    manager.page.locator("#id_role").fill("Directeur")
    manager.page.locator("#id_email").fill("direction@chantier-maroni.test")
    submit(manager)
    errors = manager.page.locator(".errorlist")
    assert errors.count() == 0, errors.evaluate_all("els => els.map(e => e.id + e.innerText)")
    assert event.registrations.count() == 1

    # The meeting takes place: time passes (attendance is ticked after it).
    from datetime import timedelta

    from django.utils import timezone

    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    staff.goto(reverse("events:attendance", kwargs={"pk": event.pk}))
    axe.check(page)
    checkboxes = page.locator("main input[type=checkbox][name=present]")
    assert checkboxes.count() == 1
    checkboxes.first.check()
    submit(staff)
    assert "Présences enregistrées" in page.locator("main").inner_text(), page.locator(
        "main"
    ).inner_text()[:800]
    registration = event.registrations.get()
    assert registration.attended is True
    axe.assert_clean()


def test_report_shared_with_dieccte_is_downloaded_without_javascript(world, browsing, axe):
    from network.models import Organisation, Region
    from reports.models import Report

    request = url_or_skip("reports:request")
    guyane = Region.objects.get(code="03")
    staff = browsing()
    staff.login(world["guyane"].email)
    staff.goto(request)
    axe.check(staff.page)
    staff.page.locator("#id_kind").select_option("territorial")
    staff.page.locator("#id_region").select_option(label="Guyane")
    submit(staff)  # tasks run in-process here: the report is rendered before the answer
    report = Report.objects.filter(kind="territorial", region=guyane).order_by("-version").first()
    assert report.status == "ready", report.error
    assert staff.path() == report.get_absolute_url()
    axe.check(staff.page)
    staff.page.get_by_role("link", name=re.compile("partager", re.I)).first.click()
    staff.page.wait_for_load_state()
    axe.check(staff.page)
    dieccte = Organisation.objects.get(name="DIECCTE Guyane")
    staff.page.locator("#id_organisation").select_option(str(dieccte.pk))
    submit(staff)
    assert report.shares.filter(organisation=dieccte).exists()

    agent = browsing(javascript=False)
    agent.login(world["dieccte"].email)
    agent.goto(reverse("reports:partner_list"))
    download = reverse("reports:download", kwargs={"pk": report.pk})
    link = agent.page.locator(f"main a[href='{download}']")
    assert link.count() == 1, agent.page.locator("main").inner_text()
    with agent.page.expect_download() as info:
        link.click()
    path = info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert report.downloads.filter(user=world["dieccte"]).count() == 1
    axe.assert_clean()
