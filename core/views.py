import json

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template, render_to_string
from django.utils.translation import gettext as _

from . import offline
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


@access_rule(PUBLIC)
def offline_page(request):
    """What a page not kept on the device shows without network (the service worker keeps
    this page; it holds nothing about the user)."""
    return render(request, "core/offline.html")


@access_rule(PUBLIC)
def service_worker(request):
    """The service worker, from the site's root so that it may serve every page; public
    like the static files it lists (it holds no data)."""
    offline_html = render_to_string("core/offline.html", request=request).encode()
    source = get_template("core/sw.js").template.source.encode()
    config = offline.service_worker_config(offline_page_html=offline_html, sw_source=source)
    response = render(
        request,
        "core/sw.js",
        {"config": json.dumps(config)},
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@access_rule(PUBLIC)
def web_manifest(request):
    """What a phone needs to install the portal as an app."""
    return HttpResponse(
        offline.manifest(
            name=_("Maillage — réseau de l'IAE"),
            short_name="Maillage",
            description=_("Visites, diagnostics et réunions du réseau, même sans réseau mobile."),
        ),
        content_type="application/manifest+json; charset=utf-8",
    )


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
