"""The author guide (docs/authoring.md) says what the code does: its quoted messages are the
ones the code prints, its numbers are course.yml's, its commands exist, and the scaffold it
tells an author to use refuses what cannot be a model."""

from __future__ import annotations

import re
import shlex

import pytest

from sims import custom_strategy
from sims.cli import main
from simsite import scaffold
from tests.course import rules
from tests.helpers import ROOT

GUIDE = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
CONSOLE = re.compile(r"^```console\n(?P<body>.*?)^```", re.M | re.S)
BUILD_ERROR = re.compile(r"^ERROR - \S+\.md: sim block \d+: (?P<message>.+)$", re.M)


def console_examples() -> list[tuple[str, str]]:
    """Each ``$ sims ...`` command of the guide's console blocks and the lines quoted after it."""
    found = []
    for block in CONSOLE.finditer(GUIDE):
        for command, output in re.findall(r"^\$ (sims .*)\n((?:(?!\$ ).*\n)*)", block["body"],
                                          re.M):
            found.append((command, output))
    return found


def test_the_guide_quotes_some_command_line_examples():
    assert console_examples()


@pytest.mark.parametrize(("command", "quoted"), console_examples())
def test_each_quoted_command_prints_what_the_guide_says(command, quoted, capsys):
    main(shlex.split(command)[1:])
    out, err = capsys.readouterr()
    assert out + err == quoted


def test_the_quoted_build_error_says_what_the_command_line_says():
    built = BUILD_ERROR.findall(GUIDE)
    assert built
    cli_lines = {line.removeprefix("sims: error: ")
                 for _, quoted in console_examples() for line in quoted.splitlines()}
    assert set(built) <= cli_lines, (built, cli_lines)


def test_the_guide_states_course_ymls_numbers():
    lesson, blocks = rules()["lessons"], rules()["blocks"]
    checks, presets = lesson["self_checks"], blocks["presets"]
    prose = " ".join(GUIDE.replace("**", "").split())
    assert f"{checks['min']} to {checks['max']} self-check questions" in prose
    assert f"{presets['min']} or {presets['max']} presets" in prose
    for part in lesson["must_contain"]:
        assert f'"{part}"' in prose, part


def test_the_guide_names_the_modules_a_strategy_may_import_in_the_codes_order():
    said = re.search(r"It may import only (.*?) \(any other import", " ".join(GUIDE.split()))
    assert said, "the guide's sentence on a strategy's imports"
    assert re.findall(r"`(\w+)`", said[1]) == list(custom_strategy.ALLOWED_IMPORTS)


def test_every_make_target_the_guide_names_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    named = set(re.findall(r"(?:^|`)make ([a-z][\w-]*)", GUIDE, re.M))
    assert {"serve", "test", "test-fast", "test-model", "new-model"} <= named
    missing = [t for t in named if not re.search(rf"^{re.escape(t)}:", makefile, re.M)]
    assert not missing, missing


@pytest.mark.parametrize("model_id", ["arms_race", "strategies", "Bad", "2fast", "my-model",
                                      "class", "", "a.b", "../x"])
def test_the_scaffold_refuses_an_id_that_cannot_be_a_new_model(model_id, tmp_path, capsys):
    assert scaffold.main([model_id, "--models", str(tmp_path), "--tests", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("scaffold: error: "), err
    assert not list(tmp_path.iterdir())


def test_the_scaffold_never_overwrites(tmp_path, capsys):
    args = ["fresh_model", "--models", str(tmp_path / "m"), "--tests", str(tmp_path / "t")]
    assert scaffold.main(args) == 0
    written = {p: p.read_text() for p in tmp_path.rglob("*.py")}
    assert len(written) == 2
    (tmp_path / "m" / "fresh_model.py").unlink()
    assert scaffold.main(args) == 2  # the test file is still there
    assert "exists; not overwritten" in capsys.readouterr().err
    assert not (tmp_path / "m" / "fresh_model.py").exists()


def test_the_guide_states_how_many_predictions_a_lesson_asks():
    needed = rules()["lessons"]["predictions"]
    prose = " ".join(GUIDE.replace("**", "").split())
    assert f"at least {needed} block that asks for a prediction" in prose
