from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from territories.services import CommuneImportError, communes_import


class Command(BaseCommand):
    help = (
        "Importe le fichier officiel des communes de l'INSEE (v_commune_20xx.csv). "
        "Toutes les lignes sont vérifiées d'abord : une seule ligne invalide et rien n'est "
        "importé. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Fichier CSV (UTF-8, en-tête INSEE)")

    def handle(self, *args, file: Path, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Lecture impossible de {file} : {error}") from error
        try:
            report = communes_import(text=text)
        except CommuneImportError as error:
            for row_error in error.errors:
                self.stderr.write(str(row_error))
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.created} communes créées, {report.updated} mises à jour, "
                f"{report.unchanged} inchangées, {report.skipped} lignes ignorées "
                "(communes associées ou déléguées, arrondissements)."
            )
        )
