from django.conf import settings
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


class SyncChange(models.Model):
    """A change recorded on a device without network (a grid answer, an attendance tick, a
    new action item…) and applied by a synchronisation. `key` is chosen by the device when
    the change is made and sent again with every retry: a change whose key is already here
    is not applied twice, the stored result is answered instead (`core.sync.apply_once`).
    `digest` is a hash of the change's content, so a key sent again with other content is
    refused instead of silently ignored."""

    key = models.CharField(_("clé"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyé par"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("type de changement"), max_length=40)
    digest = models.CharField(_("empreinte"), max_length=64)
    result = models.JSONField(_("résultat"), default=dict)
    applied_at = models.DateTimeField(_("appliqué le"), auto_now_add=True)

    class Meta:
        verbose_name = _("changement hors connexion")
        verbose_name_plural = _("changements hors connexion")
        ordering = ["-applied_at"]

    def __str__(self):
        return f"{self.kind} {self.key}"
