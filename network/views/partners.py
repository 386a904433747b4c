from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.access import STAFF, access_rule, deny_unless

from .. import perms, services
from ..filters import OrganisationFilter
from ..forms import ContactForm, OrganisationForm
from ..models import Contact, Organisation
from ._common import paginate


def _partners(user):
    return Organisation.objects.visible_to(user)


@access_rule(STAFF)
def partner_list(request):
    queryset = (
        _partners(request.user)
        .select_related("kind", "region", "commune")
        .annotate(
            contact_count=Count("contacts", filter=Q(contacts__erased_at__isnull=True)),
        )
        .order_by("name")
    )
    filterset = OrganisationFilter(request.GET or None, queryset=queryset)
    page = paginate(request, filterset.qs)
    return render(request, "network/partner_list.html", {"filter": filterset, "page": page})


@access_rule(STAFF)
def partner_detail(request, pk):
    organisation = get_object_or_404(
        _partners(request.user).select_related("kind", "region", "departement", "commune"),
        pk=pk,
    )
    contacts = organisation.contacts.order_by("last_name", "first_name")
    interactions = organisation.interactions.select_related("mission").order_by("-occurred_on")
    return render(
        request,
        "network/partner_detail.html",
        {
            "organisation": organisation,
            "contacts": contacts,
            "interactions": interactions[:20],
            "interaction_count": interactions.count(),
            "can_edit": perms.can_edit_partner(request.user, organisation),
        },
    )


@access_rule(STAFF)
def partner_create(request):
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        messages.success(request, _("Partenaire enregistré."))
        return redirect("network:partner_detail", pk=organisation.pk)
    return render(request, "network/partner_form.html", {"form": form, "organisation": None})


@access_rule(STAFF)
def partner_edit(request, pk):
    organisation = get_object_or_404(_partners(request.user), pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    if request.method == "POST":
        deny_unless(perms.can_edit_partner(request.user, organisation))
        if form.is_valid():
            form.save()
            messages.success(request, _("Partenaire enregistré."))
            return redirect("network:partner_detail", pk=organisation.pk)
    return render(
        request, "network/partner_form.html", {"form": form, "organisation": organisation}
    )


def _contacts(user):
    return Contact.objects.visible_to(user).select_related("organisation")


@access_rule(STAFF)
def contact_create(request, organisation_pk):
    organisation = get_object_or_404(_partners(request.user), pk=organisation_pk)
    deny_unless(perms.can_edit_partner(request.user, organisation))
    form = ContactForm(request.POST or None, instance=Contact(organisation=organisation))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Contact enregistré."))
        return redirect("network:partner_detail", pk=organisation.pk)
    return render(
        request,
        "network/contact_form.html",
        {"form": form, "organisation": organisation, "contact": None, "history": []},
    )


@access_rule(STAFF)
def contact_edit(request, pk):
    contact = get_object_or_404(_contacts(request.user), pk=pk)
    deny_unless(perms.can_edit_contact(request.user, contact))
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Contact enregistré."))
        return redirect("network:partner_detail", pk=contact.organisation_id)
    history = contact.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "network/contact_form.html",
        {
            "form": form,
            "organisation": contact.organisation,
            "contact": contact,
            "history": history,
        },
    )


@access_rule(STAFF)
def contact_export(request, pk, fmt):
    """Right of access: everything held about one person, in JSON or CSV."""
    deny_unless(True, visible=fmt in ("json", "csv"))
    contact = get_object_or_404(_contacts(request.user), pk=pk)
    content, content_type = services.contact_export(contact=contact, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    name = slugify(str(contact)) or "contact"
    response["Content-Disposition"] = f'attachment; filename="contact-{contact.pk}-{name}.{fmt}"'
    return response


@access_rule(STAFF)
def contact_erase(request, pk):
    """Right to erasure: a confirmation page, then the erasure (POST)."""
    contact = get_object_or_404(_contacts(request.user), pk=pk)
    deny_unless(perms.can_erase_contact(request.user, contact))
    if request.method == "POST":
        try:
            services.contact_erase(contact=contact, by=request.user)
        except services.NetworkError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Les données personnelles du contact ont été effacées."))
        return redirect("network:partner_detail", pk=contact.organisation_id)
    return render(request, "network/contact_erase.html", {"contact": contact})
