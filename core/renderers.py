from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Forms rendered by the project's template engine, so `{{ form }}` and
    `{{ field.as_field_group }}` use the portal's own field template."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
