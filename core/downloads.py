"""The one way a stored, private file leaves the portal.

Every download view (member documents, visit attachments, accompaniment documents,
publications' attachments, regional network documents, reports) checks who asks, then
answers with `private_file`: an attachment (never shown inline, where a browser might run
it), never kept by a shared cache, its type never guessed by the browser, and a file gone
from storage answered as a missing page rather than an error.
"""

from pathlib import PurePosixPath

from django.http import FileResponse

from .access import deny_unless


def private_file(stored, *, filename: str = "", content_type: str | None = None) -> FileResponse:
    """`stored`: a FieldFile (or a storage name opened by the caller as a file object);
    `filename`: the name the user saves it under (the stored name's last part by default)."""
    name = getattr(stored, "name", "") or ""
    try:
        handle = stored.open("rb") if hasattr(stored, "open") else stored
    except (FileNotFoundError, ValueError):
        deny_unless(False, visible=False)  # gone from storage: like a missing page
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename or PurePosixPath(name).name or "fichier",
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
