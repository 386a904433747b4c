from tests.access import AUTHENTICATED, EVERYONE, Spec

SPECS = {
    "home": Spec(AUTHENTICATED),
    "accessibility": Spec(EVERYONE, login_redirect=False),
    "legal": Spec(EVERYONE, login_redirect=False),
    "healthz": Spec(EVERYONE, login_redirect=False),
    "offline_page": Spec(EVERYONE, login_redirect=False),
    "service_worker": Spec(EVERYONE, login_redirect=False),
    "manifest": Spec(EVERYONE, login_redirect=False),
}
