"""The network's default evaluation grid: six axes, three criteria each, four levels.

Plain data, installed by a data migration (so every deployment has a grid to start with)
and then edited by staff as data: editing it once used creates version 2, and so on.
Descriptors are written for an SIAE manager, not for an auditor.
"""

LINEAGE = "grille-reseau"
NAME = "Grille d'évaluation et de développement des SIAE"
DESCRIPTION = (
    "Six axes pour faire le point sur la structure, en auto-évaluation puis lors de la visite "
    "de diagnostic. Pour chaque critère, choisissez le niveau qui décrit le mieux la "
    "situation d'aujourd'hui (1 : à construire, 4 : exemplaire)."
)

AXES = [
    (
        "Gouvernance et projet",
        "Le projet associatif ou d'entreprise, la place des instances et le pilotage.",
        [
            (
                "Projet de la structure",
                "Le projet est-il écrit, connu et partagé ?",
                [
                    "Le projet n'est pas écrit ; chacun en a sa propre idée.",
                    "Un projet existe sur le papier mais il est peu connu des équipes.",
                    "Le projet est écrit, présenté aux équipes et aux partenaires.",
                    "Le projet est revu régulièrement avec les instances, les salariés et les "
                    "partenaires, et guide les décisions.",
                ],
            ),
            (
                "Instances de gouvernance",
                "Conseil d'administration, bureau, associés : se réunissent-ils, décident-ils ?",
                [
                    "Les instances se réunissent rarement ou seulement pour les obligations légales.",
                    "Les instances se réunissent mais la direction décide seule.",
                    "Les instances se réunissent régulièrement et prennent les grandes décisions.",
                    "Les instances sont actives, renouvelées et formées ; les rôles entre "
                    "instances et direction sont clairs.",
                ],
            ),
            (
                "Pilotage et tableaux de bord",
                "La direction dispose-t-elle d'indicateurs pour piloter ?",
                [
                    "Aucun indicateur suivi en dehors des obligations envers l'État.",
                    "Quelques indicateurs suivis ponctuellement.",
                    "Un tableau de bord suivi chaque trimestre (activité, finances, parcours).",
                    "Un tableau de bord partagé avec les instances sert à ajuster la stratégie.",
                ],
            ),
        ],
    ),
    (
        "Modèle économique et finances",
        "Les ressources, la trésorerie, la diversité des activités et des financements.",
        [
            (
                "Équilibre financier",
                "Les comptes des trois dernières années sont-ils équilibrés ?",
                [
                    "Déficits répétés, fonds propres négatifs ou inexistants.",
                    "Résultats fragiles, dépendants d'une subvention exceptionnelle.",
                    "Comptes équilibrés, fonds propres suffisants pour absorber un aléa.",
                    "Comptes équilibrés et prévisionnel à trois ans suivi chaque année.",
                ],
            ),
            (
                "Trésorerie",
                "La structure peut-elle faire face aux retards de paiement des aides ?",
                [
                    "Tensions de trésorerie fréquentes, retards de paie ou de charges.",
                    "Trésorerie tendue certains mois, sans plan de trésorerie.",
                    "Plan de trésorerie mensuel, tensions anticipées.",
                    "Plan de trésorerie suivi, réserves ou solutions de financement en place.",
                ],
            ),
            (
                "Diversité des ressources et des activités",
                "Part du chiffre d'affaires, clients, financeurs, marchés publics.",
                [
                    "Une seule activité ou un seul financeur fait vivre la structure.",
                    "Deux ou trois sources de revenus, fortement dépendantes entre elles.",
                    "Plusieurs activités et financeurs ; une part de chiffre d'affaires propre.",
                    "Ressources diversifiées, clauses sociales et marchés privés développés.",
                ],
            ),
        ],
    ),
    (
        "Projet d'insertion : accueil, accompagnement, formation, encadrement",
        "Le parcours des salariés en insertion, de l'accueil à la sortie.",
        [
            (
                "Accueil et intégration",
                "Comment les personnes sont-elles accueillies et orientées à l'arrivée ?",
                [
                    "Pas de procédure d'accueil : la personne commence directement à travailler.",
                    "Un entretien d'accueil a lieu, sans livret ni suivi.",
                    "Accueil organisé (entretien, livret, visite), diagnostic de départ écrit.",
                    "Accueil organisé avec les prescripteurs ; le diagnostic de départ nourrit "
                    "le parcours de chacun.",
                ],
            ),
            (
                "Accompagnement socio-professionnel",
                "Les freins (logement, mobilité, santé, garde…) et le projet professionnel.",
                [
                    "Pas d'accompagnement en dehors du travail.",
                    "Accompagnement au cas par cas, sans temps dédié.",
                    "Entretiens réguliers avec un accompagnateur, objectifs écrits.",
                    "Accompagnement régulier, partenaires mobilisés, préparation des sorties "
                    "avec les entreprises du territoire.",
                ],
            ),
            (
                "Formation et encadrement technique",
                "Les salariés apprennent-ils un métier ? L'encadrement est-il suffisant ?",
                [
                    "Pas de formation ; encadrement technique insuffisant.",
                    "Quelques formations obligatoires (sécurité) ; encadrants peu formés.",
                    "Plan de formation annuel ; encadrants formés à la pédagogie.",
                    "Formations qualifiantes, compétences attestées ; encadrants formés et "
                    "soutenus.",
                ],
            ),
        ],
    ),
    (
        "Ressources humaines et fonction employeur",
        "Les salariés permanents, le dialogue social, les obligations d'employeur.",
        [
            (
                "Obligations d'employeur",
                "Contrats, visites médicales, document unique, affichages.",
                [
                    "Plusieurs obligations ne sont pas respectées.",
                    "Les obligations principales sont respectées, sans suivi.",
                    "Obligations à jour, document unique révisé chaque année.",
                    "Obligations à jour et prévention des risques travaillée avec les salariés.",
                ],
            ),
            (
                "Équipe permanente",
                "Fiches de poste, entretiens annuels, formation des permanents.",
                [
                    "Pas de fiches de poste ni d'entretiens.",
                    "Fiches de poste pour certains, entretiens irréguliers.",
                    "Fiches de poste et entretiens annuels pour tous.",
                    "Plan de développement des compétences et gestion des départs anticipée.",
                ],
            ),
            (
                "Dialogue social et qualité de vie au travail",
                "Représentants du personnel, réunions d'équipe, climat de travail.",
                [
                    "Pas d'espace d'échange ; tensions non traitées.",
                    "Réunions d'équipe occasionnelles.",
                    "Réunions régulières, représentants élus lorsque c'est obligatoire.",
                    "Dialogue social organisé, expression des salariés en insertion prise en "
                    "compte.",
                ],
            ),
        ],
    ),
    (
        "Partenariats et ancrage territorial",
        "Service public de l'emploi, collectivités, entreprises, clauses sociales.",
        [
            (
                "Service public de l'emploi et prescripteurs",
                "Pôle emploi, mission locale, Cap emploi, services sociaux.",
                [
                    "Peu de contacts ; les orientations arrivent au hasard.",
                    "Contacts ponctuels avec un ou deux prescripteurs.",
                    "Rencontres régulières ; le CDIAE connaît la structure.",
                    "Partenariat écrit, suivi commun des parcours et des sorties.",
                ],
            ),
            (
                "Collectivités et institutions",
                "Collectivité territoriale, commune, intercommunalité, services de l'État.",
                [
                    "La structure n'est pas connue des élus et services.",
                    "Quelques contacts liés à un financement.",
                    "Interlocuteurs identifiés, rencontres annuelles.",
                    "La structure est associée aux projets du territoire.",
                ],
            ),
            (
                "Entreprises et réseaux",
                "Entreprises clientes, clauses sociales, réseaux de l'ESS, coopérations.",
                [
                    "Pas de lien avec les entreprises ni avec d'autres SIAE.",
                    "Quelques clients réguliers ; pas de coopération.",
                    "Relations suivies avec des entreprises, participation à un réseau.",
                    "Coopérations (mutualisation, co-traitance, PTCE) et entreprises "
                    "partenaires pour les sorties.",
                ],
            ),
        ],
    ),
    (
        "Qualité, conformité et reporting",
        "Démarche d'amélioration continue, obligations envers l'État et les financeurs.",
        [
            (
                "Dialogue de gestion et conventionnement",
                "Dossier de conventionnement, annexe financière, bilan annuel.",
                [
                    "Dossiers remis en retard ou incomplets.",
                    "Dossiers remis, préparés dans l'urgence.",
                    "Dossiers remis à temps, chiffres fiables (ETP, publics, sorties).",
                    "Le dialogue de gestion est préparé avec les instances et sert au pilotage.",
                ],
            ),
            (
                "Suivi des publics et des sorties",
                "Saisie des données, suivi des sorties à six mois.",
                [
                    "Les données ne sont pas suivies.",
                    "Données saisies pour l'État seulement.",
                    "Données suivies et analysées chaque année.",
                    "Données analysées et partagées ; les résultats font évoluer les pratiques.",
                ],
            ),
            (
                "Démarche qualité",
                "Procédures écrites, satisfaction des clients et des salariés, amélioration.",
                [
                    "Aucune procédure écrite.",
                    "Quelques procédures, peu appliquées.",
                    "Procédures clés écrites et appliquées, enquêtes de satisfaction.",
                    "Démarche qualité reconnue (label, certification) ou revue annuelle "
                    "d'amélioration.",
                ],
            ),
        ],
    ),
]

FREE_QUESTIONS = [
    "Quelles sont les trois priorités de la structure pour les deux prochaines années ?",
    "Sur quels sujets attendez-vous un appui du réseau ?",
]


def install(*, Grid, Axis, Criterion, Level, FreeQuestion, published_at=None):  # noqa: N803
    """Create the default grid if its lineage doesn't exist yet (models may be historical
    models from a migration). Returns the grid."""
    existing = Grid.objects.filter(lineage=LINEAGE).order_by("-version").first()
    if existing is not None:
        return existing
    grid = Grid.objects.create(
        name=NAME,
        lineage=LINEAGE,
        version=1,
        description=DESCRIPTION,
        published_at=published_at,
        is_default=True,
    )
    for axis_order, (axis_title, axis_description, criteria) in enumerate(AXES, start=1):
        axis = Axis.objects.create(
            grid=grid, order=axis_order, title=axis_title, description=axis_description
        )
        for criterion_order, (title, help_text, descriptors) in enumerate(criteria, start=1):
            criterion = Criterion.objects.create(
                axis=axis, order=criterion_order, title=title, help=help_text
            )
            Level.objects.bulk_create(
                Level(criterion=criterion, value=value, descriptor=descriptor)
                for value, descriptor in enumerate(descriptors, start=1)
            )
    for order, text in enumerate(FREE_QUESTIONS, start=1):
        FreeQuestion.objects.create(grid=grid, order=order, text=text)
    return grid
