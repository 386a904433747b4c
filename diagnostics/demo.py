"""The February 2019 mission in Guyane: 12 SIAE and the PTCE Ancrage assessed with the
network's grid (self-assessment, then a visit), their action plans in progress, the DLA
with APROSEP, the collective "CAP" sessions, and the territorial diagnostic handed to the
DIECCTE with its hypotheses and action plan.

With `--scale N`, the structures added by the structures seeder get the same kind of
history in the same proportions (about half assessed and visited, with an action plan;
some accompaniments; one collective session per twenty structures), so the diagnostics
pages are measured on a network of that size. Each structure's share comes from an rng
seeded with its SIRET, and rows are written in bulk.
"""

import datetime
import random
from zoneinfo import ZoneInfo

from simple_history.utils import bulk_create_with_history

from core.french import of
from structures.demo import STRUCTURES
from structures.models import Structure
from territories.models import Region

from . import default_grid
from .enums import (
    AccompanimentKind,
    AccompanimentStatus,
    AssessmentKind,
    AssessmentStatus,
    DlaStage,
    ItemStatus,
)
from .models import (
    Accompaniment,
    ActionItem,
    ActionPlan,
    Answer,
    Assessment,
    Axis,
    Criterion,
    FreeAnswer,
    FreeQuestion,
    Grid,
    Hypothesis,
    Level,
    ProgressNote,
    TerritorialAction,
    TerritorialDiagnostic,
    Visit,
)

ORDER = 40

CAYENNE = ZoneInfo("America/Cayenne")

# The 12 SIAE and the PTCE met in February 2019, with the day of their visit.
ASSESSED = [
    ("APROSEP", datetime.date(2019, 1, 30)),
    ("PTCE Ancrage", datetime.date(2019, 1, 31)),
    ("Chantier Maroni Insertion", datetime.date(2019, 2, 4)),
    ("Kourou Services Emploi", datetime.date(2019, 2, 1)),
    ("Régie de quartier de Matoury", datetime.date(2019, 2, 5)),
    ("Guyane Intérim Insertion", datetime.date(2019, 2, 6)),
    ("Les Jardins de Macouria", datetime.date(2019, 2, 6)),
    ("Bois et Fleuve", datetime.date(2019, 2, 4)),
    ("Mana Solidarité", datetime.date(2019, 2, 7)),
    ("Recyclerie de Rémire", datetime.date(2019, 2, 8)),
    ("Atelier Couture d'Apatou", datetime.date(2019, 2, 11)),
    ("Insert'Habitat Cayenne", datetime.date(2019, 2, 12)),
    ("Cayenne Propreté Insertion", datetime.date(2019, 2, 13)),
]
# Met during the first stay (November 2018) too: their progress shows across two visits.
FIRST_VISITS = {
    "APROSEP": datetime.date(2018, 11, 20),
    "Chantier Maroni Insertion": datetime.date(2018, 11, 22),
}
# Left in draft: the manager is still filling it in.
DRAFT_SELF_ASSESSMENTS = {"Chantier Maroni Insertion"}

ITEMS = [
    # axis order, finding, objective, actions, owner, due, status
    (
        1,
        "Le projet de la structure n'est pas écrit.",
        "Écrire et partager le projet de la structure",
        "Deux séances de travail avec le conseil d'administration ; présentation aux équipes.",
        "Direction et président",
        datetime.date(2019, 6, 30),
        ItemStatus.IN_PROGRESS,
    ),
    (
        2,
        "Tensions de trésorerie liées aux retards de versement des aides.",
        "Mettre en place un plan de trésorerie mensuel",
        "Modèle de plan de trésorerie fourni par le réseau ; point mensuel avec le trésorier.",
        "Direction",
        datetime.date(2019, 4, 30),
        ItemStatus.DONE,
    ),
    (
        6,
        "Bilan annuel préparé dans l'urgence pour le dialogue de gestion.",
        "Préparer le dialogue de gestion 2019 avec des chiffres fiables",
        "Tableau de suivi des ETP, des publics et des sorties mis à jour chaque mois.",
        "Chargé de mission du réseau",
        datetime.date(2019, 10, 15),
        ItemStatus.PLANNED,
    ),
]

HYPOTHESES = [
    (
        "Un réseau régional de l'IAE",
        "Créer une tête de réseau guyanaise de l'IAE, adhérente du réseau national, qui "
        "représente les SIAE auprès de l'État et de la collectivité.",
        "Un interlocuteur unique pour la DIECCTE et la CTG ; mutualisation de la veille et "
        "de la professionnalisation ; visibilité du secteur.",
        "Peu de moyens propres ; risque de reposer sur deux ou trois dirigeants déjà très "
        "sollicités.",
        "Un financement d'amorçage sur trois ans ; un poste d'animation ; l'adhésion d'au "
        "moins dix SIAE.",
    ),
    (
        "Mutualiser des fonctions supports",
        "Partager entre SIAE la comptabilité, la paie, l'accompagnement socio-professionnel "
        "et la formation des encadrants, en s'appuyant sur le PTCE Ancrage.",
        "Économies d'échelle ; compétences qu'aucune structure ne peut financer seule.",
        "Distances entre Cayenne, Kourou et l'Ouest ; habitudes de travail différentes.",
        "Un porteur reconnu (le PTCE) ; une convention de mutualisation ; un démarrage par "
        "la paie et la formation.",
    ),
    (
        "Développer de nouvelles SIAE dans l'Ouest guyanais",
        "Favoriser la création de SIAE à Saint-Laurent-du-Maroni, Mana, Apatou et sur les "
        "fleuves, où les besoins d'insertion sont les plus forts.",
        "Réponse aux besoins d'un territoire en forte croissance démographique ; soutien de "
        "la sous-préfecture.",
        "Peu de porteurs de projets ; coûts logistiques élevés ; accès limité aux marchés.",
        "Un appui à l'émergence (DLA, incubateur ESS) ; des clauses sociales dans les "
        "marchés publics de l'Ouest.",
    ),
]

TERRITORIAL_ACTIONS = [
    # (title, pilot, pilot's organisation, timing, due, indicator, baseline, target, funding,
    # status)
    (
        "Constituer le réseau régional de l'IAE (assemblée constitutive)",
        "Comité de préfiguration",
        "SIAE fondatrices, avec l'appui du réseau national",
        "Avant fin 2019",
        datetime.date(2019, 12, 31),
        "Statuts déposés ; nombre de SIAE adhérentes",
        "Aucun réseau régional (février 2019)",
        "Statuts déposés, 12 SIAE adhérentes",
        "DIECCTE (FDI), CTG",
        ItemStatus.IN_PROGRESS,
    ),
    (
        "Déployer les outils d'évaluation et de développement dans toutes les SIAE",
        "Chargé de mission innovation sociale",
        "Réseau national",
        "Premier semestre 2019",
        datetime.date(2019, 6, 30),
        "Nombre de SIAE ayant transmis leur auto-évaluation",
        "12 SIAE accompagnées (février 2019)",
        "Toutes les SIAE du territoire",
        "Réseau national",
        ItemStatus.IN_PROGRESS,
    ),
    (
        "Étude de faisabilité d'une mutualisation des fonctions supports",
        "Coordination du pôle",
        "PTCE Ancrage",
        "Second semestre 2019",
        datetime.date(2019, 12, 31),
        "Étude remise ; nombre de SIAE intéressées",
        "Aucune étude (2019)",
        "Étude remise, 6 SIAE intéressées",
        "DLA, CTG",
        ItemStatus.PLANNED,
    ),
    (
        "Accompagner l'émergence de SIAE dans l'Ouest",
        "Délégation Ouest",
        "Réseau régional, avec la sous-préfecture de Saint-Laurent-du-Maroni",
        "2019-2020",
        datetime.date(2020, 12, 31),
        "Nombre de projets accompagnés ; SIAE créées",
        "Structures pour 10 000 hab. par commune (tableau de l'état des lieux)",
        "3 projets accompagnés, 2 SIAE créées",
        "DIECCTE (aide au démarrage), France Active",
        ItemStatus.PLANNED,
    ),
    (
        "Préparer les dialogues de gestion avec chaque SIAE",
        "Chargée de mission",
        "Réseau régional",
        "Chaque automne",
        datetime.date(2019, 10, 31),
        "Part des SIAE arrivant au dialogue de gestion avec un bilan complet",
        "Indicateurs déclarés par les SIAE (état des lieux)",
        "100 % des SIAE",
        "Cotisations, DIECCTE",
        ItemStatus.PLANNED,
    ),
]


COMMENTS = {
    AssessmentKind.SELF: ["À approfondir lors de la visite."],
    AssessmentKind.VISIT: [
        "Constat partagé avec la direction.",
        "Des outils existent mais ne sont pas encore utilisés.",
    ],
}


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=CAYENNE)


def _default_grid() -> Grid:
    return Grid.objects.filter(is_default=True).first() or default_grid.install(
        Grid=Grid, Axis=Axis, Criterion=Criterion, Level=Level, FreeQuestion=FreeQuestion
    )


def _assessment(*, structure, grid, kind, created_on, submitted, by, levels, rng):
    """Create the assessment with its answers once (natural key: structure, kind, date)."""
    assessment, created = Assessment.objects.get_or_create(
        structure=structure,
        kind=kind,
        created_at=_at(created_on, 9),
        defaults={
            "grid": grid,
            "created_by": by,
            "status": AssessmentStatus.SUBMITTED if submitted else AssessmentStatus.DRAFT,
            "submitted_at": _at(created_on, 17) if submitted else None,
        },
    )
    if created:
        criteria = list(Criterion.objects.filter(axis__grid=grid).select_related("axis"))
        answered = criteria if submitted else criteria[: len(criteria) // 2]
        Answer.objects.bulk_create(
            Answer(
                assessment=assessment,
                criterion=criterion,
                level=levels(criterion),
                comment=rng.choice(["", ""] + COMMENTS[kind]),
            )
            for criterion in answered
        )
        if submitted and kind == AssessmentKind.SELF:
            question = grid.free_questions.first()
            if question:
                FreeAnswer.objects.create(
                    assessment=assessment,
                    question=question,
                    text="Consolider nos finances, former nos encadrants, trouver des "
                    "entreprises partenaires pour les sorties.",
                )
    return assessment


def seed(ctx):
    users = ctx.refs.get("users", {})
    staff = [user for key, user in users.items() if key in ("guyane", "normandie")]
    guyane_staff = users.get("guyane")
    organisations = ctx.refs.get("organisations", {})
    rng = ctx.fresh_rng("diagnostics")
    grid = _default_grid()
    structures = {s.name: s for s in Structure.objects.filter(name__in=[n for n, _ in ASSESSED])}
    managers = {
        membership.structure_id: membership.user
        for structure in structures.values()
        for membership in structure.memberships.select_related("user")
    }
    created = 0
    for name, visit_day in ASSESSED:
        structure = structures.get(name)
        if structure is None:
            continue
        base = {axis: rng.randint(1, 3) for axis in range(1, 7)}

        def self_level(criterion, base=base):
            return min(4, max(1, base[criterion.axis.order] + rng.choice([0, 0, 1])))

        def visit_level(criterion, base=base, bonus=0):
            return min(4, max(1, base[criterion.axis.order] + bonus + rng.choice([-1, 0, 0])))

        self_day = visit_day - datetime.timedelta(days=7)
        _assessment(
            structure=structure,
            grid=grid,
            kind=AssessmentKind.SELF,
            created_on=self_day,
            submitted=name not in DRAFT_SELF_ASSESSMENTS,
            by=managers.get(structure.pk),
            levels=self_level,
            rng=rng,
        )
        visit_days = [FIRST_VISITS[name], visit_day] if name in FIRST_VISITS else [visit_day]
        for index, day in enumerate(visit_days):
            visit, visit_created = Visit.objects.get_or_create(
                structure=structure,
                planned_on=day,
                defaults={
                    "held_on": day,
                    "place": f"Locaux {of(structure.name)}, {structure.commune.name}",
                    "structure_participants": "Direction, président·e, encadrant·e technique",
                    "strengths": "Équipe engagée ; ancrage local fort ; activité utile au territoire.",
                    "weaknesses": "Trésorerie fragile ; projet peu formalisé ; suivi des sorties "
                    "à organiser.",
                    "recommendations": "Formaliser le projet ; plan de trésorerie ; préparer le "
                    "dialogue de gestion avec des chiffres fiables.",
                    "created_by": guyane_staff,
                },
            )
            if visit_created:
                created += 1
                visit.staff_participants.set(staff)
                partner = organisations.get(
                    "DIECCTE Guyane" if index == len(visit_days) - 1 else "Pôle emploi Guyane"
                )
                if partner is not None and rng.random() < 0.5:
                    visit.partner_participants.add(partner)
            if visit.assessment_id is None:
                bonus = index - (len(visit_days) - 1)  # the earlier visit scores lower
                visit.assessment = _assessment(
                    structure=structure,
                    grid=grid,
                    kind=AssessmentKind.VISIT,
                    created_on=day,
                    submitted=True,
                    by=guyane_staff,
                    levels=lambda criterion, bonus=bonus, visit_level=visit_level: visit_level(
                        criterion, bonus=bonus
                    ),
                    rng=rng,
                )
                visit.save(update_fields=["assessment"])
        _action_plan(structure=structure, grid=grid, visit=visit, by=guyane_staff, rng=rng)
    _accompaniments(structures=structures, organisations=organisations, by=guyane_staff)
    _territorial(by=guyane_staff)
    ctx.log(f"{created} visites de diagnostic créées")
    if ctx.scale > 1:
        _seed_scaled(ctx, grid=grid, users=users, organisations=organisations)


def _action_plan(*, structure, grid, visit, by, rng):
    plan, _created = ActionPlan.objects.get_or_create(
        structure=structure, defaults={"created_by": by, "created_at": _at(visit.planned_on, 16)}
    )
    axes = {axis.order: axis for axis in grid.axes.all()}
    for axis_order, finding, objective, actions, owner, due, status in ITEMS:
        item, created = ActionItem.objects.get_or_create(
            plan=plan,
            objective=objective,
            defaults={
                "axis": axes.get(axis_order),
                "visit": visit,
                "finding": finding,
                "actions": actions,
                "owner_name": owner,
                "due_on": due,
                "resources": "Outils du réseau ; temps de direction.",
                "indicator": "Document validé par le conseil d'administration",
                "status": status,
                "created_at": _at(visit.planned_on, 16),
            },
        )
        if status != ItemStatus.PLANNED:
            ProgressNote.objects.get_or_create(
                item=item,
                written_on=datetime.date(2019, 4, 15),
                defaults={"text": "Première séance tenue ; suite prévue en mai.", "author": by},
            )


def _accompaniments(*, structures, organisations, by):
    aprosep = structures.get("APROSEP")
    ptce = structures.get("PTCE Ancrage")
    if aprosep is not None:
        Accompaniment.objects.get_or_create(
            structure=aprosep,
            kind=AccompanimentKind.DLA,
            title="DLA APROSEP : consolidation du modèle économique",
            defaults={
                "stage": DlaStage.PLAN,
                "operator": organisations.get("CRESS Guyane"),
                "started_on": datetime.date(2019, 1, 15),
                "status": AccompanimentStatus.IN_PROGRESS,
                "notes": "Diagnostic partagé réalisé avec la directrice et le bureau ; plan "
                "d'accompagnement en cours de validation, prestataire à choisir.",
                "created_by": by,
            },
        )
        Accompaniment.objects.get_or_create(
            structure=aprosep,
            kind=AccompanimentKind.DIALOGUE_GESTION,
            title="Préparation du dialogue de gestion 2019",
            defaults={
                "started_on": datetime.date(2019, 2, 1),
                "ended_on": datetime.date(2019, 2, 14),
                "status": AccompanimentStatus.DONE,
                "created_by": by,
            },
        )
    if ptce is not None:
        cap, created = Accompaniment.objects.get_or_create(
            structure=ptce,
            kind=AccompanimentKind.TRAINING,
            title="Sessions collectives CAP : outils d'évaluation et de développement",
            defaults={
                "started_on": datetime.date(2019, 1, 29),
                "ended_on": datetime.date(2019, 2, 15),
                "status": AccompanimentStatus.DONE,
                "notes": "Sessions avec 12 SIAE et le PTCE Ancrage à Cayenne, Kourou et "
                "Saint-Laurent-du-Maroni.",
                "created_by": by,
            },
        )
        if created:
            cap.participants.set(
                [structure for name, structure in structures.items() if name != "PTCE Ancrage"]
            )


def _territorial(*, by):
    region = Region.objects.filter(code="03").first()
    if region is None:
        return
    diagnostic, _created = TerritorialDiagnostic.objects.get_or_create(
        region=region,
        title="Diagnostic de l'IAE en Guyane — bilan, hypothèses et plan d'action",
        defaults={
            "period_start": datetime.date(2018, 12, 1),
            "period_end": datetime.date(2019, 2, 15),
            "context": "Le réseau a été sollicité par la DIECCTE de Guyane pour réaliser un "
            "diagnostic du tissu d'acteurs de l'IAE, proposer une structuration et accompagner "
            "la vingtaine de structures présentes dans leur professionnalisation.",
            "method": "Un premier séjour pour rencontrer toutes les structures et les "
            "partenaires (sous-préfecture de Saint-Laurent-du-Maroni, délégué du préfet à "
            "Kourou, Pôle emploi, Cap emploi, mission locale, collectivité territoriale) ; un "
            "second séjour du 28 janvier au 15 février 2019 : auto-évaluations, visites de "
            "diagnostic de 12 SIAE et du PTCE Ancrage, sessions collectives CAP.",
            "issues": "Un secteur jeune et dispersé, sans tête de réseau ; des structures "
            "fragiles financièrement ; une préparation inégale des dialogues de gestion ; "
            "un Ouest guyanais sous-doté au regard de ses besoins.",
            "created_by": by,
        },
    )
    for order, (title, description, pros, cons, conditions) in enumerate(HYPOTHESES, start=1):
        Hypothesis.objects.get_or_create(
            diagnostic=diagnostic,
            title=title,
            defaults={
                "order": order,
                "description": description,
                "pros": pros,
                "cons": cons,
                "conditions": conditions,
            },
        )
    if diagnostic.recommended_hypothesis_id is None:
        # What was presented to the DIECCTE: the regional network first, and the State's part.
        diagnostic.recommended_hypothesis = diagnostic.hypotheses.order_by("order").first()
        diagnostic.request_to_state = (
            "Soutenir la constitution du réseau régional de l'IAE en 2019 (fonds départemental "
            "d'insertion, aide au démarrage) ; associer le réseau à la préparation des "
            "dialogues de gestion de l'automne ; accompagner l'émergence de SIAE dans l'Ouest "
            "guyanais avec la sous-préfecture de Saint-Laurent-du-Maroni."
        )
        diagnostic.save(update_fields=["recommended_hypothesis", "request_to_state"])
    for order, (
        title,
        owner,
        organisation,
        timing,
        due,
        indicator,
        baseline,
        target,
        funding,
        status,
    ) in enumerate(TERRITORIAL_ACTIONS, start=1):
        TerritorialAction.objects.get_or_create(
            diagnostic=diagnostic,
            title=title,
            defaults={
                "order": order,
                "owner_name": owner,
                "owner_organisation": organisation,
                "timing": timing,
                "due_on": due,
                "indicator": indicator,
                "baseline": baseline,
                "target": target,
                "funding": funding,
                "status": status,
            },
        )


# Scaled demo ----------------------------------------------------------------------------

SCALED_FIRST_DAY = datetime.date(2019, 1, 7)
SCALED_KINDS = [
    (AccompanimentKind.DLA, "DLA : consolidation du modèle économique"),
    (AccompanimentKind.QUALITY, "Démarche qualité"),
    (AccompanimentKind.DIALOGUE_GESTION, "Préparation du dialogue de gestion"),
]
SCALED_GROUP = 20  # one collective session per group of structures
SCALED_SESSION_SIZE = 8


def _scaled_plan(structure) -> dict:
    """What the network did with one added structure (the same whatever the scale)."""
    rng = random.Random(f"diagnostics-{structure.siret}")
    draw = rng.random()
    visit_day = SCALED_FIRST_DAY + datetime.timedelta(days=rng.randint(0, 600))
    plan = {
        "rng": rng,
        "base": {axis: rng.randint(1, 3) for axis in range(1, 7)},
        "visits": [],
        "self": None,
        "planned": None,
        "accompaniment": None,
    }
    if draw < 0.5:  # assessed, visited, with an action plan
        plan["self"] = (visit_day - datetime.timedelta(days=7), True)
        if rng.random() < 0.2:
            plan["visits"].append(visit_day - datetime.timedelta(days=rng.randint(90, 150)))
        plan["visits"].append(visit_day)
    elif draw < 0.65:  # the manager is filling the self-assessment in
        plan["self"] = (visit_day, False)
    elif draw < 0.75:  # a visit planned, not held yet
        plan["planned"] = visit_day
    if rng.random() < 0.1:
        kind, title = rng.choice(SCALED_KINDS)
        plan["accompaniment"] = (kind, title, visit_day)
    return plan


def _seed_scaled(ctx, *, grid, users, organisations):
    base_names = {name for name, _kind, _insee in STRUCTURES}
    structures = sorted(
        (s for name, s in ctx.refs.get("structures", {}).items() if name not in base_names),
        key=lambda s: s.siret,
    )
    if not structures:
        return
    structures = list(
        Structure.objects.filter(pk__in=[s.pk for s in structures])
        .select_related("commune", "departement")
        .order_by("siret")
    )
    staff_by_region = {}
    for key in ("guyane", "normandie"):
        user = users.get(key)
        if user is not None:
            for region in user.regions.all():
                staff_by_region[region.pk] = user
    fallback = users.get("guyane")
    plans = {s.pk: _scaled_plan(s) for s in structures}
    criteria = list(Criterion.objects.filter(axis__grid=grid).select_related("axis"))
    question = grid.free_questions.first()
    pks = [s.pk for s in structures]

    def staff_of(structure):
        return staff_by_region.get(structure.departement.region_id, fallback)

    # Assessments and their answers: self-assessments, then one per held visit.
    existing = {
        (a.structure_id, a.kind, a.created_at): a
        for a in Assessment.objects.filter(structure_id__in=pks)
    }
    new_assessments, answer_specs = [], []
    for structure in structures:
        plan = plans[structure.pk]
        rng, base = plan["rng"], plan["base"]
        wanted = []
        if plan["self"] is not None:
            day, submitted = plan["self"]
            wanted.append((AssessmentKind.SELF, day, submitted, 0))
        for index, day in enumerate(plan["visits"]):
            wanted.append((AssessmentKind.VISIT, day, True, index - (len(plan["visits"]) - 1)))
        for kind, day, submitted, bonus in wanted:
            key = (structure.pk, kind, _at(day, 9))
            if key in existing:
                continue
            assessment = Assessment(
                structure=structure,
                grid=grid,
                kind=kind,
                created_at=key[2],
                created_by=staff_of(structure) if kind == AssessmentKind.VISIT else None,
                status=AssessmentStatus.SUBMITTED if submitted else AssessmentStatus.DRAFT,
                submitted_at=_at(day, 17) if submitted else None,
            )
            existing[key] = assessment
            new_assessments.append(assessment)
            answered = criteria if submitted else criteria[: len(criteria) // 2]
            shift = [0, 0, 1] if kind == AssessmentKind.SELF else [-1, 0, 0]
            answer_specs.append(
                (
                    assessment,
                    [
                        (
                            criterion.pk,
                            min(4, max(1, base[criterion.axis.order] + bonus + rng.choice(shift))),
                            rng.choice(["", ""] + COMMENTS[kind]),
                        )
                        for criterion in answered
                    ],
                )
            )
    Assessment.objects.bulk_create(new_assessments, batch_size=500)
    Answer.objects.bulk_create(
        (
            Answer(
                assessment_id=assessment.pk, criterion_id=criterion, level=level, comment=comment
            )
            for assessment, answers in answer_specs
            for criterion, level, comment in answers
        ),
        batch_size=5000,
    )
    if question is not None:
        FreeAnswer.objects.bulk_create(
            FreeAnswer(
                assessment=assessment,
                question=question,
                text="Consolider nos finances et trouver des entreprises partenaires.",
            )
            for assessment in new_assessments
            if assessment.kind == AssessmentKind.SELF and assessment.submitted_at
        )

    # Visits: held ones with the network's assessment, planned ones without.
    existing_visits = {
        (v.structure_id, v.planned_on): v for v in Visit.objects.filter(structure_id__in=pks)
    }
    new_visits = []
    for structure in structures:
        plan = plans[structure.pk]
        days = [(day, True) for day in plan["visits"]]
        if plan["planned"] is not None:
            days.append((plan["planned"], False))
        for day, held in days:
            if (structure.pk, day) in existing_visits:
                continue
            visit = Visit(
                structure=structure,
                planned_on=day,
                held_on=day if held else None,
                place=f"Locaux {of(structure.name)}, {structure.commune.name}",
                structure_participants="Direction, encadrant·e technique" if held else "",
                strengths="Équipe engagée ; activité utile au territoire." if held else "",
                weaknesses="Trésorerie fragile ; suivi des sorties à organiser." if held else "",
                recommendations="Plan de trésorerie ; projet écrit." if held else "",
                assessment=existing.get((structure.pk, AssessmentKind.VISIT, _at(day, 9))),
                created_by=staff_of(structure),
                created_at=_at(day, 8),
            )
            existing_visits[(structure.pk, day)] = visit
            new_visits.append(visit)
    Visit.objects.bulk_create(new_visits, batch_size=500)
    Visit.staff_participants.through.objects.bulk_create(
        (
            Visit.staff_participants.through(visit_id=visit.pk, user_id=visit.created_by_id)
            for visit in new_visits
            if visit.created_by_id
        ),
        batch_size=2000,
    )

    # Action plans of the visited structures, three items each, with progress notes.
    axes = {axis.order: axis for axis in grid.axes.all()}
    visited = [s for s in structures if plans[s.pk]["visits"]]
    existing_plans = {p.structure_id: p for p in ActionPlan.objects.filter(structure_id__in=pks)}
    new_plans = []
    for structure in visited:
        if structure.pk not in existing_plans:
            day = plans[structure.pk]["visits"][-1]
            action_plan = ActionPlan(
                structure=structure, created_by=staff_of(structure), created_at=_at(day, 16)
            )
            existing_plans[structure.pk] = action_plan
            new_plans.append(action_plan)
    ActionPlan.objects.bulk_create(new_plans, batch_size=500)
    existing_items = set(
        ActionItem.objects.filter(plan__structure_id__in=pks).values_list("plan_id", "objective")
    )
    new_items = []
    for structure in visited:
        plan = plans[structure.pk]
        action_plan = existing_plans[structure.pk]
        day = plan["visits"][-1]
        visit = existing_visits[(structure.pk, day)]
        for axis_order, finding, objective, actions, owner, due, _status in ITEMS:
            if (action_plan.pk, objective) in existing_items:
                continue
            new_items.append(
                ActionItem(
                    plan=action_plan,
                    visit=visit,
                    axis=axes.get(axis_order),
                    finding=finding,
                    objective=objective,
                    actions=actions,
                    owner_name=owner,
                    due_on=due + (day - SCALED_FIRST_DAY),
                    resources="Outils du réseau ; temps de direction.",
                    indicator="Document validé par le conseil d'administration",
                    status=plan["rng"].choice(ItemStatus.open_values() + [ItemStatus.DONE]),
                    created_at=_at(day, 16),
                )
            )
    bulk_create_with_history(new_items, ActionItem, batch_size=500)
    ProgressNote.objects.bulk_create(
        (
            ProgressNote(
                item=item,
                written_on=item.created_at.date() + datetime.timedelta(days=60),
                text="Première séance tenue ; suite prévue le mois prochain.",
                author_id=item.plan.created_by_id,
            )
            for item in new_items
            if item.status != ItemStatus.PLANNED
        ),
        batch_size=2000,
    )

    # Accompaniments: a few individual ones, and a collective session per group.
    existing_accompaniments = set(
        Accompaniment.objects.filter(structure_id__in=pks).values_list("structure_id", "title")
    )
    operator = organisations.get("CRESS Guyane")
    new_accompaniments, sessions = [], []
    for structure in structures:
        accompaniment = plans[structure.pk]["accompaniment"]
        if accompaniment is None:
            continue
        kind, title, day = accompaniment
        if (structure.pk, title) in existing_accompaniments:
            continue
        new_accompaniments.append(
            Accompaniment(
                structure=structure,
                kind=kind,
                title=title,
                stage=DlaStage.SHARED_DIAGNOSTIC if kind == AccompanimentKind.DLA else "",
                operator=operator if kind == AccompanimentKind.DLA else None,
                started_on=day,
                status=AccompanimentStatus.IN_PROGRESS,
                created_by=staff_of(structure),
            )
        )
    for start in range(0, len(structures), SCALED_GROUP):
        group = structures[start : start + SCALED_GROUP]
        lead = group[0]
        title = f"Sessions collectives {start // SCALED_GROUP + 1:02d} : outils d'évaluation"
        if (lead.pk, title) in existing_accompaniments:
            continue
        session = Accompaniment(
            structure=lead,
            kind=AccompanimentKind.TRAINING,
            title=title,
            started_on=SCALED_FIRST_DAY + datetime.timedelta(days=start),
            ended_on=SCALED_FIRST_DAY + datetime.timedelta(days=start + 14),
            status=AccompanimentStatus.DONE,
            created_by=staff_of(lead),
        )
        new_accompaniments.append(session)
        sessions.append((session, group[1 : 1 + SCALED_SESSION_SIZE]))
    bulk_create_with_history(new_accompaniments, Accompaniment, batch_size=500)
    Accompaniment.participants.through.objects.bulk_create(
        (
            Accompaniment.participants.through(accompaniment_id=session.pk, structure_id=s.pk)
            for session, group in sessions
            for s in group
        ),
        batch_size=2000,
    )
    ctx.log(
        f"{len(new_assessments)} évaluations, {len(new_visits)} visites, {len(new_plans)} plans, "
        f"{len(new_items)} actions et {len(new_accompaniments)} accompagnements pour les "
        "structures ajoutées"
    )
