"""What a user may do with an object is decided in `<app>/perms.py` only: a view, form or
template that tests a role flag itself would be the next place a permission drifts.

Views and forms are read as Python syntax trees (an attribute named like a role flag);
templates as text. The navigation templates, which pick the menu of a role, and the
access layer in `core/` are the only places that may read roles outside `perms.py`.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "structures", "network", "diagnostics", "events", "reports"]
ROLE_FLAGS = {
    "is_network_staff",
    "is_national_staff",
    "is_regional_staff",
    "is_siae_manager",
    "is_partner_agent",
    "is_staff_member",
}
TEMPLATE_FLAG = re.compile(r"\.(" + "|".join(sorted(ROLE_FLAGS)) + r")\b|\.role\s*==")
NAVIGATION_TEMPLATES = {
    "base.html",
    "core/_nav_staff.html",
    "core/_nav_manager.html",
    "core/_nav_partner.html",
}


def _python_files():
    for app in APPS:
        base = ROOT / app
        yield from base.glob("views/*.py")
        for name in ("views.py", "forms.py", "filters.py"):
            if (base / name).exists():
                yield base / name


def _flags_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in ROLE_FLAGS
    ]


def test_views_and_forms_ask_the_permission_predicates_not_the_roles():
    files = list(_python_files())
    assert len(files) > 20  # the views packages and forms modules were found
    found = [hit for path in files for hit in _flags_in(path)]
    assert not found, "Role flags outside perms.py (ask a can_… predicate):\n" + "\n".join(found)


def test_templates_ask_the_permission_predicates_not_the_roles():
    templates = ROOT / "templates"
    found = []
    for path in templates.rglob("*.html"):
        name = path.relative_to(templates).as_posix()
        if name in NAVIGATION_TEMPLATES:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if TEMPLATE_FLAG.search(line):
                found.append(f"templates/{name}:{number}")
    assert not found, "Role flags in templates (use {% can %} or the view's context):\n" + (
        "\n".join(found)
    )


def test_the_guard_sees_a_role_flag(tmp_path, monkeypatch):
    """The check itself: a view testing a flag is caught."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    view = tmp_path / "views.py"
    view.write_text("def edit(request):\n    if request.user.is_network_staff:\n        pass\n")
    assert _flags_in(view) == ["views.py:2 .is_network_staff"]
    assert TEMPLATE_FLAG.search("{% if user.is_siae_manager %}")
