"""The theme's search works under the site's security policy, and finds the notes' prose."""

from __future__ import annotations


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
