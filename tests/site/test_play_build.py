"""A ```play block's mistakes fail the build as a ```sim block's do: one line naming the
page, the block's line and what is wrong; a good one is pre-rendered with its example game."""

from __future__ import annotations

from tests.site.test_block_errors import PAGE, errors
from tests.site.test_build import build_pages

GOOD = "```play\nstrategy: detective\nrounds: 6\nexample: RRRRRA\n```\n"
BAD = ("```play\nstrategy: grim\nexample: RRA\n```\n\n"  # a value the spec refuses
       "```play\nrounds: 2\nexample: RRA\n```\n\n"  # more moves than rounds
       "```play\nrounds: 2\n```\n\n"  # no example
       "```play\nrounds: 3\nexample: RRA\nmoves: AA\n```\n\n"  # an unknown key
       "```play\nstrategy: yours\nexample: RRA\n```\n\n"  # no reader's code at build time
       "```play\nrounds: [3\nexample: RRA\n```\n")  # YAML


def test_each_mistake_in_a_play_block_is_one_located_line(tmp_path):
    page = PAGE + BAD
    done = build_pages(tmp_path, {"p.md": page, "q.md": "# Q\n\n" + GOOD})
    assert done.returncode != 0
    where = tmp_path / "docs" / "p.md"
    starts = [i + 1 for i, line in enumerate(page.splitlines()) if line == "```play"]
    assert errors(done) == [
        f'{where}:{starts[0]}: block "play-1": strategy: \'grim\' is not allowed for Your '
        'opponent; expected one of "Always cooperate", "Always defect", "Tit for tat", '
        '"Suspicious tit for tat", "Generous tit for tat", "Tit for two tats", "Two tits for '
        'tat", "Grim trigger", "Win-stay, lose-shift", "Alternator", "Random", "Detective", '
        '"Your strategy"',
        f'{where}:{starts[1]}: block "play-2": example: 3 moves, more than the game\'s 2 rounds',
        f'{where}:{starts[2]}: block "play-3": example: missing; give the reader\'s moves of an '
        'example game, e.g. RRARR (R to restrain, A to arm)',
        f'{where}:{starts[3]}: block "play-4": unknown key \'moves\'; allowed keys: budget, '
        'example, id, noise, rounds, secret_end, seed, strategy, title',
        f'{where}:{starts[4]}: block "play-5": strategy: the example game is played at build '
        "time, against a built-in strategy; on a page with a ```strategy block a reader can "
        "choose 'Your strategy' in the page",
        f'{where}:{starts[5] + 2}: block "play-6": not valid YAML: '
        "while parsing a flow sequence; expected ',' or ']', but got ':'"]
    html = (tmp_path / "site" / "q" / "index.html").read_text()
    assert 'class="sim-play"' in html and "Detective opened with restrain, arm" in html


def test_a_play_block_may_not_take_the_id_of_a_sim_block(tmp_path):
    page = ("# P\n\n```sim\nmodel: arms_race\nid: x\n```\n\n"
            "```play\nid: x\nrounds: 6\nexample: RRRRRA\n```\n")
    done = build_pages(tmp_path, {"p.md": page})
    assert done.returncode != 0
    assert f'{tmp_path / "docs" / "p.md"}:8: block "x": id \'x\' is used twice on this page' \
        in done.stderr, done.stderr
