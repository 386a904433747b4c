from django.db import models
from django.utils.translation import gettext_lazy as _


class SentMail(models.Model):
    """One e-mail of the portal, recorded when it is queued (`core.mail.mail_send`) and
    marked when it is sent. `key` names what the e-mail is about (an invitation, a
    registration notice…): a second request for the same key, or a task delivered twice
    by the broker, sends nothing more."""

    key = models.CharField(_("clé"), max_length=200, unique=True)
    to = models.JSONField(_("destinataires"), default=list)
    subject = models.CharField(_("objet"), max_length=300)
    body = models.TextField(_("texte"))
    attachments = models.JSONField(_("pièces jointes"), default=list, blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail envoyé")
        verbose_name_plural = _("e-mails envoyés")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"
