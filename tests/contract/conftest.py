"""The contract suite runs over every registered model, or the ones ``--model`` names
(``make test-model ID=...``; the option is declared in tests/conftest.py)."""

from __future__ import annotations

from sims import registry


def pytest_generate_tests(metafunc):
    if "model" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("model") or registry.model_ids()
        metafunc.parametrize("model", chosen)
