"""Forms of the manager's and the staff's main tasks, sent with an invalid value in their
last field: the page comes back with the error summary focused, a link of the summary
leads to that field, and the title starts with "Erreur"."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

# The last field of the page's main form gets a value the server refuses: typed text in a
# number or e-mail field, a date that does not exist, a choice that is not in the list.
LAST_FIELD = """() => {
    const form = [...document.querySelectorAll("main form")]
        .filter(f => f.method === "post" && f.querySelector("button[type=submit]")).pop();
    const fields = [...form.querySelectorAll(
        "input:not([type=hidden]):not([type=submit]):not([type=checkbox]), select, textarea"
    )].filter(e => e.offsetParent !== null);
    const last = fields[fields.length - 1];
    last.setAttribute("data-last", "1");
    return {id: last.id, tag: last.tagName.toLowerCase(), type: last.type || ""};
}"""

BOGUS_CHOICE = """field => {
    const option = document.createElement("option");
    option.value = "987654321";
    option.textContent = "obsolète";
    field.appendChild(option);
    if (field.multiple) { [...field.options].forEach(o => { o.selected = o === option; }); }
    else { field.value = "987654321"; }
}"""


def structure_pk(name="APROSEP"):
    from structures.models import Structure

    return Structure.objects.get(name=name).pk


def future_event_pk():
    from django.utils import timezone

    from events.models import Event

    return Event.objects.filter(starts_at__gt=timezone.now(), status="published").first().pk


def visit_pk():
    from diagnostics.models import Visit

    return Visit.objects.filter(structure__name="APROSEP").first().pk


CASES = {
    "manager: indicators": ("siae-a", lambda: f"/structures/{structure_pk()}/indicateurs/"),
    "manager: profile": ("siae-a", lambda: f"/structures/{structure_pk()}/modifier/"),
    "manager: registration": ("siae-a", lambda: f"/evenements/{future_event_pk()}/inscrire/"),
    "staff: partner": ("guyane", lambda: "/reseau/partenaires/nouveau/"),
    "staff: event": ("guyane", lambda: "/evenements/nouveau/"),
    "staff: action": ("guyane", lambda: f"/diagnostics/visites/{visit_pk()}/actions/nouvelle/"),
    "staff: indicators": ("guyane", lambda: f"/structures/{structure_pk()}/indicateurs/"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_an_invalid_last_field_is_summarised_focused_and_linked(world, browsing, case):
    role, path = CASES[case]
    session = browsing()
    session.login(world[role].email)
    session.goto(path())
    page = session.page
    last = page.evaluate(LAST_FIELD)
    field = page.locator(f"#{last['id']}")
    if last["tag"] == "select":
        field.evaluate(BOGUS_CHOICE)
    elif last["type"] == "date":
        field.evaluate("f => { f.type = 'text'; }")
        field.fill("31/02/2019")
    else:
        field.fill("pas une valeur @@")
    with page.expect_navigation():
        page.locator("[data-last]").evaluate("f => f.form.requestSubmit()")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert page.title().startswith("Erreur")
    link = summary.locator(f'a[href="#{last["id"]}"]')
    expect(link).to_have_count(1)
    link.click()
    expect(page.locator(f"#{last['id']}")).to_be_focused()
    assert page.locator(f"#{last['id']}").get_attribute("aria-invalid") == "true"
