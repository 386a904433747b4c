"""Steps shared by the browser tests: submitting a page's form, choosing an option by its
text, staff inviting a person."""

import re
from urllib.parse import urlparse

from django.core import mail


def submit(session) -> None:
    """Press the main form's submit button (not the header's logout nor the footer's, nor a
    structure search's button inside the form)."""
    page = session.page
    with page.expect_navigation():
        page.locator(
            "main form:not([method=get]) button[type=submit]:not([name$=_search])"
        ).first.click()
    page.wait_for_load_state()


def assert_no_form_error(session) -> None:
    errors = session.page.locator("main .errorlist")
    assert errors.count() == 0, (
        errors.all_inner_texts() or session.page.locator("main").inner_text()
    )


def select_text(select, pattern: str) -> str:
    """Choose the option whose text matches `pattern`; returns that text."""
    options = select.locator("option").all_inner_texts()
    matching = [text for text in options if re.search(pattern, text, re.I)]
    assert matching, f"no option matches {pattern!r} in {options}"
    select.select_option(label=matching[0])
    return matching[0]


def invite_manager(session, axe, *, email, first_name, last_name, structure) -> str:
    """Staff fill the invitation form for a manager of `structure`; returns the path of the
    link sent by e-mail."""
    session.goto("/compte/invitations/")
    axe.check(session)
    session.page.get_by_role("link", name="Inviter une personne").click()
    session.page.wait_for_load_state()
    assert session.path() == "/compte/invitations/nouvelle/"
    axe.check(session)
    page = session.page
    page.locator("#id_email").fill(email)
    page.locator("#id_first_name").fill(first_name)
    page.locator("#id_last_name").fill(last_name)
    page.locator("#id_role").select_option(label="Dirigeant·e de SIAE")
    # The structure is found by search inside the form; what was typed stays.
    page.locator("#id_structure_q").fill(structure)
    with page.expect_navigation():
        page.get_by_role("button", name="Rechercher").click()
    assert page.locator("#id_email").input_value() == email
    axe.check(session)
    page.get_by_role("radio", name=re.compile(rf"^{re.escape(structure)} — ")).check()
    page.locator("#id_structure_admin").check()
    page.get_by_role("button", name="Envoyer l'invitation").click()
    page.wait_for_load_state()
    assert session.path() == "/compte/invitations/"
    assert f"Invitation envoyée à {email}" in page.locator(".messages").inner_text()
    assert page.get_by_role("cell", name=email).first.is_visible()
    axe.check(session)
    messages = [m for m in mail.outbox if email in m.to]
    assert len(messages) == 1, [m.to for m in mail.outbox]
    link = re.search(r"https?://\S+/compte/invitation/\S+/", messages[0].body)
    assert link, messages[0].body
    return urlparse(link.group(0)).path
