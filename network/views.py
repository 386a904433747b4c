from django.db.models import Count
from django.shortcuts import render

from core.access import PARTNER, STAFF, access_rule, scoped_by_region
from structures.models import Structure

from .models import Organisation, Region


@access_rule(STAFF)
def staff_home(request):
    regions = scoped_by_region(Region.objects.all(), request.user, "pk").annotate(
        structure_count=Count("departements__structures", distinct=True),
        organisation_count=Count("organisations", distinct=True),
    )
    return render(
        request,
        "network/staff_home.html",
        {
            "regions": regions,
            "structure_count": Structure.objects.visible_to(request.user).count(),
            "organisation_count": Organisation.objects.visible_to(request.user).count(),
        },
    )


@access_rule(PARTNER)
def partner_home(request):
    return render(request, "network/partner_home.html", {"organisation": request.user.organisation})
