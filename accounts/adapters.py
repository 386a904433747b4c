import uuid

from allauth.account.adapter import DefaultAccountAdapter

from core.mail import mail_send


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
