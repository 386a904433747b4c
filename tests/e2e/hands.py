"""Two ways of working a page, with the same steps written once: the mouse (Playwright's
clicks and fills) and the keyboard alone (Tab, arrows, Space, Enter and typing — never a
click, a fill or a programmatic selection).

The keyboard walks the Tab order to each control it needs and checks on every stop that
the focused element shows a visible focus ring; a control it cannot reach in MAX_TABS
presses (a keyboard trap, a control out of the Tab order) fails the test.
"""

MAX_TABS = 300

# One round trip per Tab: is the target (or a radio of its group) focused, and what does
# the focused element look like (its outline, a short description for messages).
FOCUS_STATE = """([target, sameGroup]) => {
    const active = document.activeElement;
    const reached = active === target || (sameGroup && active && active.type === "radio"
        && active.name === target.name && active.form === target.form);
    const real = active && active !== document.body && active !== document.documentElement;
    // Focus inside a control's own parts (the calendar button of a date field) is drawn by
    // the browser there, not as the field's outline.
    const inner = real && !active.matches(":focus");
    return {
        reached: Boolean(reached),
        ring: real && !inner ? getComputedStyle(active).outlineStyle : "n/a",
        what: real ? active.outerHTML.slice(0, 160) : "",
    };
}"""


class Mouse:
    name = "mouse"

    def __init__(self, session):
        self.session, self.page = session, session.page

    def follow(self, link) -> None:
        with self.page.expect_navigation():
            link.click()
        self.page.wait_for_load_state()

    def press(self, button) -> None:
        """A submit button: the form is sent and the next page loaded."""
        self.follow(button)

    def fill(self, field, text: str) -> None:
        field.fill(text)

    def choose(self, select, label: str) -> None:
        select.select_option(label=label)

    def check(self, box) -> None:
        box.check()

    def pick(self, radio) -> None:
        radio.check()


class Keyboard:
    name = "keyboard"

    def __init__(self, session):
        self.session, self.page = session, session.page
        self.keys = self.page.keyboard

    def focus(self, target, *, group: bool = False) -> None:
        """Tab until `target` (or, with `group`, any radio of its group) has the focus."""
        element = target.element_handle()
        for _ in range(MAX_TABS):
            self.keys.press("Tab")
            state = self.page.evaluate(FOCUS_STATE, [element, group])
            assert state["ring"] != "none", f"no visible focus ring on {state['what']}"
            if state["reached"]:
                return
        raise AssertionError(f"{target} not reached with {MAX_TABS} presses on Tab")

    def follow(self, link) -> None:
        self.focus(link)
        with self.page.expect_navigation():
            self.keys.press("Enter")
        self.page.wait_for_load_state()

    def press(self, button) -> None:
        self.follow(button)

    def fill(self, field, text: str) -> None:
        self.focus(field)
        self.keys.press("Control+A")
        self.keys.type(text)
        assert field.input_value() == text

    def choose(self, select, label: str) -> None:
        """Arrow keys on the closed list, from the selected option to the wanted one."""
        self.focus(select)
        labels = [text.strip() for text in select.locator("option").all_inner_texts()]
        assert label in labels, f"{label!r} not among {labels}"
        wanted = labels.index(label)
        current = select.evaluate("el => el.selectedIndex")
        for _ in range(abs(wanted - current)):
            self.keys.press("ArrowDown" if wanted > current else "ArrowUp")
        assert select.evaluate("el => el.selectedIndex") == wanted

    def check(self, box) -> None:
        self.focus(box)
        if not box.is_checked():
            self.keys.press("Space")
        assert box.is_checked()

    def pick(self, radio) -> None:
        """Tab into the radio group, then arrows to the wanted radio (which checks it)."""
        self.focus(radio, group=True)
        name = radio.get_attribute("name")
        radios = self.page.locator(f"input[type=radio][name='{name}']")
        values = [radios.nth(i).get_attribute("value") for i in range(radios.count())]
        wanted = values.index(radio.get_attribute("value"))
        current = values.index(self.page.evaluate("document.activeElement.value"))
        for _ in range(abs(wanted - current)):
            self.keys.press("ArrowDown" if wanted > current else "ArrowUp")
        if not radio.is_checked():
            self.keys.press("Space")
        assert radio.is_checked()


HANDS = {"mouse": Mouse, "keyboard": Keyboard}
