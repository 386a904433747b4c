from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from .access import AUTHENTICATED, PUBLIC, access_rule


@access_rule(AUTHENTICATED)
def home(request):
    """Each role lands on its own home."""
    user = request.user
    if user.is_network_staff:
        return redirect("network:staff_home")
    if user.is_siae_manager:
        return redirect("structures:member_home")
    if user.is_partner_agent:
        return redirect("network:partner_home")
    return render(request, "core/no_role.html")


@access_rule(PUBLIC)
def accessibility(request):
    return render(request, "core/accessibility.html")


@access_rule(PUBLIC)
def legal(request):
    return render(request, "core/legal.html")


@access_rule(PUBLIC)
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def bad_request(request, exception):
    """400 page; a parameter the portal refused (core.bounds) says which and why."""
    from .bounds import InvalidParameter

    detail = str(exception) if isinstance(exception, InvalidParameter) else ""
    return render(request, "400.html", {"detail": detail}, status=400)


def too_many_requests(request):
    """The page allauth shows when a rate limit refuses a request (settings.ACCOUNT_RATE_LIMITS)."""
    minutes = settings.MAILLAGE_RATE_LIMIT_MINUTES
    response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
