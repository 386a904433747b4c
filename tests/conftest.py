import pytest
from django.core.management import call_command

from core.demo import demo_email


@pytest.fixture(scope="session")
def _demo_pdf_layouts():
    """The demo report's layout, kept for the session (see tests/reports/demo_pdf.py)."""
    from tests.reports.demo_pdf import DemoLayouts

    return DemoLayouts()


@pytest.fixture
def demo(db, _demo_pdf_layouts):
    """The demo world (seed_demo at scale 1), rolled back after the test.

    Its PDF report is laid out once per session: later seeds write the same layout again
    with their own dates, which gives the bytes of a full render."""
    from reports import rendering

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rendering, "html_to_pdf", _demo_pdf_layouts.html_to_pdf)
        call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    from accounts.models import User

    return {
        user.email.split("@")[0]: user
        for user in User.objects.filter(email__endswith="@demo.maillage.test")
    }


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


__all__ = ["demo_email"]
