"""A meeting's attendance taken on a device without network: its copy (JSON), and the
synchronisation of the ticks and walk-ins (see events/offline.py, static/js/offline.js)."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET, require_POST

from core import sync
from core.access import STAFF, access_rule

from .. import offline
from .common import READERS, _event, _manager_only


@access_rule(READERS)
@require_GET
def event_offline_bundle(request, pk):
    """Organisers take the attendance list with them; the same 404/403 as the page."""
    event = _event(request, pk)
    _manager_only(request, event)
    return JsonResponse(offline.event_bundle(event=event, user=request.user))


@access_rule(STAFF)
@require_POST
def event_sync(request):
    """The ticks and walk-ins recorded offline, applied one by one: one result each."""
    return sync.sync_view_response(request, offline.event_changes_apply)
