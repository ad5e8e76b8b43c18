"""`cscheck server` without the `lsp` extra: one clear line, exit 2, no traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
from click.testing import Result


def test_without_the_extra_a_clear_message(cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pygls", None)  # as if `pip install cscheck` without [lsp]
    result = cli("server", "--stdio")
    assert result.exit_code == 2
    assert "pip install 'cscheck[lsp]'" in result.output
    assert "Traceback" not in result.output
