from django.contrib import admin

from .models import SentMail


@admin.register(SentMail)
class SentMailAdmin(admin.ModelAdmin):
    """What the portal sent, read-only: who, what, when."""

    list_display = ["subject", "recipients", "created_at", "sent_at"]
    list_filter = ["sent_at"]
    search_fields = ["key", "subject", "to"]
    readonly_fields = ["key", "to", "subject", "body", "created_at", "sent_at"]
    exclude = ["attachments"]

    @admin.display(description="destinataires")
    def recipients(self, mail):
        return ", ".join(mail.to)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
