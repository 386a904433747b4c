import pytest
from django.core.cache import cache
from django.urls import reverse

from core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

HOMES = {
    "admin": "network:staff_home",
    "reseau": "network:staff_home",
    "guyane": "network:staff_home",
    "normandie": "network:staff_home",
    "siae-a": "structures:member_home",
    "siae-b": "structures:member_home",
    "dieccte": "network:partner_home",
}


@pytest.mark.parametrize("account", HOMES)
def test_each_demo_account_lands_on_its_own_home(demo, client, account):
    response = client.post(
        reverse("account_login"),
        {"login": f"{account}@demo.maillage.test", "password": DEMO_PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(HOMES[account])


@pytest.mark.parametrize(
    "login", ["guyane@demo.maillage.test", "personne@nulle-part.test"], ids=["wrong", "unknown"]
)
def test_wrong_password_or_unknown_email_gets_a_clear_message(demo, client, login):
    response = client.post(reverse("account_login"), {"login": login, "password": "mauvais"})
    assert response.status_code == 200
    assert "sont incorrects" in response.content.decode()


def test_login_rate_limit_holds(demo, client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip,3/5m/key"}
    cache.clear()
    for _ in range(3):
        client.post(
            reverse("account_login"), {"login": "guyane@demo.maillage.test", "password": "x"}
        )
    response = client.post(
        reverse("account_login"), {"login": "guyane@demo.maillage.test", "password": DEMO_PASSWORD}
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    cache.clear()


def test_staff_must_set_up_two_factor_when_required(demo, login, settings):
    settings.MAILLAGE_STAFF_REQUIRE_MFA = True
    real = demo["guyane"]
    real.mfa_exempt = False
    real.save()
    response = login(real).get(reverse("network:staff_home"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_demo_accounts_skip_two_factor(demo, login, settings):
    settings.MAILLAGE_STAFF_REQUIRE_MFA = True
    assert login(demo["guyane"]).get(reverse("network:staff_home")).status_code == 200


def test_signup_is_closed(client):
    """Accounts come from invitations only: posting to allauth's signup creates nothing."""
    from accounts.models import User

    client.post(
        reverse("account_signup"),
        {
            "email": "intrus@exemple.test",
            "password1": "Un-mot-de-passe-1",
            "password2": "Un-mot-de-passe-1",
        },
    )
    assert not User.objects.filter(email="intrus@exemple.test").exists()


UNREACHABLE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
    }
}


def _staff_with_password():
    from tests.factories import PASSWORD, UserFactory, region

    return UserFactory(regional=True, regions=[region()]), PASSWORD


def test_a_page_reads_its_session_from_the_cache(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user, password = _staff_with_password()
    client.post(reverse("account_login"), {"login": user.email, "password": password})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("structures:directory"))
    assert response.status_code == 200
    assert response.context["user"] == user
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]


def test_logging_in_and_reading_pages_work_when_the_cache_cannot_be_reached(client, settings):
    user, password = _staff_with_password()
    settings.CACHES = UNREACHABLE_CACHE
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("network:staff_home")
    response = client.get(reverse("structures:directory"))
    assert response.status_code == 200
    assert response.context["user"] == user
    client.post(reverse("account_logout"))
    assert client.get(reverse("structures:directory")).status_code == 302
