"""A visit taken on a device without network: its copy (JSON), and the synchronisation of
what was recorded offline (see diagnostics/offline.py and static/js/offline.js)."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_POST

from core import sync
from core.access import STAFF, access_rule, deny_unless

from .. import offline
from ..models import Visit
from ..perms import can_edit_visit
from .common import STAFF_OF_TERRITORY


@access_rule(STAFF)
@require_GET
def visit_offline_bundle(request, pk):
    """Staff of the territory take a visit with them; others get the same 404/403 as the
    visit's pages, and a device that asks again after losing access clears its copy."""
    visit = get_object_or_404(
        Visit.objects.visible_to(request.user).select_related(
            "structure__commune", "assessment__grid"
        ),
        pk=pk,
    )
    deny_unless(can_edit_visit(request.user, visit), reason=STAFF_OF_TERRITORY)
    return JsonResponse(offline.visit_bundle(visit=visit, user=request.user))


@access_rule(STAFF)
@require_POST
def visit_sync(request):
    """The changes recorded offline on visits, applied one by one: one result each."""
    return sync.sync_view_response(request, offline.visit_changes_apply)
