"""What higher apps add to a structure's pages: the extension point.

`structures` sits below `network`, `diagnostics` and `events` and never imports them. Each
of them registers here, from its `AppConfig.ready`, a section (a template and a function
giving its context for one structure and the person looking) or a link of the member
area; the pages show them, in order, through the tags of `structures_tags`.
"""

from collections.abc import Callable
from dataclasses import dataclass

STAFF_DETAIL = "staff_detail"  # the staff's page of a structure, after its documents
MEMBER_HOME = "member_home"  # a structure's home in the member area, before its links


@dataclass(frozen=True)
class Section:
    name: str
    order: int
    template: str
    # context(*, structure, user) -> dict for the template
    context: Callable[..., dict]


@dataclass(frozen=True)
class MemberLink:
    order: int
    label: str
    url_name: str


_sections: dict[str, dict[str, Section]] = {}
_member_links: dict[str, MemberLink] = {}


def register_section(page: str, *, name: str, order: int, template: str, context) -> None:
    """Add a section to `page` (registering the same name again replaces it)."""
    _sections.setdefault(page, {})[name] = Section(name, order, template, context)


def sections(page: str) -> list[Section]:
    return sorted(_sections.get(page, {}).values(), key=lambda section: section.order)


def register_member_link(*, order: int, label, url_name: str) -> None:
    """Add a link to the member area's home of a structure ("Accompagnement et vie du
    réseau"); `label` is a lazy translation."""
    _member_links[url_name] = MemberLink(order, label, url_name)


def member_links() -> list[MemberLink]:
    return sorted(_member_links.values(), key=lambda link: link.order)
