from django.conf import settings


def navigation(request):
    """Role flags for the base layout's navigation (the rules themselves live in core.access)."""
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "nav": {
            "staff": authenticated and user.is_network_staff,
            "manager": authenticated and user.is_siae_manager,
            "partner": authenticated and user.is_partner_agent,
            "superuser": authenticated and user.is_superuser,
        },
        "SITE_NAME": "Maillage",
        "DEBUG": settings.DEBUG,
    }
