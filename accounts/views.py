from allauth.account.utils import perform_login
from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import AUTHENTICATED, PUBLIC, STAFF, access_rule
from core.french import date_text

from . import services
from .forms import InvitationAcceptForm, InvitationForm, ProfileForm
from .models import Invitation


@access_rule(STAFF)
def invitation_list(request):
    invitations = (
        Invitation.objects.visible_to(request.user)
        .select_related("invited_by", "structure", "organisation", "region")
        .order_by("-created_at")
    )
    query = request.GET.get("q", "").strip()
    if query:
        invitations = invitations.filter(Q(email__icontains=query) | Q(last_name__icontains=query))
    return render(
        request,
        "accounts/invitation_list.html",
        {"invitations": invitations[:200], "query": query},
    )


@access_rule(STAFF)
def invitation_create(request):
    form = InvitationForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            invitation = services.invitation_create(
                by=request.user, email=data.pop("email"), role=data.pop("role"), **data
            )
        except services.InvitationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, services.invitation_sent_message(invitation))
            return redirect("accounts:invitation_list")
    return render(
        request,
        "accounts/invitation_form.html",
        {"form": form, "invitation_days": settings.MAILLAGE_INVITATION_MAX_AGE_DAYS},
    )


@access_rule(STAFF)
@require_POST
def invitation_resend(request, pk):
    invitation = get_object_or_404(Invitation.objects.visible_to(request.user), pk=pk)
    try:
        invitation = services.invitation_resend(invitation=invitation, by=request.user)
    except services.InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Invitation renvoyée à %(email)s, valable jusqu'au %(date)s.")
            % {
                "email": invitation.email,
                "date": date_text(invitation.expires_at, "long"),
            },
        )
    return redirect("accounts:invitation_list")


@access_rule(STAFF)
@require_POST
def invitation_revoke(request, pk):
    invitation = get_object_or_404(Invitation.objects.visible_to(request.user), pk=pk)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except services.InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Invitation annulée."))
    return redirect("accounts:invitation_list")


@access_rule(PUBLIC)
def invitation_accept(request, token):
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationError as error:
        return render(request, "accounts/invitation_invalid.html", {"error": error}, status=400)

    user = request.user if request.user.is_authenticated else None
    account_exists = (
        user is not None or services.User.objects.filter(email=invitation.email).exists()
    )
    form = None
    if account_exists:
        if request.method == "POST" and user is not None:
            try:
                services.invitation_accept(invitation=invitation, user=user)
            except services.InvitationError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Invitation acceptée : bienvenue !"))
                return redirect("home")
    else:
        form = InvitationAcceptForm(
            request.POST or None,
            email=invitation.email,
            initial={"first_name": invitation.first_name, "last_name": invitation.last_name},
        )
        if request.method == "POST" and form.is_valid():
            try:
                new_user = services.invitation_accept(
                    invitation=invitation,
                    password=form.cleaned_data["password1"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
            except services.InvitationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Votre compte est créé : bienvenue !"))
                return perform_login(request, new_user, email_verification="none", redirect_url="/")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "form": form, "account_exists": account_exists},
    )


@access_rule(AUTHENTICATED)
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Profil enregistré."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
