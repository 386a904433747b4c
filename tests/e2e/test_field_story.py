"""The field story of Guyane, 2019, through the real pages, as one journey on the demo world:

1. regional staff import Guyane SIAE (upload, preview, confirmation, directory) and invite
   the manager of one of them, Atelier du Maroni in Saint-Laurent-du-Maroni;
2. the manager accepts the invitation, fills the profile, the yearly indicators and the
   self-assessment (a draft first, then the whole grid, transmitted);
3. staff record the diagnostic visit, fill the network's grid (shown side by side with the
   self-assessment) and add an action to the structure's progress plan;
4. staff publish a collective meeting in Saint-Laurent-du-Maroni; the manager registers a
   person; after the meeting staff tick attendance, write the minutes with a follow-up and
   publish them;
5. staff write the territorial diagnostic (context, a structuring hypothesis, an action)
   and push the meeting's follow-up into its action plan;
6. staff request the territorial report: it waits until a real Celery worker (a
   subprocess on Redis, tests/worker.py) starts and renders it, and the report page,
   polling its status (js/live.js), turns to ready without a reload; staff share it with
   DIECCTE Guyane;
7. the DIECCTE agent opens the link of the e-mail, logs in and downloads the PDF, which
   holds what was written along the way.

It runs twice. Staff always work with JavaScript and the mouse. The manager and the
DIECCTE agent: in `js-keyboard`, with JavaScript and — the manager — the keyboard alone
(hands.py: Tab, arrows, Space, Enter, typing; a visible focus ring on every stop); in
`no-js-mouse`, JavaScript turned off. axe-core audits every page of the journey (no serious
or critical violation); the staff's pages, the same in both runs, once.
"""

import datetime
import io
import re
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import User
from diagnostics.models import ActionItem, Assessment, Criterion, TerritorialDiagnostic, Visit
from events.models import Event, Minutes
from network.models import Organisation
from reports.models import Report
from structures.models import Structure, YearlyIndicators
from territories.models import Region

from .hands import Keyboard, Mouse
from .steps import assert_no_form_error, invite_manager, select_text, submit

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]

CAYENNE = ZoneInfo("America/Cayenne")
STRUCTURE = "Atelier du Maroni"
MANAGER = {"email": "direction@atelier-maroni.test", "first_name": "Rosana", "last_name": "Tiouka"}
PASSWORD = "Pirogue-sur-le-Maroni-2019"
DESCRIPTION = "Chantier d'insertion en bâtiment et menuiserie à Saint-Laurent-du-Maroni."
MEETING = "Réunion collective à Saint-Laurent-du-Maroni"
FOLLOW_UP = "Organiser une session de formation des encadrants techniques dans l'Ouest"
DIAGNOSTIC = "Diagnostic de l'IAE en Guyane — suivi 2019"
HYPOTHESIS = "Une plateforme commune de formation des encadrants techniques"
TERRITORIAL_ACTION = "Recenser les besoins de formation des SIAE de l'Ouest guyanais"
# Pages audited by an earlier run of the journey in this session.
AUDITED: set = set()


@pytest.fixture
def axe(axe):
    axe.seen = AUDITED
    return axe


def messages_text(session) -> str:
    messages = session.page.locator(".messages")
    return messages.inner_text() if messages.count() else ""


def self_level(index: int) -> int:
    return index % 3 + 1


def network_level(index: int) -> int:
    return index % 3 + 2


def local_input(moment: datetime.datetime) -> str:
    """A datetime-local input's value, Cayenne time."""
    return moment.astimezone(CAYENNE).strftime("%Y-%m-%dT%H:%M")


class Story:
    """The people of the story, each in a browser of their own, and what they made."""

    def __init__(self, world, browsing, axe, *, javascript: bool):
        self.world, self.browsing, self.axe, self.javascript = world, browsing, axe, javascript
        self.staff = browsing()
        self.staff.login(world["guyane"].email)
        self.staff_mouse = Mouse(self.staff)
        self.today = timezone.localdate()

    def staff_opens(self, name: str) -> None:
        """Staff follow a link of the page's content; the page it opens is audited."""
        self.staff_mouse.follow(self.staff.page.locator("main").get_by_role("link", name=name))
        self.axe.check(self.staff)

    def staff_submits(self, fields: dict[str, str]) -> None:
        """Staff type each field (`#id_<name>`: text, number, date) and send the form; it
        is accepted."""
        for name, value in fields.items():
            self.staff.page.locator(f"#id_{name}").fill(value)
        submit(self.staff)
        assert_no_form_error(self.staff)

    # 1. Import and invitation -------------------------------------------------------------

    def staff_import_siae(self, tmp_path) -> None:
        from stdnum import luhn

        def siret(number: int) -> str:
            """A SIRET whose SIREN and whole number pass the Luhn check (never a real one)."""
            siren = f"99{number:06d}"
            siren += luhn.calc_check_digit(siren)
            nic = f"{siren}0001"
            return nic + luhn.calc_check_digit(nic)

        csv = tmp_path / "siae-guyane.csv"
        csv.write_text(
            "nom;type;siret;commune_insee\n"
            f"{STRUCTURE};ACI;{siret(91)};97311\n"
            f"Kourou Solidaire;AI;{siret(92)};97304\n",
            encoding="utf-8",
        )
        staff, page = self.staff, self.staff.page
        staff.goto(reverse("structures:import_upload"))
        self.axe.check(staff)
        page.locator("#id_kind").select_option("structures")
        page.locator("#id_file").set_input_files(str(csv))
        submit(staff)
        preview = page.locator("main").inner_text()
        assert STRUCTURE in preview and "Rejetée" not in preview, preview[:1500]
        self.axe.check(staff)
        submit(staff)
        assert "Import terminé" in page.locator("main").inner_text()
        self.axe.check(staff)
        self.structure = Structure.objects.get(name=STRUCTURE)
        assert self.structure.commune.name == "Saint-Laurent-du-Maroni"
        assert Structure.objects.filter(name="Kourou Solidaire").exists()
        staff.goto(reverse("structures:directory") + "?q=maroni")
        assert STRUCTURE in page.locator("main").inner_text()
        self.axe.check(staff)

    def staff_invite_manager(self) -> None:
        self.invitation = invite_manager(self.staff, self.axe, structure=STRUCTURE, **MANAGER)

    # 2. The manager -----------------------------------------------------------------------

    def manager_accepts_invitation(self) -> None:
        self.manager = self.browsing(javascript=self.javascript)
        self.hands = (Keyboard if self.javascript else Mouse)(self.manager)
        manager, hands, page = self.manager, self.hands, self.manager.page
        manager.goto(self.invitation)
        self.axe.check(manager)
        hands.fill(page.locator("#id_first_name"), MANAGER["first_name"])
        hands.fill(page.locator("#id_last_name"), MANAGER["last_name"])
        hands.fill(page.locator("#id_password1"), PASSWORD)
        hands.fill(page.locator("#id_password2"), PASSWORD)
        hands.press(page.get_by_role("button", name="Créer mon compte"))
        assert manager.path() == reverse("structures:member_home")
        assert "Votre compte est créé" in messages_text(manager)
        assert STRUCTURE in page.get_by_role("heading", level=1).inner_text()
        self.axe.check(manager)
        self.manager_user = User.objects.get(email=MANAGER["email"])
        assert self.manager_user.is_siae_manager
        assert self.manager_user.check_password(PASSWORD)
        assert self.manager_user.structure_memberships.get().structure == self.structure

    def manager_fills_profile(self) -> None:
        manager, hands, page = self.manager, self.hands, self.manager.page
        main = page.locator("main")
        hands.follow(main.get_by_role("link", name="Modifier le profil"))
        assert manager.path() == reverse("structures:structure_edit", args=[self.structure.pk])
        self.axe.check(manager)
        hands.fill(page.locator("#id_description"), DESCRIPTION)
        hands.check(page.get_by_label("Bâtiment, second œuvre"))
        hands.press(main.get_by_role("button", name="Enregistrer"))
        assert "Fiche enregistrée" in messages_text(manager), main.inner_text()[:1500]
        self.structure.refresh_from_db()
        assert self.structure.description == DESCRIPTION
        assert self.structure.sectors == ["batiment"]
        self.axe.check(manager)

    def manager_fills_indicators(self) -> None:
        manager, hands, page = self.manager, self.hands, self.manager.page
        main = page.locator("main")
        hands.follow(main.get_by_role("link", name="Indicateurs", exact=True))
        assert manager.path() == reverse("structures:indicators_edit", args=[self.structure.pk])
        self.axe.check(manager)
        figures = {
            "year": "2019",
            "employees": "24",
            "hours_worked": "21000",
            "etp_realises": "13,5",  # the French decimal comma, typed in the browser
            "exits_durable": "3",
            "exits_transition": "4",
            "exits_positive": "2",
            "exits_other": "3",
        }
        for field, value in figures.items():
            hands.fill(page.locator(f"#id_{field}"), value)
        hands.press(main.get_by_role("button", name="Enregistrer"))
        assert "Indicateurs enregistrés" in messages_text(manager), main.inner_text()[:1500]
        saved = YearlyIndicators.objects.get(structure=self.structure, year=2019)
        assert (saved.employees, saved.exits_durable, float(saved.etp_realises)) == (24, 3, 13.5)

    def manager_fills_self_assessment(self) -> None:
        manager, hands, page = self.manager, self.hands, self.manager.page
        main = page.locator("main")
        hands.follow(main.get_by_role("link", name="Auto-évaluation et plan de progrès"))
        assert manager.path() == reverse("diagnostics:member_home")
        self.axe.check(manager)
        hands.press(main.get_by_role("button", name="Commencer ou reprendre l'auto-évaluation"))
        assessment = Assessment.objects.get(structure=self.structure, kind="self")
        assert manager.path() == reverse("diagnostics:assessment_fill", args=[assessment.pk])
        self.axe.check(manager)
        criteria = self.criteria(page)

        def level(pk: int, value: int):
            return page.locator(f"main input[type=radio][name='level-{pk}'][value='{value}']")

        # A first sitting: half of the grid, kept as a draft.
        half = len(criteria) // 2
        for index, pk in enumerate(criteria[:half]):
            hands.pick(level(pk, self_level(index)))
        hands.fill(page.locator(f"#id_comment-{criteria[0]}"), "Projet écrit, pas encore partagé.")
        hands.press(main.get_by_role("button", name="Enregistrer le brouillon"))
        assert "Brouillon enregistré" in messages_text(manager), main.inner_text()[:1500]
        assert assessment.answers.filter(level__isnull=False).count() == half
        assert level(criteria[0], self_level(0)).is_checked()
        # The second sitting: the rest of the grid and the open questions, transmitted.
        for index, pk in enumerate(criteria[half:], start=half):
            hands.pick(level(pk, self_level(index)))
        questions = main.locator("textarea[id^='id_question-']")
        assert questions.count() >= 1
        for index in range(questions.count()):
            hands.fill(questions.nth(index), "Former les encadrants ; trouver des partenaires.")
        hands.press(main.get_by_role("button", name="Transmettre"))
        # Transmitting cannot be undone: a page says so and asks to confirm.
        assert "ne pourra plus être modifiée" in main.inner_text(), main.inner_text()[:1500]
        self.axe.check(manager)
        hands.press(main.get_by_role("button", name="Confirmer"))
        assert "Évaluation transmise" in messages_text(manager), main.inner_text()[:1500]
        assessment.refresh_from_db()
        assert assessment.is_submitted
        answers = dict(assessment.answers.values_list("criterion_id", "level"))
        assert answers == {pk: self_level(index) for index, pk in enumerate(criteria)}
        self.axe.check(manager)

    def criteria(self, page) -> list[int]:
        """The criteria of the grid on the page, in order (all of the default grid's)."""
        found = page.locator("main fieldset[id^='critere-']").evaluate_all(
            "sets => sets.map(set => Number(set.id.split('-')[1]))"
        )
        assert len(found) == Criterion.objects.filter(axis__grid__is_default=True).count() > 0
        return found

    # 3. The visit -------------------------------------------------------------------------

    def staff_record_visit(self) -> None:
        staff, page = self.staff, self.staff.page
        main = page.locator("main")
        staff.goto(reverse("structures:directory") + "?q=maroni")
        self.staff_opens(STRUCTURE)
        assert staff.path() == reverse("structures:detail", args=[self.structure.pk])
        self.staff_opens("Planifier une visite")
        assert STRUCTURE in main.inner_text()
        held = (self.today - datetime.timedelta(days=2)).isoformat()
        self.staff_submits(
            {
                "planned_on": held,
                "held_on": held,
                "place": f"Locaux de {STRUCTURE}, Saint-Laurent-du-Maroni",
                "structure_participants": "Directrice, encadrant technique",
                "strengths": "Équipe engagée ; carnet de commandes rempli.",
                "weaknesses": "Encadrants peu formés ; sorties peu suivies.",
                "recommendations": "Former les encadrants ; suivre les sorties.",
            }
        )
        assert "Visite enregistrée" in messages_text(staff)
        visit = Visit.objects.get(structure=self.structure)
        assert staff.path() == reverse("diagnostics:visit_detail", args=[visit.pk])
        self.axe.check(staff)

        # The network's grid, level by level.
        self.staff_mouse.press(main.get_by_role("button", name="Remplir la grille du réseau"))
        visit.refresh_from_db()
        assert staff.path() == reverse("diagnostics:assessment_fill", args=[visit.assessment_id])
        self.axe.check(staff)
        criteria = self.criteria(page)
        for index, pk in enumerate(criteria):
            main.locator(f"input[name='level-{pk}'][value='{network_level(index)}']").check()
        page.locator(f"#id_comment-{criteria[0]}").fill("Projet à formaliser avec le bureau.")
        self.staff_mouse.press(main.get_by_role("button", name="Transmettre"))
        self.staff_mouse.press(main.get_by_role("button", name="Confirmer"))
        assert "Évaluation transmise" in messages_text(staff)
        self.axe.check(staff)
        self.staff_opens("Retour à la visite")
        # Self-assessment and network levels side by side, criterion by criterion.
        first = Criterion.objects.get(pk=criteria[0])
        row = main.locator("tr", has=page.locator("th[scope=row]", has_text=first.title))
        assert row.locator("td").all_inner_texts()[:2] == [
            str(self_level(0)),
            str(network_level(0)),
        ]

        # An action of the progress plan, decided at the visit.
        self.staff_opens("Ajouter une action au plan de progrès")
        page.locator("#id_axis").select_option(index=1)
        self.staff_submits(
            {
                "finding": "Les encadrants techniques n'ont pas suivi de formation.",
                "objective": "Former les deux encadrants techniques",
                "actions": "Inscription à la formation régionale des encadrants.",
                "owner": "Direction",
                "due_on": (self.today + datetime.timedelta(days=120)).isoformat(),
            }
        )
        assert "Action ajoutée au plan de progrès" in messages_text(staff)
        item = ActionItem.objects.get(plan__structure=self.structure)
        assert (item.visit, item.objective) == (visit, "Former les deux encadrants techniques")
        assert staff.path() == reverse("diagnostics:action_plan_detail", args=[item.plan_id])
        self.axe.check(staff)

    # 4. The meeting -----------------------------------------------------------------------

    def staff_publish_meeting(self) -> None:
        staff, page = self.staff, self.staff.page
        staff.goto(reverse("events:create"))
        self.axe.check(staff)
        starts = datetime.datetime.combine(
            self.today + datetime.timedelta(days=21), datetime.time(9), tzinfo=CAYENNE
        )
        select_text(page.locator("#id_kind"), "réunion collective")
        page.locator("#id_region").select_option(label="Guyane")
        page.locator("#id_commune").fill("St Laurent du Maroni")
        self.staff_submits(
            {
                "title": MEETING,
                "address": "Sous-préfecture, Saint-Laurent-du-Maroni",
                "starts_at": local_input(starts),
                "ends_at": local_input(starts + datetime.timedelta(hours=3)),
                "capacity": "30",
            }
        )
        self.event = Event.objects.get(title=MEETING)
        staff.goto(reverse("events:detail", args=[self.event.pk]))
        self.staff_opens("Publier")
        submit(staff)
        self.event.refresh_from_db()
        assert self.event.status == "published"
        staff.goto(reverse("events:detail", args=[self.event.pk]))
        # Shown at 9:00, Cayenne time, as everywhere.
        assert re.search(r"\b0?9:00", page.locator("main").inner_text())
        self.axe.check(staff)

    def manager_registers(self) -> None:
        manager, hands, page = self.manager, self.hands, self.manager.page
        main = page.locator("main")
        hands.follow(page.locator("header .navbar-brand"))
        assert manager.path() == reverse("structures:member_home")
        hands.follow(main.get_by_role("link", name=re.compile("^Événements")))
        assert manager.path() == reverse("events:member_home")
        self.axe.check(manager)
        hands.follow(main.get_by_role("link", name=MEETING))
        assert manager.path() == reverse("events:detail", args=[self.event.pk])
        self.axe.check(manager)
        hands.follow(main.get_by_role("link", name="Inscrire une personne"))
        assert manager.path() == reverse("events:register", args=[self.event.pk])
        self.axe.check(manager)
        hands.choose(page.locator("#id_structure"), STRUCTURE)
        hands.fill(page.locator("#id_first_name"), "Jean")
        hands.fill(page.locator("#id_last_name"), "Abienso")
        hands.fill(page.locator("#id_role"), "Encadrant technique")
        hands.fill(page.locator("#id_email"), "encadrement@atelier-maroni.test")
        hands.press(main.get_by_role("button", name="Inscrire"))
        assert_no_form_error(manager)
        registration = self.event.registrations.get()
        assert (registration.structure, registration.last_name) == (self.structure, "Abienso")
        self.axe.check(manager)

    def staff_take_attendance_and_write_minutes(self) -> None:
        staff, page = self.staff, self.staff.page
        main = page.locator("main")
        # The meeting takes place: attendance and minutes come after it.
        Event.objects.filter(pk=self.event.pk).update(
            starts_at=timezone.now() - datetime.timedelta(hours=3),
            ends_at=timezone.now() - datetime.timedelta(hours=1),
        )
        detail = reverse("events:detail", args=[self.event.pk])
        staff.goto(detail)
        self.staff_opens("Relever les présences")
        present = main.locator("input[type=checkbox][name=present]")
        assert present.count() == 1
        present.check()
        submit(staff)
        assert "Présences enregistrées" in main.inner_text()
        assert self.event.registrations.get().attended is True

        staff.goto(detail)
        self.staff_opens("Rédiger le compte rendu")
        page.locator("#id_suivis-0-structure").select_option(label=STRUCTURE)
        self.staff_submits(
            {
                "points": "Présentation des outils d'évaluation ; besoins en formation.",
                "decisions": "Une session de formation des encadrants dans l'Ouest.",
                "suivis-0-action": FOLLOW_UP,
                "suivis-0-owner_name": "Réseau régional",
                "suivis-0-due_on": (self.today + datetime.timedelta(days=60)).isoformat(),
            }
        )
        assert "Compte rendu enregistré" in messages_text(staff)
        assert staff.path() == reverse("events:minutes", args=[self.event.pk])
        assert FOLLOW_UP in main.inner_text()
        self.axe.check(staff)
        self.staff_opens("Publier")
        submit(staff)
        assert "Compte rendu publié" in messages_text(staff)
        assert Minutes.objects.get(event=self.event).published_at is not None

    # 5. The territorial diagnostic --------------------------------------------------------

    def staff_write_territorial_diagnostic(self) -> None:
        staff, page = self.staff, self.staff.page
        main = page.locator("main")
        staff.goto(reverse("diagnostics:territorial_list"))
        self.axe.check(staff)
        self.staff_opens("Nouveau diagnostic")
        page.locator("#id_region").select_option(label="Guyane")
        self.staff_submits(
            {
                "title": DIAGNOSTIC,
                "period_start": "2019-01-01",
                "period_end": "2019-12-31",
                "context": "Suite du diagnostic de février, à la demande de la DIECCTE.",
                "method": "Auto-évaluations, visites, réunions collectives.",
                "issues": "Des encadrants techniques peu formés dans l'Ouest.",
            }
        )
        diagnostic = TerritorialDiagnostic.objects.get(title=DIAGNOSTIC)
        assert staff.path() == reverse("diagnostics:territorial_detail", args=[diagnostic.pk])
        self.axe.check(staff)

        self.staff_opens("Ajouter une hypothèse")
        self.staff_submits(
            {
                "title": HYPOTHESIS,
                "description": "Former ensemble les encadrants des SIAE de l'Ouest.",
                "pros": "Des coûts partagés ; des pratiques communes.",
                "cons": "Les distances entre les communes.",
                "conditions": "Un organisme de formation porteur.",
            }
        )
        self.staff_opens("Ajouter une action")
        self.staff_submits(
            {
                "title": TERRITORIAL_ACTION,
                "owner_name": "Réseau régional",
                "timing": "Premier trimestre",
                "due_on": (self.today + datetime.timedelta(days=90)).isoformat(),
                "indicator": "Nombre de SIAE ayant répondu",
                "funding": "DIECCTE",
            }
        )
        assert staff.path() == reverse("diagnostics:territorial_detail", args=[diagnostic.pk])
        assert HYPOTHESIS in main.inner_text() and TERRITORIAL_ACTION in main.inner_text()

        # The meeting's follow-up goes into the territorial action plan.
        staff.goto(reverse("events:minutes", args=[self.event.pk]))
        self.staff_opens(f"Ajouter au plan d'action : {FOLLOW_UP}")
        page.get_by_label(f"Plan d'action territorial : {DIAGNOSTIC}").check()
        submit(staff)
        assert "Suite ajoutée au plan d'action" in messages_text(staff)
        assert list(diagnostic.actions.values_list("title", flat=True)) == [
            TERRITORIAL_ACTION,
            FOLLOW_UP,
        ]

    # 6. The report, rendered by a worker, shared with DIECCTE ------------------------------

    def staff_request_report(self, worker) -> None:
        staff, page = self.staff, self.staff.page
        staff.goto(reverse("reports:list"))
        self.axe.check(staff)
        self.staff_opens("Demander un rapport")
        guyane = Region.objects.get(code="03")
        with worker.taking_tasks():
            page.locator("#id_kind").select_option("territorial")
            # Staff say which diagnostic the report is built from; its territory follows.
            diagnostic = TerritorialDiagnostic.objects.get(title=DIAGNOSTIC)
            page.locator("#id_diagnostic").select_option(str(diagnostic.pk))
            submit(staff)
            self.report = (
                Report.objects.filter(kind="territorial", region=guyane)
                .order_by("-version")
                .first()
            )
            assert staff.path() == self.report.get_absolute_url()
            # No worker yet: the request waits in Redis, and the page says so.
            assert self.report.status == "queued" and self.report.enqueued_at is not None
            status = page.locator("#report-status")
            assert "attend un serveur de rendu" in status.inner_text()
            self.axe.check(staff)
            page.evaluate("window.stillTheSamePage = true")
            worker.start()
            download = status.get_by_role("link", name=re.compile("Télécharger le PDF"))
            expect(download).to_be_visible(timeout=180_000)
        # The status was put in place by js/live.js: no reload.
        assert page.evaluate("window.stillTheSamePage === true")
        self.report.refresh_from_db()
        assert self.report.status == "ready", self.report.error
        log = worker.log_text(worker.processes[0])
        assert re.search(r"report_render\[[\w-]+\] succeeded", log), log

        # Sharing is offered as soon as the report is ready, on the same page.
        expect(page.get_by_role("link", name="Partager avec un partenaire")).to_be_visible()
        assert page.evaluate("window.stillTheSamePage === true")
        self.staff_opens("Partager avec un partenaire")
        dieccte = Organisation.objects.get(name="DIECCTE Guyane")
        page.locator("#id_organisation").select_option(str(dieccte.pk))
        submit(staff)
        assert_no_form_error(staff)
        assert self.report.shares.filter(organisation=dieccte).exists()

    # 7. The DIECCTE agent -----------------------------------------------------------------

    def dieccte_downloads_report(self) -> None:
        agent_user = self.world["dieccte"]
        sent = [
            m for m in mail.outbox if agent_user.email in m.to and "Rapport partagé" in m.subject
        ]
        assert len(sent) == 1, [(m.to, m.subject) for m in mail.outbox]
        link = urlparse(re.search(r"https?://\S+", sent[0].body).group(0)).path
        assert link == self.report.get_absolute_url()

        agent = self.browsing(javascript=self.javascript)
        page = agent.page
        agent.goto(link)
        assert agent.path().startswith("/accounts/login/")
        agent.sign_in(agent_user.email)
        assert agent.path() == self.report.get_absolute_url()
        self.axe.check(agent)
        with page.expect_download() as info:
            page.locator("main").get_by_role("link", name=re.compile("Télécharger le PDF")).click()
        with open(info.value.path(), "rb") as handle:
            content = handle.read()
        assert content.startswith(b"%PDF-")
        text = " ".join(
            " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split()
        )
        for written in (HYPOTHESIS, TERRITORIAL_ACTION, STRUCTURE):
            assert written in text, f"{written!r} is not in the report"
        assert self.report.downloads.filter(user=agent_user).count() == 1


@pytest.mark.parametrize("javascript", [True, False], ids=["js-keyboard", "no-js-mouse"])
def test_field_story(world, browsing, axe, report_worker, mailoutbox, tmp_path, javascript):
    story = Story(world, browsing, axe, javascript=javascript)
    story.staff_import_siae(tmp_path)
    story.staff_invite_manager()
    story.manager_accepts_invitation()
    story.manager_fills_profile()
    story.manager_fills_indicators()
    story.manager_fills_self_assessment()
    story.staff_record_visit()
    story.staff_publish_meeting()
    story.manager_registers()
    story.staff_take_attendance_and_write_minutes()
    story.staff_write_territorial_diagnostic()
    story.staff_request_report(report_worker)
    story.dieccte_downloads_report()
    axe.assert_clean()
