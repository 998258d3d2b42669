"""Test-only models stay out of the product: only a build that opts in ships them."""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from simsite import assets
from simsite.strip_source import strip
from tests.helpers import ROOT, TEST_MODELS


def wheel_models(wheel: assets.Wheel) -> dict[str, bytes]:
    """The files of the wheel's ``sims/models``, by name."""
    with zipfile.ZipFile(wheel.path) as whl:
        return {name.removeprefix("sims/models/"): whl.read(name) for name in whl.namelist()
                if name.startswith("sims/models/")}


def test_the_product_wheel_holds_the_files_of_sims_models_and_no_test_model():
    shipped = wheel_models(assets.build_wheel())
    assert sorted(shipped) == sorted(p.name for p in (ROOT / "sims" / "models").glob("*.py"))
    assert "runaway.py" not in shipped


def test_a_wheel_built_with_test_models_adds_them_to_sims_models():
    product = assets.build_wheel()
    with_tests = assets.build_wheel(TEST_MODELS)
    shipped = wheel_models(with_tests)
    extra = {p.name for p in TEST_MODELS.glob("*.py")}
    for name in extra:
        assert shipped[name].decode() == strip((TEST_MODELS / name).read_text(), summary=True)
    assert {k: v for k, v in shipped.items() if k not in extra} == wheel_models(product)
    assert with_tests.url != product.url


def test_a_test_model_may_not_replace_a_product_file(tmp_path):
    (tmp_path / "arms_race.py").write_text("TITLE = 'impostor'\n")
    with pytest.raises(assets.AssetError, match="arms_race.py has the name of a file"):
        assets.build_wheel(tmp_path)


def test_only_the_variable_opts_a_build_into_test_models(monkeypatch, tmp_path):
    monkeypatch.delenv(assets.EXTRA_MODELS, raising=False)
    assert assets.extra_models() is None
    monkeypatch.setenv(assets.EXTRA_MODELS, str(TEST_MODELS))
    assert assets.extra_models() == TEST_MODELS
    monkeypatch.setenv(assets.EXTRA_MODELS, str(tmp_path / "missing"))
    with pytest.raises(assets.AssetError, match="is not a folder"):
        assets.extra_models()


def test_the_fixture_site_runs_and_ships_the_test_model(fixture_server):
    page = (fixture_server.site / "runaway" / "index.html").read_text(encoding="utf-8")
    assert "Ran for 0 seconds." in page  # the build's own run of it
    wheels = list((fixture_server.site / "vendor" / "wheels").glob("*/sims-*.whl"))
    assert len(wheels) == 1
    assert "sims/models/runaway.py" in zipfile.ZipFile(wheels[0]).namelist()



def test_the_wheel_ships_each_module_line_for_line_without_its_docstrings():
    with zipfile.ZipFile(assets.build_wheel().path) as whl:
        shipped = {name: whl.read(name).decode() for name in whl.namelist()
                   if name.endswith(".py")}
    for name, text in shipped.items():
        source = (ROOT / name).read_text(encoding="utf-8")
        assert text == strip(source, summary=True), name
        assert text.count("\n") == source.count("\n"), name
        summary = ast.get_docstring(ast.parse(source)).splitlines()[0]
        assert ast.get_docstring(ast.parse(text)) == summary, name  # what the registry reads
    assert sum(map(len, shipped.values())) < 0.8 * sum(
        len((ROOT / name).read_text(encoding="utf-8")) for name in shipped)


def test_the_wheels_a_process_builds_are_removed_when_it_exits():
    """``mkdocs serve`` builds a wheel at every change; none outlives the process."""
    built = subprocess.run(
        [sys.executable, "-c", "from simsite import assets\n"
         "for _ in range(2): w = assets.build_wheel(); print(w.path, w.path.is_file())"],
        capture_output=True, text=True, check=True, cwd=ROOT)
    lines = [line.rsplit(" ", 1) for line in built.stdout.splitlines()]
    assert [alive for _, alive in lines] == ["True", "True"]
    assert len({path for path, _ in lines}) == 2  # each build its own file
    assert not any(Path(path).exists() or Path(path).parent.exists() for path, _ in lines)
