"""The one authorization layer.

Every view declares an access rule: `@access_rule(rules.STAFF)` on a function, or
`access_rule = rules.STAFF` on a class-based view. `AccessMiddleware` runs the rule before
the view: anonymous users are sent to login, users whose role the rule refuses get a 404,
and a view without a rule is refused to everybody (and fails the role-by-URL test), so a
forgotten rule can never open a page.

Object scoping is the second half: querysets expose `visible_to(user)` built on
`scoped_by_region`, and views load objects through them, so an object out of the user's
scope is a 404 like any missing page.

What a user may do with an object they can see is decided by the predicates of each app's
`perms.py`, and every view refuses through `deny_unless`: out of scope, a 404; visible but
not theirs to act on, a 403 whose page says why in French. Views ask before reading the
form, so a refused user never learns what would have been valid.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rule:
    name: str
    test: Callable
    needs_login: bool = True

    def allows(self, user) -> bool:
        if self.needs_login and not user.is_authenticated:
            return False
        return bool(self.test(user))

    def __or__(self, other: "Rule") -> "Rule":
        return Rule(
            f"{self.name}|{other.name}",
            lambda user: self.allows(user) or other.allows(user),
            needs_login=self.needs_login and other.needs_login,
        )


def _is_active(user) -> bool:
    return user.is_authenticated and user.is_active


PUBLIC = Rule("public", lambda user: True, needs_login=False)
AUTHENTICATED = Rule("authenticated", _is_active)
STAFF = Rule("staff", lambda user: _is_active(user) and user.is_network_staff)
NATIONAL_STAFF = Rule("national_staff", lambda user: _is_active(user) and user.is_national_staff)
MANAGER = Rule("manager", lambda user: _is_active(user) and user.is_siae_manager)
PARTNER = Rule("partner", lambda user: _is_active(user) and user.is_partner_agent)
SUPERUSER = Rule("superuser", lambda user: _is_active(user) and user.is_superuser)
# Third-party views that enforce their own checks (allauth's login_required, the admin's
# is_staff test) are public as far as this layer is concerned.
DELEGATED = Rule("delegated", lambda user: True, needs_login=False)

THIRD_PARTY_RULES: tuple[tuple[str, Rule], ...] = (
    ("allauth.", DELEGATED),
    ("django.contrib.admin.", DELEGATED),
    ("django.contrib.auth.admin", DELEGATED),
    ("django.views.i18n", PUBLIC),
    ("django.views.static", PUBLIC),
)


def access_rule(rule: Rule):
    """Decorator for function views."""

    def decorate(view):
        view.access_rule = rule
        return view

    return decorate


def rule_of(view_func) -> Rule | None:
    rule = getattr(view_func, "access_rule", None)
    if rule is None and hasattr(view_func, "view_class"):
        rule = getattr(view_func.view_class, "access_rule", None)
    if rule is None and (hasattr(view_func, "admin_site") or hasattr(view_func, "model_admin")):
        return DELEGATED  # wrapped by AdminSite.admin_view, which requires is_staff
    if rule is None:
        module = getattr(view_func, "__module__", "") or ""
        for prefix, third_party_rule in THIRD_PARTY_RULES:
            if module.startswith(prefix):
                return third_party_rule
    return rule


class AccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        rule = rule_of(view_func)
        if rule is None:
            logger.error("View %s declares no access rule: refused.", view_func)
            raise Http404
        if rule.needs_login and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not rule.allows(request.user):
            raise Http404
        return None


def deny_unless(allowed: bool, *, visible: bool = True, reason: str = "") -> None:
    """The one way a view refuses an object action.

    `visible`: whether the user may see the object at all (false: 404, like a missing
    page, so nobody learns what exists beyond their scope); `allowed`: whether they may do
    this with it (false: 403, the French page showing `reason`)."""
    if not visible:
        raise Http404
    if not allowed:
        raise PermissionDenied(
            reason or _("Vous pouvez consulter cette page, mais pas faire cette action.")
        )


def scoped_by_region(queryset, user, region_path: str):
    """Narrow `queryset` to the regions a member of staff covers.

    National staff and superusers see everything, regional staff the regions they are
    assigned to; every other role sees nothing through this path (managers and partner
    agents are scoped by their own memberships, in each model's `visible_to`).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if user.is_national_staff:
        return queryset
    if user.is_network_staff:
        return queryset.filter(**{f"{region_path}__in": user.regions.values("pk")})
    return queryset.none()
