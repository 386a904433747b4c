"""Object-level permissions of the reports app (partner agents are read-only everywhere).

Views load reports through `Report.objects.visible_to(user)` first: these functions only
decide what a user who can see a report may do with it."""

from .enums import ReportStatus


def can_request_report(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_network_staff


def can_request_national_report(user) -> bool:
    """The national report covers every territory: the national team's."""
    return can_request_report(user) and user.is_national_staff


def can_retry_report(user, report) -> bool:
    return can_request_report(user) and report.status == ReportStatus.FAILED


def can_regenerate_report(user, report) -> bool:
    return can_request_report(user) and report.status in (ReportStatus.READY, ReportStatus.FAILED)


def can_share_report(user, report) -> bool:
    return can_request_report(user) and report.status == ReportStatus.READY


def can_view_report_downloads(user, report=None) -> bool:
    return can_request_report(user)
