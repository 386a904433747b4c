"""The stylesheet the pages load is Bootstrap reduced by PurgeCSS to the rules the templates
use (`make assets`, purgecss.config.cjs): a class a template or a form widget uses must never
be dropped from it."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BUILT = ROOT / "static" / "vendor" / "bootstrap.min.css"
FULL = ROOT / "node_modules" / "bootstrap" / "dist" / "css" / "bootstrap.min.css"
APPS = ("accounts", "core", "diagnostics", "events", "network", "reports", "structures")

CLASS_ATTRIBUTE = re.compile(r"""\bclass=(?:"([^"]*)"|'([^']*)')""")
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}", re.DOTALL)
WIDGET_CLASS = re.compile(r"""["']class["']\s*:\s*["']([^"']+)["']""")
SELECTOR_CLASS = re.compile(r"\.(-?[A-Za-z_][\w-]*)")


def selectors(path: Path) -> set[str]:
    """Every selector of a stylesheet's rules, one by one (`a, b {…}` gives `a` and `b`);
    at-rules (`@media`…) are gone through to the rules inside them."""
    css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    found, prelude, depth_in_rule = set(), [], 0
    for char in css:
        if depth_in_rule:
            depth_in_rule += {"{": 1, "}": -1}.get(char, 0)
        elif char == "{":
            text = "".join(prelude).strip()
            prelude = []
            if not text.startswith("@"):
                found.update(part.strip() for part in text.split(","))
                depth_in_rule = 1  # the declarations, skipped
        elif char in "};":
            prelude = []  # the end of an at-rule block, or of `@charset …;`
        else:
            prelude.append(char)
    return found


def css_classes(path: Path) -> set[str]:
    return {name for selector in selectors(path) for name in SELECTOR_CLASS.findall(selector)}


def template_classes() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """({class: templates}, {prefix: templates}) of every class attribute: the classes
    written whole, and the prefixes completed by template code (`alert-{{ tags }}`)."""
    whole: dict[str, set[str]] = {}
    prefixes: dict[str, set[str]] = {}
    for template in (ROOT / "templates").rglob("*.html"):
        name = str(template.relative_to(ROOT))
        for match in CLASS_ATTRIBUTE.finditer(template.read_text(encoding="utf-8")):
            value = TEMPLATE_CODE.sub("\0", match.group(1) or match.group(2) or "")
            for token in value.split():
                head, *rest = token.split("\0")
                for part in filter(None, (head, *rest)):
                    whole.setdefault(part, set()).add(name)
                if rest and head.endswith("-"):
                    prefixes.setdefault(head, set()).add(name)
    for app in APPS:
        for module in (ROOT / app).rglob("*.py"):
            for match in WIDGET_CLASS.finditer(module.read_text(encoding="utf-8")):
                for token in match.group(1).split():
                    whole.setdefault(token, set()).add(str(module.relative_to(ROOT)))
    return whole, prefixes


@pytest.fixture(scope="module")
def stylesheets():
    if not BUILT.exists() or not FULL.exists():
        pytest.fail("The stylesheets are not built: run `make assets`.")
    return css_classes(FULL), css_classes(BUILT)


def test_reduced_stylesheet_is_much_smaller_than_bootstrap(stylesheets):
    full, built = stylesheets
    assert len(built) < len(full) / 3
    assert BUILT.stat().st_size < FULL.stat().st_size / 3


def test_every_bootstrap_rule_on_the_templates_classes_is_kept():
    """A Bootstrap selector all of whose classes the templates use is in the stylesheet
    (a class Bootstrap styles only beside one no page uses, `.nav-fill .nav-item`, may go)."""
    whole, _prefixes = template_classes()
    kept = selectors(BUILT)
    needed = set()
    for selector in selectors(FULL):
        classes = set(SELECTOR_CLASS.findall(selector))
        # (An attribute selector depends on markup, which PurgeCSS checks on its own.)
        if classes and classes <= whole.keys() and "[" not in selector:
            needed.add(selector)
    assert len(needed) > 100  # the parsers found the templates' classes and Bootstrap's rules
    dropped = sorted(needed - kept)
    assert not dropped, f"rules dropped from the stylesheet (run `make assets`): {dropped}"


def test_every_class_built_from_a_prefix_is_kept(stylesheets):
    """`alert-{{ message.tags }}`: whatever the value, the class is there (safelisted)."""
    full, built = stylesheets
    _whole, prefixes = template_classes()
    assert "alert-" in prefixes
    missing = {
        prefix: sorted(name for name in full - built if name.startswith(prefix))
        for prefix in prefixes
    }
    missing = {prefix: names for prefix, names in missing.items() if names}
    assert not missing, f"add these prefixes to the safelist of purgecss.config.cjs: {missing}"


def test_a_class_no_file_uses_is_dropped(stylesheets):
    """The reduction does reduce: classes no page uses are not shipped."""
    full, built = stylesheets
    whole, _prefixes = template_classes()
    for name in ("carousel-item", "offcanvas-start", "placeholder-glow", "spinner-grow"):
        assert name in full
        assert name not in whole
        assert name not in built
