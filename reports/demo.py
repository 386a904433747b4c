"""The Guyane territorial report, generated and shared with DIECCTE Guyane, so the DIECCTE
agent finds it at first login. Idempotent: a ready version is never generated again."""

from diagnostics.models import TerritorialDiagnostic
from network.models import Organisation
from territories.models import Region

from . import services
from .enums import ReportKind, ReportStatus
from .models import Report, ReportShare

ORDER = 90
GUYANE = "03"
PARTNER = "DIECCTE Guyane"


def seed(ctx):
    region = Region.objects.get(code=GUYANE)
    staff = ctx.refs.get("users", {}).get("guyane")
    key = Report.make_subject_key(kind=ReportKind.TERRITORIAL, region_id=region.pk)
    report = (
        Report.objects.filter(
            kind=ReportKind.TERRITORIAL, subject_key=key, status=ReportStatus.READY
        )
        .order_by("-version")
        .first()
    )
    if report is None:
        diagnostic = TerritorialDiagnostic.objects.filter(region=region).order_by("pk").first()
        report = services.report_request_now(
            kind=ReportKind.TERRITORIAL, region=region, diagnostic=diagnostic, by=staff
        )
        ctx.log(f"rapport « {report.title} » v{report.version} : {report.get_status_display()}")
    if report.is_ready:
        organisation = Organisation.objects.get(name=PARTNER, region=region)
        ReportShare.objects.get_or_create(
            report=report, organisation=organisation, defaults={"shared_by": staff}
        )
    ctx.refs["reports"] = {"guyane": report}
