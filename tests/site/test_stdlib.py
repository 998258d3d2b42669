"""The standard library the site ships (simsite/stdlib.py): what it keeps of Pyodide's zip,
packed so that the same set gives the same bytes, in a zip that zipimport reads."""

from __future__ import annotations

import zipfile
import zipimport

from simsite import stdlib

NAMES = ["json/", "json/__init__.py", "json/decoder.py", "email/", "email/__init__.py",
         "encodings/", "encodings/__init__.py", "encodings/utf_8.py", "encodings/cp037.py",
         "encodings/koi8_r.py", "encodings/ascii.py", "abc.py", "antigravity.py",
         "site-packages/"]


def test_a_used_package_is_kept_whole_and_an_unused_module_is_not():
    kept = stdlib.entries(["json/__init__.py", "abc.py", "encodings/__init__.py"], NAMES)
    assert {"json/", "json/__init__.py", "json/decoder.py", "abc.py"} <= set(kept)
    assert not {"antigravity.py", "email/__init__.py"} & set(kept)


def test_of_the_codecs_only_those_used_and_the_common_ones_are_kept():
    kept = stdlib.entries(["encodings/__init__.py", "encodings/koi8_r.py"], NAMES)
    assert [n for n in kept if n.startswith("encodings/")] == [
        "encodings/", "encodings/__init__.py", "encodings/ascii.py", "encodings/koi8_r.py",
        "encodings/utf_8.py"]


def test_the_same_entries_pack_to_the_same_bytes_that_zipimport_reads(tmp_path):
    with zipfile.ZipFile(stdlib.FULL) as full:
        names = stdlib.entries(["json/__init__.py", "abc.py"], full.namelist())
        sources = stdlib.stripped(names)
        packed = stdlib.pack(full, names, sources)
        assert packed == stdlib.pack(full, names, sources)
        original = full.read("json/__init__.py").decode()
    out = tmp_path / "small.zip"
    out.write_bytes(packed)
    with zipfile.ZipFile(out) as small:
        assert small.namelist() == names
        assert all(i.date_time == stdlib.EPOCH for i in small.infolist())
        shipped = small.read("json/__init__.py").decode()
    # without its docstrings and comments, each line where it was
    assert '"""' not in shipped and "#" not in shipped and len(shipped) < len(original) / 2
    assert shipped.count("\n") == original.count("\n")
    assert shipped.splitlines().index("import codecs") == original.splitlines().index(
        "import codecs")
    assert zipimport.zipimporter(str(out)).find_spec("json").submodule_search_locations
    assert zipimport.zipimporter(str(out / "json")).find_spec("json.decoder") is not None
    assert zipimport.zipimporter(str(out)).find_spec("email") is None


def test_the_plan_runs_each_block_of_the_pages_with_each_preset(tmp_path):
    (tmp_path / "includes").mkdir()
    (tmp_path / "includes" / "part.md").write_text(
        "```sim\nmodel: arms_race\nparams: {a: 0.2}\npresets:\n"
        "  - {label: Faster, params: {b: 0.7}}\n```\n", encoding="utf-8")
    (tmp_path / "page.md").write_text(
        "```play\nstrategy: grim_trigger\nrounds: 4\nexample: RRAR\n```\n", encoding="utf-8")
    requests = stdlib.plan(tmp_path)["requests"]
    assert {"model": "arms_race", "params": {"a": 0.2, "b": 0.7}, "seed": 0} in requests
    assert {"kind": "play", "params": {"strategy": "grim_trigger", "rounds": 4, "moves": "RRAR"},
            "seed": 0} in requests
    assert {"model": "threat", "params": {}, "seed": 0} in requests  # every model, defaults
