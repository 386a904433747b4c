import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from benchmarks.targets import MAX_QUERIES
from diagnostics import services
from diagnostics.models import TerritorialDiagnostic
from structures.figures import definitions, territory_figures
from structures.models import Convention, Structure, YearlyIndicators
from structures.rates import exit_rates
from territories.models import Commune, Region
from tests.factories import UserFactory
from tests.network.factories import CampaignFactory

from .factories import REQUEST_SAVEPOINTS, assessment, guyane_staff, logged_in, small_grid

pytestmark = pytest.mark.django_db

START, END = datetime.date(2018, 12, 1), datetime.date(2019, 2, 15)


def _populate(count, *, commune="97302", kind="ACI", prefix="S"):
    """`count` structures in a Guyane commune, each with a 2018 convention and indicators."""
    commune = Commune.objects.select_related("departement").get(insee_code=commune)
    structures = Structure.objects.bulk_create(
        Structure(name=f"{prefix} {n}", kind=kind, commune=commune, departement=commune.departement)
        for n in range(count)
    )
    Convention.objects.bulk_create(
        Convention(
            structure=s,
            year=2018,
            number=f"ACI973180{n:03d}A0M0",
            starts_on=datetime.date(2018, 1, 1),
            ends_on=datetime.date(2018, 12, 31),
            etp_conventionnes=Decimal("10.00"),
        )
        for n, s in enumerate(structures)
    )
    YearlyIndicators.objects.bulk_create(
        YearlyIndicators(
            structure=s,
            year=2018,
            employees=20,
            etp_realises=Decimal("8.00"),
            hired_rsa=5,
            exits_durable=2,
            exits_transition=3,
            exits_positive=1,
            exits_other=4,
            exits_neutralised=1,
        )
        for s in structures
    )
    return structures


def _diagnostic():
    return TerritorialDiagnostic.objects.create(
        region=Region.objects.get(code="03"),
        title="Guyane test",
        period_start=START,
        period_end=END,
    )


def test_figures_are_sums_computed_in_the_database():
    _populate(3, kind="ACI", prefix="Cayenne")
    _populate(2, commune="97311", kind="EI", prefix="Ouest")
    _populate(1, commune="14118", kind="AI", prefix="Caen")  # Normandie: left out
    grid = small_grid()
    structure = Structure.objects.get(name="Cayenne 0")
    in_period = datetime.datetime(2019, 2, 1, 12, tzinfo=datetime.UTC)
    assessment(structure=structure, grid=grid, submitted=True, submitted_at=in_period)
    assessment(structure=structure, grid=grid, submitted=True)  # after the period: left out

    with CaptureQueriesContext(connection) as queries:
        figures = territory_figures(
            region=Region.objects.get(code="03"), period_start=START, period_end=END
        )

    assert len(queries) <= 16
    assert figures["structures"]["total"] == 5
    assert {row["kind"]: row["count"] for row in figures["structures"]["by_kind"]} == {
        "ACI": 3,
        "EI": 2,
    }
    assert {r["commune"]: r["count"] for r in figures["structures"]["by_commune"]} == {
        "Cayenne": 3,
        "Saint-Laurent-du-Maroni": 2,
    }
    year = figures["years"][-1]
    assert year["year"] == figures["reference_year"] == 2018
    assert year["etp_conventionnes"] == "50.00" and year["etp_realises"] == "40.00"
    assert year["occupancy"] == "80.0"
    assert year["hired_rsa"] == 25 and year["declared"] == 5
    expected = exit_rates(durable=10, transition=15, positive=5, other=20)
    assert year["exits_counted"] == expected.counted == 50
    assert year["exits_total"] == 55  # with the 5 neutralised exits
    assert Decimal(year["durable_rate"]) == expected.durable * 100
    assert year["dynamic_rate"] == "60.0"
    # The years before the reference year were not declared: nothing, not zeros.
    assert figures["years"][0]["declared"] == 0 and figures["years"][0]["employees"] is None
    assert [row["self"] for row in figures["scores"]] == [2.0, 2.0]


def test_each_year_reads_the_annexe_financiere_in_force_that_year():
    """A signed annexe counts in its year, an ended one too, a filed one never; each year of
    the per-SIAE table reads its own (one structure, three years, three annexes)."""
    (structure,) = _populate(1)  # its 2018 annexe: signed, 10 ETP
    for year, status, etp in [(2016, "ended", "4.00"), (2017, "filed", "6.00")]:
        Convention.objects.create(
            structure=structure,
            year=year,
            number=f"ACI97318{year}A0M0",
            starts_on=datetime.date(year, 1, 1),
            ends_on=datetime.date(year, 12, 31),
            etp_conventionnes=Decimal(etp),
            status=status,
        )
    figures = territory_figures(
        region=Region.objects.get(code="03"),
        period_start=START,
        period_end=END,
        reference_year=2018,
    )
    assert [(row["year"], row["etp_conventionnes"]) for row in figures["years"]] == [
        (2016, "4.00"),
        (2017, None),
        (2018, "10.00"),
    ]
    assert [row["conventions"] for row in figures["years"]] == [1, 0, 1]
    assert figures["by_siae"][0]["etp_conventionnes"] == "10.00"


def test_scores_count_the_assessments_submitted_on_the_days_of_the_period_in_local_time():
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from diagnostics.enums import AssessmentKind

    grid = small_grid()
    inside, before, after = _populate(3)
    cayenne = ZoneInfo("America/Cayenne")  # UTC-3
    for structure, submitted_at, level in [
        # 15 February, 23:30 in Cayenne (already the 16th in UTC): the last day, counted
        (inside, datetime.datetime(2019, 2, 15, 23, 30, tzinfo=cayenne), 4),
        # 30 November, 23:30 in Cayenne (1 December in UTC): the day before, left out
        (before, datetime.datetime(2018, 11, 30, 23, 30, tzinfo=cayenne), 1),
        # 16 February, 00:30 in Cayenne: the day after, left out
        (after, datetime.datetime(2019, 2, 16, 0, 30, tzinfo=cayenne), 1),
    ]:
        assessment(
            structure=structure,
            grid=grid,
            kind=AssessmentKind.SELF,
            submitted=True,
            submitted_at=submitted_at,
            levels=dict.fromkeys(grid.axes.first().criteria.all(), level),
        )
    with timezone.override(cayenne):
        figures = territory_figures(
            region=Region.objects.get(code="03"), period_start=START, period_end=END
        )
    assert [(row["self"], row["self_structures"]) for row in figures["scores"]] == [(4.0, 1)]


def test_the_page_costs_the_same_number_of_queries_at_20_and_1000_structures(login):
    diagnostic = _diagnostic()
    client = login(guyane_staff())
    url = reverse("diagnostics:territorial_detail", args=[diagnostic.pk])
    _populate(20)
    with CaptureQueriesContext(connection) as small:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["figures"]["structures"]["total"] == 20
    _populate(980, prefix="Plus")
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.context["figures"]["structures"]["total"] == 1000
    assert response.context["figures"]["years"][-1]["etp_conventionnes"] == "10000.00"
    assert len(large) == len(small)


def _every_section(diagnostic, structures, *, grid, campaign):
    """Each structure with what fills a section of the diagnostic's page: an adhesion, a
    self-assessment, a visit with a partner, two accompaniments, a partner met, a meeting held
    with people of the structure and of the partner present, one to come; and the
    diagnostic with a hypothesis and an action each."""
    from diagnostics.enums import AccompanimentKind
    from diagnostics.models import Accompaniment, Hypothesis, TerritorialAction, Visit
    from tests.events.factories import EventFactory, RegistrationFactory, cayenne
    from tests.factories import OrganisationFactory
    from tests.network.factories import AdhesionFactory, InteractionFactory

    held_at = datetime.datetime(2019, 2, 5, 9, tzinfo=datetime.UTC)
    for n, structure in enumerate(structures):
        AdhesionFactory(campaign=campaign, structure=structure, status="member")
        assessment(structure=structure, grid=grid, submitted=True, submitted_at=held_at)
        partner = OrganisationFactory(name=f"Partenaire de {structure.name}")
        visit = Visit.objects.create(structure=structure, planned_on=START, held_on=START)
        visit.partner_participants.add(partner)
        InteractionFactory(occurred_on=END).organisations.add(partner)
        for kind in (AccompanimentKind.DLA, AccompanimentKind.TRAINING):
            Accompaniment.objects.create(
                structure=structure, kind=kind, title=f"{kind} {n}", started_on=START
            )
        meeting = EventFactory(
            starts_at=held_at, departement=structure.departement, commune=structure.commune
        )
        RegistrationFactory(event=meeting, structure=structure, attended=True)
        RegistrationFactory(event=meeting, organisation=partner, attended=True)
        RegistrationFactory(event=meeting, structure=structure, attended=False)
        EventFactory(starts_at=cayenne(10 + n), departement=structure.departement)
        Hypothesis.objects.create(diagnostic=diagnostic, order=n, title=f"Hypothèse {n}")
        TerritorialAction.objects.create(diagnostic=diagnostic, order=n, title=f"Action {n}")


def test_the_page_with_every_section_costs_at_most_15_queries_at_any_size():
    """A query per structure, meeting, attendee or partner would show between 3 and 30 of
    each: the page reads each source once, whatever their number."""
    # A period that runs until after today, so that meetings are held and to come.
    diagnostic = TerritorialDiagnostic.objects.create(
        region=Region.objects.get(code="03"),
        title="Guyane, toutes les sections",
        period_start=START,
        period_end=timezone.localdate() + datetime.timedelta(days=60),
        reference_year=2018,
    )
    grid = small_grid()
    campaign = CampaignFactory(
        year=2018, opened_at=datetime.datetime(2018, 1, 2, tzinfo=datetime.UTC)
    )
    url = reverse("diagnostics:territorial_detail", args=[diagnostic.pk])
    clients = [logged_in(guyane_staff()), logged_in(UserFactory(national=True))]

    def page_costs():
        costs = []
        for client in clients:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200
            costs.append(len(queries))
        return costs, response.context["figures"]

    _every_section(diagnostic, _populate(3), grid=grid, campaign=campaign)
    small, figures = page_costs()
    assert figures["meetings"]["held"] == figures["meetings"]["upcoming"] == 3
    assert figures["meetings"]["present"] == 6
    assert len(figures["activity"]["partners_met"]) == figures["activity"]["visits"] == 3
    assert figures["activity"]["accompaniments_total"] == 6
    assert figures["members"]["members"] == 3
    assert figures["years"][-1]["etp_conventionnes"] == "30.00"

    _every_section(diagnostic, _populate(27, prefix="Plus"), grid=grid, campaign=campaign)
    large, figures = page_costs()
    assert figures["meetings"]["held"] == figures["meetings"]["upcoming"] == 30
    assert figures["meetings"]["present"] == 60
    assert len(figures["activity"]["partners_met"]) == figures["activity"]["visits"] == 30
    assert figures["activity"]["partners_total"] == 30
    assert figures["activity"]["accompaniments"] == [
        {"kind": "dla", "label": "DLA (dispositif local d'accompagnement)", "count": 30},
        {"kind": "training", "label": "Formation", "count": 30},
    ]
    assert figures["members"]["members"] == 30
    assert figures["years"][-1]["etp_conventionnes"] == "300.00"
    assert large == small
    assert max(large) <= MAX_QUERIES + REQUEST_SAVEPOINTS


def test_meetings_beyond_the_listed_number_are_counted_not_listed(monkeypatch):
    """The held and the upcoming meetings are listed up to MEETINGS_LISTED each, in date
    order; their counts are those of every meeting of the period."""
    from events import figures as events_figures
    from tests.events.factories import EventFactory, RegistrationFactory

    monkeypatch.setattr(events_figures, "MEETINGS_LISTED", 2)
    start, end = datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)
    as_of = datetime.datetime(2019, 6, 1, 12, tzinfo=datetime.UTC)
    for day in (3, 1, 2):
        held = EventFactory(
            title=f"Tenue le {day}", starts_at=datetime.datetime(2019, 5, day, tzinfo=datetime.UTC)
        )
        RegistrationFactory(event=held, attended=True)
        EventFactory(
            title=f"À venir le {day}",
            starts_at=datetime.datetime(2019, 9, day, tzinfo=datetime.UTC),
        )
    meetings = territory_figures(
        region=Region.objects.get(code="03"), period_start=start, period_end=end, as_of=as_of
    )["meetings"]
    assert meetings["held"] == meetings["upcoming"] == 3
    assert [row["title"] for row in meetings["held_rows"]] == ["Tenue le 1", "Tenue le 2"]
    assert [row["present"] for row in meetings["held_rows"]] == [1, 1]
    assert [row["title"] for row in meetings["upcoming_rows"]] == ["À venir le 1", "À venir le 2"]


def test_freezing_keeps_the_figures_as_they_were(login):
    diagnostic = _diagnostic()
    _populate(4)
    client = login(guyane_staff())
    freeze = reverse("diagnostics:territorial_freeze", args=[diagnostic.pk])
    confirm = client.get(freeze)
    assert confirm.status_code == 200 and "Confirmer" in confirm.content.decode()
    assert client.post(freeze).status_code == 302
    diagnostic.refresh_from_db()
    assert diagnostic.is_frozen
    assert diagnostic.frozen_figures["structures"]["total"] == 4

    _populate(6, prefix="Après")
    response = client.get(reverse("diagnostics:territorial_detail", args=[diagnostic.pk]))
    assert response.context["figures"]["structures"]["total"] == 4
    assert "Chiffres figés le" in response.content.decode()
    with pytest.raises(services.DiagnosticsError):
        services.territorial_diagnostic_freeze(diagnostic=diagnostic, by=None)
    # texts are locked too
    assert (
        client.get(reverse("diagnostics:territorial_edit", args=[diagnostic.pk])).status_code == 403
    )


def test_staff_write_issues_hypotheses_and_actions(login):
    diagnostic = _diagnostic()
    client = login(guyane_staff())
    client.post(
        reverse("diagnostics:hypothesis_create", args=[diagnostic.pk]),
        {
            "order": 1,
            "title": "Un réseau régional",
            "pros": "Un interlocuteur",
            "cons": "Moyens",
            "conditions": "Financement d'amorçage",
        },
    )
    client.post(
        reverse("diagnostics:territorial_action_create", args=[diagnostic.pk]),
        {
            "order": 1,
            "title": "Assemblée constitutive",
            "owner_name": "SIAE fondatrices",
            "timing": "Fin 2019",
            "indicator": "Statuts déposés",
            "funding": "FDI",
            "status": "planned",
        },
    )
    page = client.get(reverse("diagnostics:territorial_detail", args=[diagnostic.pk]))
    html = page.content.decode()
    assert "Un réseau régional" in html and "Financement d&#x27;amorçage" in html
    assert "Assemblée constitutive" in html and "Statuts déposés" in html


def test_the_demo_diagnostic_of_guyane(demo, login):
    diagnostic = TerritorialDiagnostic.objects.get(region__code="03")
    assert (diagnostic.period_start, diagnostic.period_end) == (START, END)
    assert diagnostic.hypotheses.count() == 3 and diagnostic.actions.count() >= 3
    response = login(demo["guyane"]).get(
        reverse("diagnostics:territorial_detail", args=[diagnostic.pk])
    )
    figures = response.context["figures"]
    assert figures["activity"]["visits"] == 13  # 12 SIAE and the PTCE in Dec–Feb
    assert len(figures["scores"]) == 6
    assert (
        login(demo["dieccte"])
        .get(reverse("diagnostics:territorial_detail", args=[diagnostic.pk]))
        .status_code
        == 404
    )


def test_the_figures_are_defined_on_one_page_the_diagnostics_link_to(login):
    """The definitions are the same for every diagnostic (and printed in its report): the
    diagnostic's page links to them instead of carrying a copy."""
    client = login(guyane_staff())
    page = client.get(reverse("diagnostics:territorial_detail", args=[_diagnostic().pk]))
    html = page.content.decode()
    url = reverse("diagnostics:territorial_definitions")
    assert html.count(f'href="{url}"') == 2  # beside the figures, and at the end
    assert str(definitions()[0].text) not in html.replace("&#x27;", "'")
    html = client.get(url).content.decode().replace("&#x27;", "'")
    for definition in definitions():
        assert f'<dt id="{definition.key}">{definition.label}</dt>' in html
        assert str(definition.text) in html
        if definition.source:
            assert f"Source : {definition.source}." in html
    assert "Heures de formation" not in html  # a figure of one structure, not of a territory


def test_deleting_a_hypothesis_asks_for_confirmation_first(login):
    diagnostic = _diagnostic()
    hypothesis = diagnostic.hypotheses.create(order=1, title="Mutualiser")
    url = reverse("diagnostics:hypothesis_delete", args=[hypothesis.pk])
    from .factories import normandie_staff

    assert login(normandie_staff()).post(url).status_code == 404
    client = login(guyane_staff())
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Confirmer" in confirm.content.decode()
    assert diagnostic.hypotheses.exists()
    assert client.post(url).status_code == 302
    assert not diagnostic.hypotheses.exists()


def test_meetings_held_in_the_period_are_listed():
    from tests.events.factories import EventFactory

    in_period = datetime.datetime(2019, 2, 5, 9, tzinfo=datetime.UTC)
    EventFactory(title="Réunion des SIAE de l'Ouest", starts_at=in_period)
    EventFactory(title="Annulée", starts_at=in_period, status="cancelled")
    EventFactory(title="Plus tard", starts_at=datetime.datetime(2019, 6, 1, tzinfo=datetime.UTC))
    figures = territory_figures(
        region=Region.objects.get(code="03"), period_start=START, period_end=END
    )
    assert figures["meetings"]["held"] == 1
    assert [(row["title"], row["date"]) for row in figures["meetings"]["held_rows"]] == [
        ("Réunion des SIAE de l'Ouest", "2019-02-05")
    ]


def test_a_snapshot_frozen_with_the_scores_only_is_never_printed_as_frozen(login):
    """Frozen before the snapshot kept the whole result: the page says its figures are
    recalculated, no report is made from it, and staff freeze it again to make one."""
    from reports import tasks as report_tasks
    from reports.enums import ReportKind, ReportStatus
    from reports.models import Report

    diagnostic = _diagnostic()
    _populate(3)
    first_freeze = timezone.make_aware(datetime.datetime(2019, 3, 1, 12))
    diagnostic.frozen_at = first_freeze
    diagnostic.frozen_figures = {"scores": [{"axis": "Gouvernance", "order": 1, "self": 2.5}]}
    diagnostic.save()
    assert diagnostic.snapshot_outdated
    staff = guyane_staff()
    client = login(staff)
    page = client.get(reverse("diagnostics:territorial_detail", args=[diagnostic.pk]))
    html = page.content.decode()
    assert "quand seuls les scores étaient conservés" in html and "Figer à nouveau" in html
    assert page.context["figures"]["structures"]["total"] == 3  # live, and said so

    # The request form refuses it, naming what to do; a render refuses it as well.
    response = client.post(
        reverse("reports:request"), {"kind": ReportKind.TERRITORIAL, "diagnostic": diagnostic.pk}
    )
    assert response.status_code == 200
    assert "Figez-le à nouveau" in response.context["form"].errors["diagnostic"][0]
    report = Report.objects.create(
        kind=ReportKind.TERRITORIAL,
        region=diagnostic.region,
        diagnostic=diagnostic,
        requested_by=staff,
        version=1,
    )
    report_tasks.report_render.apply(kwargs={"report_id": report.pk})
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and "Figez-le à nouveau" in report.error
    assert not report.file

    # Frozen again: the whole result, read today; a report is made and does not move.
    freeze = reverse("diagnostics:territorial_freeze", args=[diagnostic.pk])
    assert "seuls les scores étaient conservés" in client.get(freeze).content.decode()
    assert client.post(freeze).status_code == 302
    diagnostic.refresh_from_db()
    assert not diagnostic.snapshot_outdated and diagnostic.frozen_at > first_freeze
    assert diagnostic.frozen_figures["structures"]["total"] == 3
    _populate(2, prefix="Après")
    assert diagnostic.figures()["structures"]["total"] == 3
    assert diagnostic.history.filter(frozen_at=first_freeze).exists()
