from allauth.account.utils import perform_login
from allauth.account.views import EmailView as AllauthEmailView
from allauth.account.views import LoginView as AllauthLoginView
from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Q
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import AUTHENTICATED, PUBLIC, STAFF, access_rule
from core.french import date_text

from . import perms, services
from .adapters import TOO_MANY_LOGIN_ATTEMPTS
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
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "can_change_email": perms.can_change_email(request.user)},
    )


class LoginView(AllauthLoginView):
    """allauth's login, answering 429 (with when to retry) once the limits refuse a try."""

    access_rule = PUBLIC

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error("__all__", TOO_MANY_LOGIN_ATTEMPTS):
            response.status_code = 429
            response["Retry-After"] = str(settings.MAILLAGE_RATE_LIMIT_MINUTES * 60)
        return response


# The password check takes about a second of CPU: on SQLite the login must not hold the
# write lock meanwhile (core.middleware.SqliteWriteTransactionMiddleware); its few writes
# (session, last login) stand on their own.
login = transaction.non_atomic_requests(LoginView.as_view())


class EmailView(AllauthEmailView):
    """allauth's address page, for those who may change their address (accounts.perms)."""

    access_rule = STAFF


email = EmailView.as_view()


@access_rule(PUBLIC)
def admin_login(request):
    """The admin has no password form of its own: it hands over to the portal's login.

    So the rate limits, the lockout rules and the staff's two-factor step are the same
    for the back office; nothing posted here authenticates anyone."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    next_url = next_url or reverse("admin:index")
    if request.user.is_authenticated:
        if not admin.site.has_permission(request):
            raise Http404
        return redirect(next_url)
    query = QueryDict(mutable=True)
    query["next"] = next_url
    return redirect(f"{reverse('account_login')}?{query.urlencode()}")
