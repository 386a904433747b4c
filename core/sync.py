"""What every synchronisation endpoint shares: reading the changes a device sends, applying
each of them once, and answering one result per change.

A device records changes while it has no network (static/js/offline.js) and sends them as
one JSON request: `{"changes": [{"key": …, "type": …, …}, …]}`. Each app reads the changes
about its own objects (diagnostics: visits, events: attendance) and applies them through the
same forms, permissions and services as its online pages; this module only knows keys and
results:

- `applied`: written (or written already by an earlier sending of the same key);
- `refused`: a rule, a form or a permission said no; `message` says why, nothing is written;
  `gone` marks an object the user can no longer reach (deleted, or out of their scope), so
  the device clears its copy;
- `conflict`: the value on the server changed since the device took its copy; `server`
  holds the server's value and `mine` the device's, for the user to choose.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.utils.translation import gettext as _

from .models import SyncChange

MAX_BODY_BYTES = 512 * 1024
MAX_CHANGES = 500
KEY_LENGTH = (8, 64)

APPLIED, REFUSED, CONFLICT = "applied", "refused", "conflict"


class BadSync(Exception):
    """The request itself cannot be read: answered 400 with this French message."""


class Refused(Exception):
    """One change refused: its message is shown to the user beside the change."""

    def __init__(self, message: str, *, gone: bool = False):
        super().__init__(message)
        self.gone = gone


class Conflict(Exception):
    """The server's value moved since the device's copy: both are shown to the user."""

    def __init__(self, message: str, *, server, mine):
        super().__init__(message)
        self.server, self.mine = server, mine


@dataclass
class Result:
    key: str
    status: str
    message: str = ""
    gone: bool = False
    server: object = None
    mine: object = None
    data: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        found = {"key": self.key, "status": self.status, "message": self.message}
        if self.gone:
            found["gone"] = True
        if self.status == CONFLICT:
            found["server"], found["mine"] = self.server, self.mine
        if self.data:
            found["data"] = self.data
        return found


def changes_read(request) -> list[dict]:
    """The changes of a synchronisation request, each a dict with a valid `key` and `type`;
    anything else is a BadSync with a message saying what is wrong."""
    if len(request.body) > MAX_BODY_BYTES:
        raise BadSync(_("L'envoi est trop volumineux : synchronisez en plusieurs fois."))
    try:
        payload = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadSync(_("Le contenu envoyé n'est pas du JSON valide.")) from None
    changes = payload.get("changes") if isinstance(payload, dict) else None
    if not isinstance(changes, list):
        raise BadSync(_("Le contenu envoyé doit contenir une liste « changes »."))
    if len(changes) > MAX_CHANGES:
        raise BadSync(_("Trop de changements en une fois : synchronisez en plusieurs fois."))
    keys = set()
    for change in changes:
        if not isinstance(change, dict):
            raise BadSync(_("Chaque changement doit être un objet JSON."))
        key, kind = change.get("key"), change.get("type")
        if not (
            isinstance(key, str)
            and KEY_LENGTH[0] <= len(key) <= KEY_LENGTH[1]
            and key.isascii()
            and all(c.isalnum() or c in "-_" for c in key)
        ):
            raise BadSync(_("Un changement n'a pas de clé valide."))
        if not isinstance(kind, str):
            raise BadSync(_("Un changement n'a pas de type."))
        if key in keys:
            raise BadSync(_("Deux changements portent la même clé."))
        keys.add(key)
    return changes


def digest(change: dict) -> str:
    return hashlib.sha256(json.dumps(change, sort_keys=True, default=str).encode()).hexdigest()


def apply_once(*, user, change: dict, apply: Callable[[], dict | None]) -> Result:
    """Apply one change unless its key was applied already, in a savepoint of its own: a
    refused change leaves nothing behind, and the others of the request still go through.
    `apply` returns what the device needs to know of the written object (its id…), raises
    Refused or Conflict. Only applied changes are recorded: a refused or conflicting one
    is read again when the device sends it again (after the user's choice)."""
    key = change["key"]
    stored = _stored(user, change)
    if stored is not None:
        return stored
    try:
        with transaction.atomic():
            data = apply() or {}
            SyncChange.objects.create(
                key=key, user=user, kind=change["type"], digest=digest(change), result=data
            )
    except Refused as refusal:
        return Result(key, REFUSED, str(refusal), gone=refusal.gone)
    except Conflict as conflict:
        return Result(key, CONFLICT, str(conflict), server=conflict.server, mine=conflict.mine)
    except IntegrityError:
        # The same key applied meanwhile by another request of the same device (a retry
        # sent while the first was still running): its result is the answer.
        stored = _stored(user, change)
        if stored is None:
            raise
        return stored
    return Result(key, APPLIED, _("Appliqué."), data=data)


def changes_apply(
    *, changes: list[dict], user, handlers: dict, load: Callable, name: str
) -> list[Result]:
    """Apply `changes` in the order they were made, one result each: `handlers` maps a
    change's type to `handler(user=…, change=…, <name>=obj)`, `load(user, change)` loads
    (again, for each change) the object the change is about, refusing one out of reach. A
    type the server does not know is refused, never dropped."""
    results = []
    for change in changes:
        handler = handlers.get(change["type"])

        def run(handler=handler, change=change):
            if handler is None:
                raise Refused(_("Ce type de changement n'est pas connu du serveur."))
            return handler(user=user, change=change, **{name: load(user, change)})

        results.append(apply_once(user=user, change=change, apply=run))
    return results


def sync_view_response(request, apply: Callable[..., list[Result]]) -> JsonResponse:
    """What a sync endpoint answers: the request's changes read (400 with a French message
    when malformed), applied by `apply(changes=…, user=…)`, one result each."""
    try:
        changes = changes_read(request)
    except BadSync as error:
        return bad_sync_response(error)
    return sync_response(apply(changes=changes, user=request.user))


def _stored(user, change) -> Result | None:
    record = SyncChange.objects.filter(key=change["key"]).first()
    if record is None:
        return None
    if record.user_id != user.pk or record.digest != digest(change):
        return Result(
            change["key"],
            REFUSED,
            _(
                "Ce changement a déjà été envoyé avec un autre contenu : il n'est pas appliqué "
                "une seconde fois. Faites la modification en ligne."
            ),
        )
    return Result(change["key"], APPLIED, _("Déjà appliqué."), data=record.result)


def sync_response(results: list[Result]) -> JsonResponse:
    return JsonResponse({"results": [result.as_json() for result in results]})


def bad_sync_response(error: BadSync) -> JsonResponse:
    return JsonResponse({"error": str(error)}, status=400)


def form_errors_text(form) -> str:
    """A form's errors in one French sentence naming each field ("Objectif : …")."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(error) for error in errors)
        parts.append(f"{label} : {text}" if label else text)
    return " ".join(parts)


def text_of(change: dict, name: str, *, max_length: int = 10_000) -> str:
    value = change.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > max_length:
        raise Refused(_("Le champ « %(name)s » envoyé n'est pas un texte valide.") % {"name": name})
    return value


def int_of(change: dict, name: str, *, required: bool = True) -> int | None:
    value = change.get(name)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**31:
        raise Refused(
            _("Le champ « %(name)s » envoyé n'est pas un identifiant valide.") % {"name": name}
        )
    return value
