"""A national structures file through the staff's import pages: upload, preview, confirm.

Run as a subprocess by `python -m benchmarks` (`python -m benchmarks.imports`, with
DATABASE_URL set to the largest scale's database); prints JSON. The file has half updates of
structures already there and half new ones; it is confirmed inside a transaction that is
rolled back, so the database measured next is the one that was seeded. Time is measured on
its own; memory in a second pass (tracemalloc slows Python down), at two sizes of file, so
that a memory that grows with the rows shows.
"""

import csv
import io
import json
import sys
import time
import tracemalloc

from .pages import setup_django

SIZES = (1000, 5000)


def structures_file(rows: int) -> bytes:
    """`rows` lines in the import's columns: half the existing structures with a new address,
    half new structures (valid SIRETs no structure has) in the same communes."""
    from stdnum import luhn

    from structures.models import Structure

    existing = list(
        Structure.objects.exclude(siret="")
        .select_related("commune")
        .order_by("pk")
        .values_list("name", "kind", "siret", "commune__insee_code")[: rows // 2]
    )
    communes = [row[3] for row in existing] or ["97302"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["nom", "type", "siret", "commune_insee", "adresse"])
    for index, (name, kind, siret, commune) in enumerate(existing):
        writer.writerow([name, kind, siret, commune, f"{index} rue de l'Import"])
    taken = set(Structure.objects.values_list("siret", flat=True))
    serial = 0
    for index in range(rows - len(existing)):
        while True:
            # A SIREN (8 digits and its Luhn key) and an establishment number, keyed again.
            siren = f"87{serial:06d}"
            siren += luhn.calc_check_digit(siren)
            siret = f"{siren}0001"
            siret += luhn.calc_check_digit(siret)
            serial += 1
            if siret not in taken:
                break
        writer.writerow(
            [
                f"Nouvelle structure {index}",
                "ACI",
                siret,
                communes[index % len(communes)],
                f"{index} avenue de l'Import",
            ]
        )
    return out.getvalue().encode()


def _through_the_pages(client, content: bytes, *, memory: bool) -> dict:
    """Upload, preview (GET) and confirm (POST), the confirmation rolled back."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.urls import reverse

    upload = SimpleUploadedFile("structures.csv", content, content_type="text/csv")
    response = client.post(
        reverse("structures:import_upload"), {"kind": "structures", "file": upload}
    )
    if response.status_code != 302:
        raise RuntimeError(f"upload answered {response.status_code}")
    preview_url = response["Location"]
    figures = {}
    for step, method in (("preview", client.get), ("confirm", client.post)):
        with transaction.atomic():
            if memory:
                tracemalloc.start()
            started = time.perf_counter()
            response = method(preview_url)
            figures[f"{step}_seconds"] = time.perf_counter() - started
            if memory:
                figures[f"{step}_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
            figures[f"{step}_status"] = response.status_code
            figures[f"{step}_html_kb"] = len(response.content) / 1024
            transaction.set_rollback(True)
    return figures


def main() -> None:
    setup_django()
    from django.test import Client

    from accounts.models import User
    from structures.models import Structure

    client = Client(raise_request_exception=False)
    client.force_login(
        User.objects.get(email="reseau@demo.maillage.test"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    before = Structure.objects.count()
    result = {"structures": before, "sizes": {}}
    for rows in SIZES:
        content = structures_file(rows)
        timed = _through_the_pages(client, content, memory=False)
        weighed = _through_the_pages(client, content, memory=True)
        result["sizes"][rows] = {
            **timed,
            "preview_peak_mb": weighed["preview_peak_mb"],
            "confirm_peak_mb": weighed["confirm_peak_mb"],
            "file_kb": len(content) / 1024,
        }
    if Structure.objects.count() != before:
        raise RuntimeError("the import was not rolled back")
    json.dump(result, sys.stdout)


def import_table(env: dict) -> list[str]:

    from . import targets
    from .__main__ import load_note, module_json
    from .tables import flag, print_table

    print(f"  imports{load_note()}", flush=True)
    data = module_json("benchmarks.imports", env)
    rows, misses = [], []
    sizes = sorted(data["sizes"], key=int)
    for size in sizes:
        figures = data["sizes"][size]
        for step in ("preview", "confirm"):
            seconds = figures[f"{step}_seconds"]
            status = figures[f"{step}_status"]
            held = int(size) == targets.IMPORT_ROWS
            # The preview shows the file (200); a confirmed import goes back to the directory
            # (302): a confirmation that answers 200 found errors and wrote nothing.
            expected = 200 if step == "preview" else 302
            ok = status == expected and (not held or seconds <= targets.IMPORT_SECONDS)
            if not ok:
                misses.append(f"import of {size} rows, {step}: {seconds:.1f} s (status {status})")
            rows.append(
                [
                    size,
                    f"{figures['file_kb']:.0f}",
                    step,
                    status,
                    f"{seconds:.1f}" + flag(ok),
                    f"{figures[f'{step}_peak_mb']:.1f}",
                    f"{figures[f'{step}_html_kb']:.0f}",
                ]
            )
    first, last = (data["sizes"][size] for size in (sizes[0], sizes[-1]))
    for step in ("preview", "confirm"):
        growth = (
            last[f"{step}_peak_mb"] / first[f"{step}_peak_mb"] if first[f"{step}_peak_mb"] else 0
        )
        # Constant memory: five times the rows, at most a third more memory.
        if growth > 1.33:
            misses.append(
                f"import {step}: memory grows with the rows ({first[f'{step}_peak_mb']:.0f} → "
                f"{last[f'{step}_peak_mb']:.0f} MB from {sizes[0]} to {sizes[-1]} rows)"
            )
    print_table(
        f"Structures import through the staff's pages, into {data['structures']} structures "
        f"(half updates, half new; the confirmation rolled back). Targets: {targets.IMPORT_ROWS} "
        f"rows previewed and confirmed in ≤ {targets.IMPORT_SECONDS:.0f} s each, in constant "
        f"memory (Python's peak, tracemalloc){load_note()}",
        ["rows", "file KB", "step", "status", "seconds", "peak MB", "page KB"],
        rows,
    )
    return misses


if __name__ == "__main__":
    main()
