"""The theme's search works under the site's security policy, and finds the notes' prose.

Its index is fetched when the reader turns to search (docs/javascripts/search-on-intent.js),
not with every page: by the pointer, a click, the keyboard, or a phone's search button.
"""

from __future__ import annotations

import pytest

INDEX = "search/search_index.json"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def index_requests(page) -> list[str]:
    """The requests for the search index that ``page`` makes from now on (a live list)."""
    asked: list[str] = []
    page.on("request", lambda r: r.url.endswith(INDEX) and asked.append(r.url))
    return asked


def loaded_without_the_index(page, url: str) -> list[str]:
    """Open ``url`` and let it settle; it has asked for no index. The live list of asks."""
    asked = index_requests(page)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # the theme's start-up, past the network's quiet
    assert asked == [], "the index was fetched before the reader turned to search"
    assert page.get_attribute("html", "data-search-index") is None
    return asked


def search(page, query: str) -> list[str]:
    field = page.locator("input.md-search__input")
    # The theme searches on key events, not on input: one key press, so that the results
    # shown are those of the whole query and not of its first letters.
    field.fill(query[:-1])
    field.press(query[-1])
    page.wait_for_selector(".md-search-result__meta:has-text('matching')")  # "3 matching …"
    return page.locator(".md-search-result__item a").evaluate_all(
        "els => els.map((a) => a.getAttribute('href'))")


def test_search_finds_a_page_by_a_word_of_its_prose(page, guard, site_server):
    page.goto(site_server.url)
    page.locator("input.md-search__input").click()
    hits = search(page, "Richardson")
    assert any("security-dilemma/" in href for href in hits), hits
    assert guard.workers == []  # searching starts no Python


def test_search_leaves_out_the_simulations_numbers_and_code(page, guard, site_server):
    page.goto(site_server.url)
    page.locator("input.md-search__input").click()
    assert search(page, "seeker_arms") == []  # a function in the spiral model's source


@pytest.mark.parametrize("turn", ["pointer", "keyboard"])
def test_the_index_is_fetched_when_the_reader_turns_to_search(page, guard, site_server, turn):
    asked = loaded_without_the_index(page, site_server.url + "security-dilemma/")
    if turn == "pointer":
        page.locator(".md-search__form").hover()
        page.wait_for_selector("html[data-search-index=wanted]", state="attached")
        page.locator("input.md-search__input").click()
    else:
        page.keyboard.press("s")  # the theme's shortcut: it focuses the search box
        page.wait_for_function("() => document.activeElement?.matches('input.md-search__input')")
    hits = search(page, "Richardson")
    assert len(asked) == 1, asked
    assert any("security-dilemma/" in href for href in hits), hits
    # Instant navigation to a result keeps the index: it is not fetched again.
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state("networkidle")
    page.locator("input.md-search__input").click()
    assert search(page, "Jervis") and len(asked) == 1, asked


def test_on_a_phone_the_search_button_fetches_the_index(browser, site_server):
    context = browser.new_context(**PHONE, service_workers="block")
    page = context.new_page()
    asked = loaded_without_the_index(page, site_server.url)
    page.locator("label.md-header__button[for='__search']").tap()
    page.wait_for_selector("input.md-search__input:focus")
    assert search(page, "Richardson")
    assert len(asked) == 1, asked
    context.close()


def test_a_page_opened_from_a_result_fetches_the_index_and_marks_the_words(page, guard,
                                                                           site_server):
    asked = index_requests(page)
    page.goto(site_server.url + "security-dilemma/?h=Richardson")
    page.wait_for_selector("mark[data-md-highlight]", state="attached")
    assert len(asked) == 1, asked
