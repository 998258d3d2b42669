"""A prediction whose declared answer the model does not give fails `mkdocs build --strict`,
at the page's file and the block's line, like a bad parameter."""

from __future__ import annotations

from sims import registry
from simsite.predict import token
from tests.site.test_block_errors import PAGE, build_site, errors

BLOCK = """```sim
model: arms_race
params: {a: 0.3, b: 0.3}
predict:
  question: "Does the race settle?"
  field: stable
  choices: {true: "It settles", false: "It runs away"}
  answer: ANSWER
  why: "Compare a·b with m·n."
```
"""


def test_a_wrong_answer_fails_the_strict_build_at_the_block(tmp_path):
    right = token(registry.run("arms_race", {"a": 0.3, "b": 0.3}, 0).data["stable"])
    wrong = "false" if right == "true" else "true"
    done, docs, _ = build_site(tmp_path, {"p.md": PAGE + BLOCK.replace("ANSWER", wrong)}, {})
    assert done.returncode != 0
    assert errors(done) == [
        f'{docs / "p.md"}:5: block "sim-1" (model arms_race): predict: answer {wrong!r} is '
        f"wrong: at the block's settings the model's stable is {right!r}"]
