from django import template

register = template.Library()


@register.inclusion_tag("reports/_shared_summary.html")
def shared_reports_summary(user, limit: int = 5):
    """The latest reports shared with a partner agent's organisation, for their home page."""
    from reports.models import Report

    reports = (
        Report.objects.visible_to(user)
        .select_related("region", "structure")
        .order_by("-finished_at", "-pk")[:limit]
    )
    return {"reports": reports}
