import pytest
from django.urls import reverse
from django.utils.html import escape

from reports.models import Report

pytestmark = pytest.mark.django_db


def test_partner_home_lists_the_reports_shared_with_the_organisation(demo, login):
    report = Report.objects.visible_to(demo["dieccte"]).get()
    html = login(demo["dieccte"]).get(reverse("network:partner_home")).content.decode()
    assert escape(report.title) in html
    assert reverse("reports:download", args=[report.pk]) in html


def test_partner_home_of_another_organisation_lists_nothing(demo, login):
    from accounts.enums import Role
    from network.models import Organisation
    from tests.factories import UserFactory

    agent = UserFactory(
        role=Role.PARTNER, organisation=Organisation.objects.get(name="DREETS Normandie")
    )
    html = login(agent).get(reverse("network:partner_home")).content.decode()
    assert "Aucun rapport n" in html
    assert "Diagnostic territorial" not in html
