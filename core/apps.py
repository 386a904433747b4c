from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Socle")

    def ready(self):
        from django import forms
        from django.db.models.signals import post_migrate

        from . import versions
        from .bounds import validate_portal_date

        # Every date typed in any form of the portal (ours, django-filter's, the admin's)
        # stays within the years it deals with: one rule, instead of one per field.
        for field in (forms.DateField, forms.DateTimeField):
            if validate_portal_date not in field.default_validators:
                field.default_validators = [*field.default_validators, validate_portal_date]

        # A new release never serves what the previous one kept in the cache.
        post_migrate.connect(versions.forget, sender=self, dispatch_uid="versions-forget")
