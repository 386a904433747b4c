"""The live figures of an open territorial diagnostic come from the cache, and are never
served once they are no longer true: every write on what they read shows on the very next
request (saves, deletions, many-to-many changes, bulk writes), and a value that time alone
changes (a meeting to come, which counts as held once started) is not served from that
instant on."""

import datetime
import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from diagnostics import services as diagnostics_services
from diagnostics.enums import AccompanimentKind, AssessmentKind
from diagnostics.models import Accompaniment, Answer, Assessment, Axis, TerritorialDiagnostic, Visit
from diagnostics.views.territorial import PAGE_LEAVES_OUT
from events import services as events_services
from events.enums import EventStatus
from events.models import Event, Registration
from network.models import Interaction, Organisation, OrganisationKind
from structures import figures as structures_figures
from structures.models import Adhesion, AdhesionCampaign, Convention, Structure, YearlyIndicators
from territories.models import Commune
from tests.core.test_versions import expires_in
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import OrganisationFactory, StructureFactory, UserFactory, commune, region
from tests.network.factories import AdhesionFactory, CampaignFactory, InteractionFactory
from tests.structures.factories import ConventionFactory, IndicatorsFactory

from .factories import assessment, guyane_staff, logged_in, small_grid

pytestmark = pytest.mark.django_db

PARIS = "Europe/Paris"


@pytest.fixture
def world():
    """An open diagnostic of Guyane whose period runs from three months ago to three months
    ahead, and one of each thing its figures count: two SIAE (one a member, with its
    annexe financière and its declaration), a partner, a self-assessment submitted an hour
    ago, a visit held, an exchange, a meeting held yesterday with one person present."""
    now = timezone.now()
    today = timezone.localdate()
    year = today.year - 1
    diagnostic = TerritorialDiagnostic.objects.create(
        region=region("03"),
        title="Guyane en direct",
        period_start=today - datetime.timedelta(days=90),
        period_end=today + datetime.timedelta(days=90),
        reference_year=year,
    )
    cayenne = StructureFactory(name="Chantier de Cayenne", kind="ACI")
    kourou = StructureFactory(name="Atelier de Kourou", kind="EI", commune=commune("97304"))
    campaign = CampaignFactory(year=year)
    AdhesionFactory(campaign=campaign, structure=cayenne, status="member")
    ConventionFactory(structure=cayenne, year=year)
    indicators = IndicatorsFactory(structure=cayenne, year=year, employees=20)
    partner = OrganisationFactory(name="CTG")
    grid = small_grid()
    self_assessment = assessment(
        structure=cayenne,
        grid=grid,
        submitted=True,
        submitted_at=now - datetime.timedelta(hours=1),
    )
    visit = Visit.objects.create(structure=cayenne, planned_on=today, held_on=today)
    exchange = InteractionFactory(occurred_on=today)
    held = EventFactory(
        title="Réunion des SIAE", starts_at=now - datetime.timedelta(days=1), status="held"
    )
    present = RegistrationFactory(event=held, structure=cayenne, attended=True)
    absent = RegistrationFactory(event=held, organisation=partner, attended=False)
    staff = guyane_staff()
    cache.delete(_key(diagnostic))  # what an earlier test left under the same key
    return {
        "diagnostic": diagnostic,
        "year": year,
        "cayenne": cayenne,
        "kourou": kourou,
        "campaign": campaign,
        "indicators": indicators,
        "partner": partner,
        "grid": grid,
        "assessment": self_assessment,
        "visit": visit,
        "exchange": exchange,
        "held": held,
        "present": present,
        "absent": absent,
        "staff": staff,
        "client": logged_in(staff),
    }


def url(diagnostic) -> str:
    return reverse("diagnostics:territorial_detail", args=[diagnostic.pk])


def page_figures(world) -> dict:
    response = world["client"].get(url(world["diagnostic"]))
    assert response.status_code == 200
    return response.context["figures"]


def served_from_the_cache(world) -> bool:
    """The page answered without reading any table the figures read."""
    with CaptureQueriesContext(connection) as queries:
        page_figures(world)
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    return not re.search(r'"(structures_structure|events_event|diagnostics_answer)"', sql)


def _visit_with_partner(w):
    w["visit"].partner_participants.add(w["partner"])


def _exchange_with_partner(w):
    w["exchange"].organisations.add(w["partner"])


def _save(instance, **fields):
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save()


def _attendance_ticked(w):
    """The attendance sheet of a meeting already held: its registrations in bulk."""
    present = {w["present"].pk, w["absent"].pk}
    events_services.attendance_record(event=w["held"], present=present, by=w["staff"])


def _answers_in_bulk(w):
    answers = list(Answer.objects.filter(assessment=w["assessment"]))
    for answer in answers:
        answer.level = 4
    Answer.objects.bulk_update(answers, ["level"])


def _campaign_year(w):
    AdhesionCampaign.objects.filter(pk=w["campaign"].pk).update(year=w["year"] + 3)


def _self_scores(figures):
    return [row["self"] for row in figures["scores"]]


def _partners_met(figures):
    return [row["name"] for row in figures["activity"]["partners_met"]]


def _cayenne_population(figures):
    return next(
        row["population"]
        for row in figures["structures"]["by_commune"]
        if row["commune"] == "Cayenne"
    )


# What is set up first (besides the world), for the writes that undo something.
BEFORE = {"exchanges, queryset update": _exchange_with_partner}

# (what is written, what the page shows of it, what it shows after the write)
WRITES = {
    # The structures' own figures.
    "a structure created": (
        lambda w: StructureFactory(name="Ressourcerie", kind="AI"),
        lambda f: f["structures"]["total"],
        3,
    ),
    "a structure's kind changed": (
        lambda w: _save(w["kourou"], kind="ETTI"),
        lambda f: sorted(row["kind"] for row in f["structures"]["by_kind"]),
        ["ACI", "ETTI"],
    ),
    "a structure deleted": (
        lambda w: w["kourou"].delete(),
        lambda f: f["structures"]["total"],
        1,
    ),
    "yearly indicators declared": (
        lambda w: IndicatorsFactory(structure=w["kourou"], year=w["year"], employees=5),
        lambda f: (f["years"][-1]["declared"], f["years"][-1]["employees"]),
        (2, 25),
    ),
    "yearly indicators corrected": (
        lambda w: _save(w["indicators"], employees=32),
        lambda f: f["years"][-1]["employees"],
        32,
    ),
    "an annexe financière signed": (
        lambda w: ConventionFactory(structure=w["kourou"], year=w["year"]),
        lambda f: f["years"][-1]["conventions"],
        2,
    ),
    "an adhesion decided": (
        lambda w: AdhesionFactory(campaign=w["campaign"], structure=w["kourou"], status="member"),
        lambda f: f["members"]["members"],
        2,
    ),
    "a commune's population": (
        lambda w: _save(commune("97302"), population=70_001),
        _cayenne_population,
        70_001,
    ),
    "a region renamed": (
        lambda w: _save(region("03"), name="Guyane française"),
        lambda f: f["region"]["name"],
        "Guyane française",
    ),
    # Diagnostics: assessments, visits, accompaniments, partners.
    "an assessment submitted": (
        lambda w: assessment(
            structure=w["kourou"], grid=w["grid"], kind=AssessmentKind.VISIT, submitted=True
        ),
        lambda f: [row["visit"] for row in f["scores"]],
        [2.0, 2.0],
    ),
    "an answer changed": (
        lambda w: _save(Answer.objects.filter(assessment=w["assessment"]).first(), level=4),
        lambda f: sorted(_self_scores(f)),
        [2.0, 3.0],
    ),
    "an axis renamed": (
        lambda w: _save(Axis.objects.get(grid=w["grid"], order=1), title="Gouvernance"),
        lambda f: [row["axis"] for row in f["scores"]],
        ["Gouvernance", "Axe 2"],
    ),
    "a visit held": (
        lambda w: Visit.objects.create(
            structure=w["kourou"], planned_on=timezone.localdate(), held_on=timezone.localdate()
        ),
        lambda f: (f["activity"]["visits"], f["activity"]["visited_structures"]),
        (2, 2),
    ),
    "a partner present at a visit": (_visit_with_partner, _partners_met, ["CTG"]),
    "an exchange with a partner": (_exchange_with_partner, _partners_met, ["CTG"]),
    "an accompaniment started": (
        lambda w: Accompaniment.objects.create(
            structure=w["cayenne"],
            kind=AccompanimentKind.DLA,
            title="DLA",
            started_on=timezone.localdate(),
        ),
        lambda f: f["activity"]["accompaniments_total"],
        1,
    ),
    "a partner added": (
        lambda w: OrganisationFactory(name="Pôle emploi Cayenne"),
        lambda f: f["activity"]["partners_total"],
        2,
    ),
    "a kind of partner renamed": (
        lambda w: _save(OrganisationKind.objects.get(slug="dieccte"), name="DIECCTE (ancien nom)"),
        lambda f: [row["kind"] for row in f["activity"]["partners_by_kind"]],
        ["DIECCTE (ancien nom)"],
    ),
    # Events: meetings, registrations, attendance.
    "a meeting held": (
        lambda w: EventFactory(starts_at=timezone.now() - datetime.timedelta(hours=2)),
        lambda f: f["meetings"]["held"],
        2,
    ),
    "a meeting cancelled": (
        lambda w: _save(w["held"], status=EventStatus.CANCELLED),
        lambda f: f["meetings"]["held"],
        0,
    ),
    "someone registered and present": (
        lambda w: RegistrationFactory(event=w["held"], attended=True),
        lambda f: f["meetings"]["present"],
        2,
    ),
    "a registration deleted": (
        lambda w: w["present"].delete(),
        lambda f: f["meetings"]["present"],
        0,
    ),
    "the name of a structure present": (
        lambda w: _save(w["cayenne"], name="Chantier du Rorota"),
        lambda f: [row["of"] for row in f["meetings"]["held_rows"][0]["attendees"]],
        ["Chantier du Rorota"],
    ),
    # Writes that send no signal.
    "attendance ticked (bulk update)": (
        _attendance_ticked,
        lambda f: f["meetings"]["present"],
        2,
    ),
    "answers updated in bulk": (_answers_in_bulk, lambda f: _self_scores(f), [4.0, 4.0]),
    "answers, queryset update": (
        lambda w: Answer.objects.filter(assessment=w["assessment"]).update(level=1),
        lambda f: _self_scores(f),
        [1.0, 1.0],
    ),
    "an assessment, queryset update": (
        lambda w: Assessment.objects.filter(pk=w["assessment"].pk).update(
            submitted_at=timezone.now() - datetime.timedelta(days=400)
        ),
        lambda f: f["scores"],
        [],
    ),
    "structures, queryset update": (
        lambda w: Structure.objects.filter(pk=w["kourou"].pk).update(kind="ETTI"),
        lambda f: sorted(row["kind"] for row in f["structures"]["by_kind"]),
        ["ACI", "ETTI"],
    ),
    "indicators, bulk create": (
        lambda w: YearlyIndicators.objects.bulk_create(
            [YearlyIndicators(structure=w["kourou"], year=w["year"], employees=5)]
        ),
        lambda f: f["years"][-1]["declared"],
        2,
    ),
    "annexes, queryset update": (
        lambda w: Convention.objects.filter(structure=w["cayenne"]).update(status="filed"),
        lambda f: f["years"][-1]["conventions"],
        0,
    ),
    "adhesions, queryset update": (
        lambda w: Adhesion.objects.filter(structure=w["cayenne"]).update(status="left"),
        lambda f: f["members"]["members"],
        0,
    ),
    "campaigns, queryset update": (_campaign_year, lambda f: f["members"]["campaign_year"], None),
    "communes, queryset update": (
        lambda w: Commune.objects.filter(insee_code="97302").update(population=70_002),
        _cayenne_population,
        70_002,
    ),
    "visits, queryset update": (
        lambda w: Visit.objects.filter(pk=w["visit"].pk).update(held_on=None),
        lambda f: f["activity"]["visits"],
        0,
    ),
    "accompaniments, bulk create": (
        lambda w: Accompaniment.objects.bulk_create(
            [
                Accompaniment(
                    structure=w["kourou"],
                    kind=AccompanimentKind.TRAINING,
                    title="Formation",
                    started_on=timezone.localdate(),
                )
            ]
        ),
        lambda f: f["activity"]["accompaniments_total"],
        1,
    ),
    "partners, queryset update": (
        lambda w: Organisation.objects.filter(pk=w["partner"].pk).update(region=region("28")),
        lambda f: f["activity"]["partners_total"],
        0,
    ),
    "exchanges, queryset update": (
        lambda w: Interaction.objects.filter(pk=w["exchange"].pk).update(
            occurred_on=timezone.localdate() - datetime.timedelta(days=365)
        ),
        _partners_met,
        [],
    ),
    "meetings, queryset update": (
        lambda w: Event.objects.filter(pk=w["held"].pk).update(status=EventStatus.CANCELLED),
        lambda f: f["meetings"]["held"],
        0,
    ),
    "registrations, queryset update": (
        lambda w: Registration.objects.filter(event=w["held"]).update(attended=True),
        lambda f: f["meetings"]["present"],
        2,
    ),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_every_write_on_what_the_figures_read_shows_on_the_next_request(world, name):
    write, shown, expected = WRITES[name]
    if name in BEFORE:
        BEFORE[name](world)
    before = shown(page_figures(world))
    assert before != expected
    assert served_from_the_cache(world)  # kept: the write must replace it
    write(world)
    assert shown(page_figures(world)) == expected


def test_the_diagnostic_s_own_fields_are_in_the_key(world):
    diagnostic = world["diagnostic"]
    assert page_figures(world)["years"][-1]["declared"] == 1
    diagnostic.reference_year = world["year"] - 1
    diagnostic.save()
    figures = page_figures(world)
    assert figures["reference_year"] == world["year"] - 1
    assert figures["years"][-1]["declared"] == 0
    # A period that ends before yesterday's meeting.
    diagnostic.period_end = timezone.localdate() - datetime.timedelta(days=2)
    diagnostic.save()
    assert page_figures(world)["meetings"]["held"] == 0


def test_each_language_and_time_zone_has_its_own_figures(world):
    """Labels are translated, and the period's days are those of the reader's time zone:
    an assessment sent at 23:30 in Cayenne on the period's last day is already the next
    day in Paris."""
    from zoneinfo import ZoneInfo

    diagnostic = world["diagnostic"]
    diagnostic.period_end = timezone.localdate() - datetime.timedelta(days=2)
    diagnostic.save()
    last_day = datetime.datetime.combine(
        diagnostic.period_end, datetime.time(23, 30), tzinfo=ZoneInfo("America/Cayenne")
    )
    Assessment.objects.filter(pk=world["assessment"].pk).update(submitted_at=last_day)
    in_cayenne = logged_in(
        UserFactory(regional=True, regions=[region("03")], time_zone="America/Cayenne")
    )
    in_paris = world["client"]
    for _ in range(2):  # the second time from the cache
        for client, scores in ((in_cayenne, [2.0, 2.0]), (in_paris, [])):
            response = client.get(url(diagnostic))
            assert [row["self"] for row in response.context["figures"]["scores"]] == scores
    Accompaniment.objects.create(
        structure=world["cayenne"],
        kind=AccompanimentKind.TRAINING,
        title="Formation des encadrants",
        started_on=diagnostic.period_start,
    )
    for language, label in (("fr", "Formation"), ("en", "Training"), ("fr", "Formation")):
        world["client"].post(reverse("set_language"), {"language": language})
        for _ in range(2):  # the second time from the cache
            accompaniments = page_figures(world)["activity"]["accompaniments"]
            assert [row["label"] for row in accompaniments] == [label]


def _figures_as_of(diagnostic, now):
    """The page's figures at the instant `now`, as the page reads them (its language and
    its reader's time zone), and whether they were read from the cache."""
    with (
        translation.override("fr"),
        timezone.override(PARIS),
        CaptureQueriesContext(connection) as queries,
    ):
        figures = diagnostic.page_figures(leave_out=PAGE_LEAVES_OUT, now=now)
    return figures, not queries.captured_queries


def _key(diagnostic):
    with translation.override("fr"), timezone.override(PARIS):
        scope = structures_figures.scope_of(
            region=diagnostic.region,
            period_start=diagnostic.period_start,
            period_end=diagnostic.period_end,
            reference_year=diagnostic.effective_reference_year,
        )
        return structures_figures.cache_key(scope, PAGE_LEAVES_OUT)


def test_a_meeting_to_come_counts_as_held_once_it_has_started(world):
    diagnostic = world["diagnostic"]
    starts_at = (timezone.now() + datetime.timedelta(minutes=3)).replace(microsecond=0)
    EventFactory(title="Réunion à venir", starts_at=starts_at)
    meetings = page_figures(world)["meetings"]
    assert (meetings["held"], meetings["upcoming"]) == (1, 1)
    assert [row["title"] for row in meetings["upcoming_rows"]] == ["Réunion à venir"]
    # Kept no longer than until the meeting starts.
    assert 170 <= expires_in(_key(diagnostic)) <= 180
    figures, from_cache = _figures_as_of(diagnostic, starts_at - datetime.timedelta(seconds=1))
    assert from_cache and figures["meetings"]["upcoming"] == 1
    # From its start on, the value kept is not served: the meeting counts as held.
    figures, from_cache = _figures_as_of(diagnostic, starts_at + datetime.timedelta(seconds=1))
    assert not from_cache
    assert (figures["meetings"]["held"], figures["meetings"]["upcoming"]) == (2, 0)
    assert [row["title"] for row in figures["meetings"]["held_rows"]][-1] == "Réunion à venir"


def test_an_assessment_submitted_at_a_later_instant_counts_from_that_instant(world):
    diagnostic = world["diagnostic"]
    submitted_at = (timezone.now() + datetime.timedelta(minutes=4)).replace(microsecond=0)
    assessment(
        structure=world["kourou"],
        grid=world["grid"],
        kind=AssessmentKind.VISIT,
        submitted=True,
        submitted_at=submitted_at,
    )
    assert [row["visit"] for row in page_figures(world)["scores"]] == [None, None]
    assert 230 <= expires_in(_key(diagnostic)) <= 240
    figures, from_cache = _figures_as_of(diagnostic, submitted_at)
    assert not from_cache and [row["visit"] for row in figures["scores"]] == [None, None]
    figures, _ = _figures_as_of(diagnostic, submitted_at + datetime.timedelta(seconds=1))
    assert [row["visit"] for row in figures["scores"]] == [2.0, 2.0]


def test_figures_nothing_will_change_but_a_write_are_kept_for_the_usual_time(world):
    world["diagnostic"].period_end = timezone.localdate() - datetime.timedelta(days=2)
    world["diagnostic"].save()
    page_figures(world)
    assert expires_in(_key(world["diagnostic"])) > 590


def test_the_page_shows_the_figures_when_the_cache_cannot_be_reached(world, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    response = world["client"].get(url(world["diagnostic"]))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["structures"]["total"] == 2
    assert figures["meetings"]["held"] == figures["meetings"]["present"] == 1
    assert "Réunion des SIAE" in response.content.decode()
    StructureFactory(name="Ressourcerie", kind="AI")
    assert (
        world["client"].get(url(world["diagnostic"])).context["figures"]["structures"]["total"] == 3
    )


def test_the_page_prints_nothing_of_what_it_leaves_out_and_reports_keep_everything(world):
    from django.template.loader import get_template

    source = get_template("diagnostics/territorial_detail.html").template.source
    for part in PAGE_LEAVES_OUT:
        assert part not in source
        assert part not in page_figures(world)
    # A report reads figures() (computed, never from the cache): the per-SIAE table too.
    assert [row["name"] for row in world["diagnostic"].figures()["by_siae"]] == [
        "Chantier de Cayenne",
        "Atelier de Kourou",
    ]


def test_every_table_the_figures_read_replaces_their_version(world):
    """Read from the queries themselves: a provider that reads a table it did not name when
    it registered fails here."""
    tables = {
        model._meta.db_table: model._meta.label
        for model in apps.get_models(include_auto_created=True)
    }
    with CaptureQueriesContext(connection) as queries:
        figures = world["diagnostic"].compute_figures()
    assert figures["meetings"]["held_rows"] and figures["scores"]  # every query ran
    read = {
        tables[name]
        for query in queries.captured_queries
        for name in re.findall(r'"(\w+)"', query["sql"])
        if name in tables
    }
    assert "events.Registration" in read and "network.Interaction_organisations" in read
    assert read <= structures_figures.SOURCES.watched, read - structures_figures.SOURCES.watched


def test_a_frozen_diagnostic_reads_its_snapshot(world):
    diagnostic = world["diagnostic"]
    diagnostics_services.territorial_diagnostic_freeze(diagnostic=diagnostic, by=world["staff"])
    StructureFactory(name="Ressourcerie", kind="AI")
    assert page_figures(world)["structures"]["total"] == 2
