import math
import time
import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from core.mail import mail_send

TOO_MANY_LOGIN_ATTEMPTS = "too_many_login_attempts"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """Accounts are made from invitations only (accounts.views.invitation_accept)."""
        return False

    def send_mail(self, template_prefix, email, context):
        """allauth's e-mails (password reset, address confirmation) rendered by allauth and
        sent like every e-mail of the portal, through `core.mail`. Each is its own message
        (a new reset link each time), hence a key of its own."""
        message = self.render_mail(template_prefix, email, context)
        mail_send(
            key=f"allauth:{template_prefix.rsplit('/', 1)[-1]}:{uuid.uuid4().hex}",
            to=message.to,
            subject=message.subject,
            body=message.body,
        )

    def _get_login_attempts_cache_key(self, request, **credentials):
        """Failed logins are counted per (address, account), never per account alone.

        allauth's `key` rate counts failures for this key; with the client address in it,
        an attacker who knows an e-mail address only locks that account *from their own
        address*: its owner, elsewhere, still logs in with the right password. The `ip`
        rate of `login_failed` bounds what one address may try across all accounts."""
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{ratelimit.get_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError as error:
            if error.code != TOO_MANY_LOGIN_ATTEMPTS:
                raise
            minutes = login_retry_minutes(
                request, key=self._get_login_attempts_cache_key(request, **credentials)
            )
            raise forms.ValidationError(
                _(
                    "Trop de tentatives de connexion depuis votre adresse. Par sécurité, "
                    "réessayez dans %(minutes)s minute(s) ; si vous avez oublié votre mot "
                    "de passe, utilisez « Mot de passe oublié »."
                ),
                code=TOO_MANY_LOGIN_ATTEMPTS,
                params={"minutes": minutes},
            ) from error


def login_retry_minutes(request, *, key: str) -> int:
    """Minutes until the `login_failed` limits that refused this attempt let one through.

    Read from the attempts allauth recorded (newest first, within each rate's window)."""
    now = time.time()
    wait = 0.0
    for rate in ratelimit.get_rates(app="allauth.account", action="login_failed"):
        cache_key = ratelimit.get_cache_key(
            request, app="allauth.account", action="login_failed", rate=rate, key=key
        )
        history = [stamp for stamp in cache.get(cache_key, []) if stamp > now - rate.duration]
        if len(history) >= rate.amount:
            wait = max(wait, history[rate.amount - 1] + rate.duration - now)
    return max(1, math.ceil(wait / 60)) if wait else settings.MAILLAGE_RATE_LIMIT_MINUTES
