"""The role-by-URL matrix: what each demo role may open.

Each app lists its URL names in `tests/<app>/access_spec.py` as `SPECS = {name: Spec(...)}`.
`tests/core/test_access.py` enumerates every URL pattern of the project and fails when one
has no Spec, or when a role gets anything but what its Spec says: allowed (not 404, not a
login redirect, no server error), forbidden (403: the role sees the object but may not do
this with it), denied (404: out of scope, or a page the role never uses) or, for anonymous
users, a login redirect.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ANONYMOUS = "anonymous"
SUPERUSER = "admin"
NATIONAL = "reseau"
GUYANE = "guyane"
NORMANDIE = "normandie"
MANAGER_A = "siae-a"  # APROSEP, Cayenne
MANAGER_B = "siae-b"  # Chantier Maroni Insertion, Saint-Laurent-du-Maroni
PARTNER = "dieccte"  # DIECCTE Guyane

ROLES = [ANONYMOUS, SUPERUSER, NATIONAL, GUYANE, NORMANDIE, MANAGER_A, MANAGER_B, PARTNER]
STAFF = frozenset({SUPERUSER, NATIONAL, GUYANE, NORMANDIE})
GUYANE_STAFF = frozenset({SUPERUSER, NATIONAL, GUYANE})
NORMANDIE_STAFF = frozenset({SUPERUSER, NATIONAL, NORMANDIE})
MANAGERS = frozenset({MANAGER_A, MANAGER_B})
PARTNERS = frozenset({PARTNER})
AUTHENTICATED = STAFF | MANAGERS | PARTNERS
EVERYONE = AUTHENTICATED | {ANONYMOUS}


@dataclass(frozen=True)
class Spec:
    """`allowed`: roles that may open the URL; `kwargs`: a callable returning the URL's
    keyword arguments from the demo data; `method`: "get" or "post"; `data`: POST body.
    `login_redirect`: whether anonymous users are sent to the login page (False for
    public pages, which anonymous users may open, or deny with 404). `forbidden`: roles
    that see the object but may not act on it, answered 403."""

    allowed: frozenset
    kwargs: Callable[[], dict] | None = None
    method: str = "get"
    data: dict = field(default_factory=dict)
    login_redirect: bool = True
    forbidden: frozenset = frozenset()
