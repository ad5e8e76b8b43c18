"""`cscheck server` in a real editor: headless Neovim's built-in LSP client on a copy of the seed.

Neovim is Debian's package (`apt-get install neovim`, which .ci/run does); without it the test
skips, except in CI, where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, require_tool, shared

pytest.importorskip("pygls", reason="`cscheck server` needs the lsp extra")

SCRIPT = Path(__file__).with_name("nvim_lsp.lua")

pytestmark = pytest.mark.integration


def test_neovim_shows_fixes_completes_and_renames(tmp_path: Path) -> None:
    nvim = require_tool("nvim")
    seed = shared("seed", "000_0f84ac28c29cdedc.md")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "cscheck.toml").write_text('lang = "en"\n', encoding="utf-8")
    note = notes / "network.md"
    shutil.copy(seed, note)
    other = notes / "index.md"
    other.write_text("# 목차\n\n- [TCP와 UDP](network.md#tcp와-udp)\n", encoding="utf-8")
    out = tmp_path / "result.json"
    environment = {
        **os.environ,
        "CSCHECK_PYTHON": sys.executable,
        "CSCHECK_ROOT": str(notes),
        "CSCHECK_NOTE": str(note),
        "CSCHECK_OTHER": str(other),
        "CSCHECK_OUT": str(out),
        "PYTHONPATH": str(REPO),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # no user init.lua, plugins or shada
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    subprocess.run(
        [nvim, "--headless", "--clean", "-n", "-c", f"luafile {SCRIPT}"],
        cwd=notes,
        env=environment,
        timeout=180,
        check=False,
        stdin=subprocess.DEVNULL,
        capture_output=True,
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result.get("error") is None, result.get("error")
    assert result["steps"] == ["diagnostics", "code action", "completion", "rename"]
    found = {str(d["code"]).partition(":")[0] for d in result["diagnostics"]}
    assert {"CS101", "CS301", "CS401", "CS201", "CS501"} <= found  # conflict, image, anchor, empty answer, known error
    assert all(d["source"] == "cscheck" for d in result["diagnostics"])
    assert "443번 포트" in result["fixed_line"] and "433" not in result["fixed_line"]
    assert result["port_findings_left"] == 0
    assert "-ajax의-장점과-단점은-무엇인가요---웹-심화" in result["completion"]
    assert result["renamed_heading"] == "## 전송 계층"
    assert "(network.md#전송-계층)" in result["other_note"]
