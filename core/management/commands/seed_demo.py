from django.core.management.base import BaseCommand
from django.db import transaction

from core import versions
from core.demo import DemoContext, seeders


class Command(BaseCommand):
    help = "Charge les données de démonstration (histoire de la Guyane, 2019). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Multiplie les structures et leur historique (50 ≈ 1 000 SIAE).",
        )

    def handle(self, *args, scale, **options):
        if scale < 1:
            self.stderr.write("--scale doit être un entier supérieur ou égal à 1.")
            raise SystemExit(2)
        ctx = DemoContext(scale=scale, log=lambda message: self.stdout.write(f"  {message}"))
        with transaction.atomic():
            for _order, label, step in seeders():
                self.stdout.write(f"{label}…")
                step(ctx)
        # Loaded in bulk, without the signals that replace the cache's versions.
        versions.forget()
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
