from django.shortcuts import render

from core.access import MANAGER, access_rule

from .models import Structure


@access_rule(MANAGER)
def member_home(request):
    structures = Structure.objects.visible_to(request.user).select_related("commune")
    return render(request, "structures/member_home.html", {"structures": structures})
