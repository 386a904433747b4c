import time

from django.core.management.base import BaseCommand, CommandError

from territories.services import TerritoriesError, territories_load

LABELS = {
    "regions": "régions",
    "departements": "départements",
    "arrondissements": "arrondissements",
    "epci": "intercommunalités",
    "communes": "communes",
    "postcodes": "codes postaux",
    "aliases": "anciennes communes et anciens codes",
}


class Command(BaseCommand):
    help = (
        "Charge ou met à jour toutes les communes de France (paquet npm "
        "@etalab/decoupage-administratif, installé par `npm ci`) : arrondissements, "
        "intercommunalités, codes postaux, population légale, communes déléguées et "
        "associées, anciens codes. Idempotent : une seconde exécution n'écrit rien."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            report = territories_load()
        except TerritoriesError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        for name, changes in report.tables.items():
            if changes.count:
                self.stdout.write(
                    f"{LABELS[name]} : {changes.created} créé(s), {changes.updated} mis à jour, "
                    f"{changes.deleted} supprimé(s)"
                )
        summary = (
            f"{report.communes} communes et {report.aliases} anciennes communes ou anciens "
            f"codes ({report.skipped} communes de collectivités d'outre-mer hors départements "
            f"laissées de côté), en {seconds:.1f} s."
        )
        if report.changed:
            self.stdout.write(self.style.SUCCESS(f"Territoires à jour : {summary}"))
        else:
            self.stdout.write(self.style.SUCCESS(f"Déjà à jour, rien n'a changé : {summary}"))
