from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Invitation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "staff_scope", "is_active"]
    list_filter = ["role", "staff_scope", "is_active", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    filter_horizontal = ["regions", "groups", "user_permissions"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name", "job_title", "phone", "time_zone")}),
        (_("Rôle"), {"fields": ("role", "staff_scope", "regions", "organisation", "mfa_exempt")}),
        (_("Droits"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "created_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    raw_id_fields = ["invited_by", "accepted_by", "structure", "organisation"]
