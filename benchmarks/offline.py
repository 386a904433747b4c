"""What offline field work costs on a slow, costly link (run as a subprocess by `python -m
benchmarks --only offline`, on the scale-1 database, static files collected): prints JSON.

- The offline bundle: what a device downloads to work without network — the files the
  service worker keeps (its list comes from /sw.js itself), the pages of a prepared visit
  and meeting, and their JSON copies — each as a browser receives it (whitenoise's Brotli
  or gzip copy for static files, gzip for pages and JSON).
- The sync request of a whole visit: every criterion of the grid answered with a comment,
  the three findings and two new action items, as static/js/offline.js sends them (plain
  JSON: browsers do not compress uploads). It is sent for real, for a new visit, in a
  transaction rolled back, and every change must come back applied.
"""

import gzip
import json
import re
import uuid

from .pages import asset_transfer, setup_django

MAX_BUNDLE = 200 * 1024
MAX_SYNC_REQUEST = 16 * 1024


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def whole_visit_changes(bundle: dict) -> list[dict]:
    visit = bundle["id"]
    changes = []
    for axis in bundle["grid"]["axes"]:
        for index, criterion in enumerate(axis["criteria"]):
            changes.append(
                {
                    "key": str(uuid.uuid4()),
                    "type": "answer",
                    "visit": visit,
                    "criterion": criterion["id"],
                    "level": 1 + index % 4,
                    "comment": "Constat partagé avec la direction lors de la visite sur place.",
                    "base": bundle["answers"].get(str(criterion["id"]))
                    or {"level": None, "comment": ""},
                }
            )
    changes.append(
        {
            "key": str(uuid.uuid4()),
            "type": "visit_texts",
            "visit": visit,
            "fields": {
                "strengths": "Équipe encadrante stable, ancrage fort sur le fleuve.",
                "weaknesses": "Trésorerie tendue en fin d'année, locaux trop petits.",
                "recommendations": "Formaliser le projet social ; diversifier les clients.",
            },
            "base": {
                name: bundle["visit"][name]
                for name in ("strengths", "weaknesses", "recommendations")
            },
        }
    )
    for objective in ("Formaliser le projet social", "Former l'encadrement technique"):
        changes.append(
            {
                "key": str(uuid.uuid4()),
                "type": "action_item",
                "visit": visit,
                "fields": {
                    "axis": bundle["grid"]["axes"][0]["id"],
                    "objective": objective,
                    "finding": "Relevé lors de la visite.",
                    "actions": "Atelier avec l'équipe de direction.",
                    "owner": "La directrice",
                    "due_on": "2019-06-30",
                },
            }
        )
    return changes


def main() -> None:
    setup_django()
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from diagnostics.models import Visit
    from events.models import Event

    staff = User.objects.get(email="guyane@demo.maillage.test")
    client = Client()
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    visit = Visit.objects.visible_to(staff).filter(structure__name="APROSEP").latest("planned_on")
    event = (
        Event.objects.visible_to(staff).filter(status__in=["published", "held"]).latest("starts_at")
    )

    source = client.get(reverse("service_worker")).content.decode()
    config = json.loads(re.search(r"const CONFIG = (\{.*\});", source).group(1))
    files, seen = [], {}
    for url in config["precache"]:
        if url.startswith(config["staticPrefix"]):
            size, _cached = asset_transfer(client, url, seen=seen)
        else:
            size = gz(client.get(url).content)
        files.append({"what": url, "bytes": size})
    files.append({"what": "/sw.js", "bytes": gz(source.encode())})
    pages = []
    for name, url in (
        ("visit page", reverse("diagnostics:visit_detail", args=[visit.pk])),
        ("visit copy (JSON)", reverse("diagnostics:visit_offline_bundle", args=[visit.pk])),
        ("attendance page", reverse("events:attendance", args=[event.pk])),
        ("meeting copy (JSON)", reverse("events:offline_bundle", args=[event.pk])),
    ):
        response = client.get(url)
        pages.append(
            {"what": f"{name} {url}", "bytes": gz(response.content), "status": response.status_code}
        )

    with transaction.atomic():
        # A visit of the day, its grid not started: created and removed with the rollback.
        today = Visit.objects.create(structure=visit.structure, planned_on=visit.planned_on)
        bundle = client.get(reverse("diagnostics:visit_offline_bundle", args=[today.pk])).json()
        body = json.dumps({"changes": whole_visit_changes(bundle)}, ensure_ascii=False).encode()
        response = client.post(
            reverse("diagnostics:visit_sync"), body, content_type="application/json"
        )
        statuses = sorted({r["status"] for r in response.json()["results"]})
        transaction.set_rollback(True)
    print(
        json.dumps(
            {
                "files": files,
                "pages": pages,
                "sync": {
                    "changes": len(json.loads(body)["changes"]),
                    "bytes": len(body),
                    "gzip_bytes": gz(body),
                    "status": response.status_code,
                    "results": statuses,
                },
            }
        )
    )


if __name__ == "__main__":
    main()
