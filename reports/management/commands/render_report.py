from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports import services
from reports.enums import SUBJECT_OF_KIND, ReportKind, SubjectType


class Command(BaseCommand):
    help = (
        "Produit un rapport tout de suite, sans serveur de rendu (exploitation, mesures). "
        "Exemple : render_report territorial --subject 3 --output guyane.pdf"
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ReportKind.values)
        parser.add_argument(
            "--subject",
            type=int,
            help="id du territoire, de la structure ou de la réunion (sans objet pour « national »)",
        )
        parser.add_argument("--year", type=int, help="année (fiche dialogue de gestion)")
        parser.add_argument("--output", type=Path, help="copie du PDF dans ce fichier")

    def handle(self, *args, kind, subject, year, output, **options):
        from structures.models import Structure
        from territories.models import Region

        subject_type = SUBJECT_OF_KIND[ReportKind(kind)]
        arguments = {"kind": kind, "by": None, "year": year}
        try:
            if subject_type == SubjectType.REGION:
                arguments["region"] = Region.objects.get(pk=subject)
            elif subject_type == SubjectType.STRUCTURE:
                arguments["structure"] = Structure.objects.get(pk=subject)
            elif subject_type == SubjectType.EVENT:
                arguments["event_id"] = subject
        except (Region.DoesNotExist, Structure.DoesNotExist) as error:
            raise CommandError(f"Sujet introuvable : {subject}") from error
        if subject_type != SubjectType.NATIONAL and subject is None:
            raise CommandError("--subject est obligatoire pour ce type de rapport.")
        try:
            report = services.report_request_now(**arguments)
        except services.ReportError as error:
            raise CommandError(str(error)) from error
        report.refresh_from_db()
        if not report.is_ready:
            raise CommandError(f"Échec du rendu : {report.error}")
        if output:
            with report.file.open("rb") as source:
                output.write_bytes(source.read())
        self.stdout.write(
            f"{report.title} v{report.version} : {report.pages} pages, {report.size} octets, "
            f"{report.render_seconds:.2f} s, sha256 {report.sha256}"
            + (f" → {output}" if output else "")
        )
