"""Predict, then run; what changed; more settings: as a reader meets them in the browser.

A page built for these tests holds a two-by-two block that asks what kind of game it is (its
answer taken from the model, so the build's own check passes), the claim paragraph after it,
and an arms race block with six controls. The reader predicts wrongly with the keyboard, reads
the verdict, changes a payoff and reads what changed, as CPython says it.
"""

from __future__ import annotations

import pytest

from sims import changes, registry
from sims.charts import GHOST_NOTE
from sims.models.two_by_two import GAME_NAMES
from tests.browser.conftest import (
    for_the_eye,
    keep_screenshot,
    live,
    next_outcome,
    set_number,
    switch_palette,
)
from tests.browser.test_accessibility import AXE, axe_violations
from tests.conftest import serve_pages

GAME = {"cc": 3, "cd": 0, "dc": 5, "dd": 1}
ANSWER = registry.run("two_by_two", GAME, 0).data["game"]
WRONG = next(g for g in ("stag_hunt", "chicken") if g != ANSWER)
WHY = "Doubling pays more whatever the other does."
CLAIM = "The claim about this block."
PAGE = f"""# Predict

Some prose.

```sim
model: two_by_two
id: game
params: {{cc: 3, cd: 0, dc: 5, dd: 1}}
controls: [cc, cd, dc, dd]
predict:
  question: What kind of game is this?
  field: game
  choices: {{{ANSWER}: "{GAME_NAMES[ANSWER]}", {WRONG}: "{GAME_NAMES[WRONG]}"}}
  answer: {ANSWER}
  why: {WHY}
```

**What you should have seen.** {CLAIM}

## Six knobs

```sim
model: arms_race
id: race
controls: [a, b, m, n, g, h]
```
"""
OTHER = "# Another page\n\nNothing to run here.\n"
HIDDEN_WHILE_ASKING = ("#game .sim-controls", "#game .sim-bar", "#game .sim-output")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}


@pytest.fixture(scope="module")
def predict_site(tmp_path_factory):
    server = serve_pages(tmp_path_factory, "predict", {"index.md": PAGE, "other.md": OTHER})
    yield server
    server.close()


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#game .sim-form", state="attached")
    page.wait_for_selector("#race .sim-form")


def claim(page):
    return page.locator("p", has_text=CLAIM)


def asking(page) -> bool:
    """The block asks its question and hides its controls, result and claim."""
    return (page.get_attribute("#game", "data-predict") == "pending"
            and page.get_by_role("group", name="What kind of game is this?").is_visible()
            and not any(page.locator(s).is_visible() for s in HIDDEN_WHILE_ASKING)
            and not claim(page).is_visible()
            and not page.locator("#game .sim-predict-answer").is_visible())


def revealed(page) -> bool:
    return (page.get_attribute("#game", "data-predict") == "done"
            and all(page.locator(s).is_visible() for s in HIDDEN_WHILE_ASKING)
            and claim(page).is_visible()
            and not page.locator("#game .sim-predict-form").is_visible())


def test_a_wrong_prediction_reveals_the_result_says_not_quite_and_then_what_changed(
        page, guard, predict_site):
    open_page(page, predict_site.url)
    assert asking(page)
    # With the keyboard: the second choice (the wrong one), then the check button.
    page.get_by_role("radio", name=GAME_NAMES[ANSWER]).focus()
    page.keyboard.press("ArrowDown")
    assert page.get_by_role("radio", name=GAME_NAMES[WRONG]).is_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("#game[data-predict=done]")
    assert revealed(page)
    verdict = page.locator("#game .sim-predict-verdict")
    assert verdict.get_attribute("data-verdict") == "wrong"
    text = verdict.inner_text()
    assert text.startswith(f"Not quite: you predicted “{GAME_NAMES[WRONG]}”") and \
        text.endswith(WHY)
    assert verdict.evaluate("(el) => el === document.activeElement")  # read once, by focus
    assert page.locator("#game .sim-change").inner_text() == ""

    set_number(page, "game", "dc", "2")
    live(page, "game")
    before = registry.run("two_by_two", GAME, 0)
    after = registry.run("two_by_two", {**GAME, "dc": 2}, 0)
    want = changes.change(registry.get("two_by_two").SPEC,
                          {"values": before.params, "regime": changes.regime(before).to_dict()},
                          after)
    assert after.data["game"] != ANSWER and want
    assert page.locator("#game .sim-change").inner_text() == want
    # Its line chart draws the build's run behind it, in grey; and a second run the first.
    caption = page.locator("#game figcaption").first
    assert caption.inner_text().endswith(GHOST_NOTE)
    page.locator("#game-dd").focus()  # the field left behind may commit its value again
    page.keyboard.press("ArrowRight")
    dd = page.input_value("#game-dd-value")
    page.locator("#game .sim-used", has_text=f"Both defect (DD) = {dd};").wait_for()
    live(page, "game")
    third = registry.run("two_by_two", {**GAME, "dc": 2, "dd": float(dd)}, 0)
    assert page.locator("#game .sim-change").inner_text() == changes.change(
        registry.get("two_by_two").SPEC,
        {"values": after.params, "regime": changes.regime(after).to_dict()}, third)
    assert caption.inner_text().endswith(GHOST_NOTE)
    said = page.locator("#game .sim-change").inner_text()
    # Run again, the same values: still compared with the run before, not with itself.
    assert next_outcome(page, "game", lambda: page.locator("#game .sim-run").click())["kind"] \
        == "reply"
    live(page, "game")
    assert page.locator("#game .sim-change").inner_text() == said
    assert caption.inner_text().endswith(GHOST_NOTE)
    assert page.locator("#game .sim-drawing[data-layout=wide] svg text",
                        has_text="previous run").count() == 1
    keep_screenshot(page.locator("#game .sim-chart").first, "predict/ghost.png")
    page.locator("#game .sim-reset").click()
    assert page.locator("#game .sim-change").inner_text() == ""
    assert revealed(page)  # the reader's choice stands


def test_just_show_me_reveals_the_answer_and_the_choice_is_kept_for_the_visit(
        page, guard, predict_site):
    open_page(page, predict_site.url)
    page.get_by_role("button", name="Just show me").click()
    verdict = page.locator("#game .sim-predict-verdict")
    assert verdict.get_attribute("data-verdict") == "shown"
    assert verdict.inner_text() == f"The answer: {GAME_NAMES[ANSWER]}. {WHY}"
    assert revealed(page)
    # Away and back by the theme's instant navigation: the block is not asked again.
    page.locator("a.md-nav__link[href*='other']").first.click()
    page.wait_for_selector("text=Nothing to run here.")
    page.locator("a.md-nav__link", has_text="Predict").first.click()
    page.wait_for_selector("#game[data-predict]")
    assert revealed(page)


def test_a_right_prediction_says_so(page, guard, predict_site):
    open_page(page, predict_site.url)
    page.get_by_role("radio", name=GAME_NAMES[ANSWER]).check()
    page.get_by_role("button", name="Check my prediction").click()
    verdict = page.locator("#game .sim-predict-verdict")
    assert verdict.get_attribute("data-verdict") == "right"
    assert verdict.inner_text() == f"Right: {GAME_NAMES[ANSWER]}. {WHY}"


def test_without_javascript_everything_shows(browser, predict_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(predict_site.url)
    for selector in ("#game .sim-bar", "#game .sim-output", "#game .sim-predict-answer"):
        assert page.locator(selector).is_visible(), selector
    assert claim(page).is_visible()
    assert page.locator("#game .sim-predict-answer").inner_text() == \
        f"The answer: {GAME_NAMES[ANSWER]}. {WHY}"
    context.close()


def test_print_shows_everything_even_before_a_prediction(page, guard, predict_site):
    open_page(page, predict_site.url)
    assert asking(page)
    page.emulate_media(media="print")
    for selector in ("#game .sim-bar", "#game .sim-output", "#game .sim-predict-answer"):
        assert page.locator(selector).is_visible(), selector
    assert claim(page).is_visible()
    assert not page.locator("#game .sim-predict-form").is_visible()


def test_a_block_with_six_controls_shows_four_and_more_settings(page, guard, predict_site):
    open_page(page, predict_site.url)
    shown = page.locator("#race .sim-form .sim-control:visible")
    assert [shown.nth(i).get_attribute("data-param") for i in range(shown.count())] == \
        ["a", "b", "m", "n"]
    more = page.locator("#race details.sim-more")
    assert more.locator("summary").inner_text() == "More settings (2)"
    assert not more.evaluate("(el) => el.open")
    more.locator("summary").press("Enter")  # keyboard
    assert page.locator("#race-g").is_visible() and page.locator("#race-h").is_visible()


def test_a_link_to_a_setting_inside_more_settings_opens_it(page, guard, predict_site):
    open_page(page, predict_site.url + "?race.h=2#race")
    page.wait_for_selector("#race details.sim-more[open]")
    live(page, "race")
    assert page.locator("#race-h-value").input_value() == "2"


@for_the_eye
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_screenshots_before_and_after_a_prediction(browser, predict_site, device, scheme):
    """For the eye (test-results/predict/): the question, then the verdict with the result."""
    context = browser.new_context(viewport=VIEWPORTS[device])
    page = context.new_page()
    open_page(page, predict_site.url)
    if scheme == "dark":
        switch_palette(page, "dark")
    block = page.locator("#game")
    keep_screenshot(block, f"predict/{device}-{scheme}-before.png")
    page.get_by_role("radio", name=GAME_NAMES[WRONG]).check()
    page.get_by_role("button", name="Check my prediction").click()
    page.wait_for_selector("#game[data-predict=done]")
    keep_screenshot(block, f"predict/{device}-{scheme}-after.png")
    keep_screenshot(page.locator("#race"), f"predict/{device}-{scheme}-more.png")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_question_and_the_verdict_pass_axe(page, guard, predict_site, scheme):
    page.add_init_script(path=str(AXE))
    page.emulate_media(color_scheme=scheme)
    open_page(page, predict_site.url)
    assert asking(page)
    assert axe_violations(page) == []
    page.get_by_role("radio", name=GAME_NAMES[WRONG]).check()
    page.get_by_role("button", name="Check my prediction").click()
    page.locator("#race details.sim-more summary").click()
    assert revealed(page)
    assert axe_violations(page) == []
