"""Issue 21: the shipped regexes come precompiled (rules/knowledge/regex-code/), and a table that
does not fit the interpreter is ignored rather than trusted."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from checker.knowledge import builtin_pack_paths, load_packs
from checker.knowledge.regex_code import FOLDER_NAME, RegexTable, build_table, shipped_sources, table_name
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
import build_regex_tables  # the tables' builder, beside the other scripts

SCRIPT = REPO / "scripts" / "build_regex_tables.py"
TABLES = REPO / "rules" / "knowledge" / FOLDER_NAME


def _this_table() -> Path:
    name = table_name()
    if name is None or not (TABLES / name).is_file():
        pytest.skip(
            f"no regex table for {sys.implementation.cache_tag} (python scripts/build_regex_tables.py writes one)"
        )
    return TABLES / name


def test_this_interpreters_table_is_in_step_with_the_compiled_packs() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], check=False, capture_output=True, text=True)
    assert _this_table().is_file() and done.returncode == 0, done.stdout + done.stderr


def test_every_shipped_regex_comes_from_the_table_and_matches_as_re_compile_does() -> None:
    _this_table()
    checked = 0
    for entry in load_packs(builtin_pack_paths()):
        assert entry.precompiled is not None, entry.id
        examples = [*entry.bad, *entry.good]
        for _name, source in entry.regexes():
            from_table = entry.precompiled.compiled(source)
            compiled = re.compile(source)
            assert from_table is not None, (entry.id, source)
            assert (from_table.pattern, from_table.flags, from_table.groups, from_table.groupindex) == (
                compiled.pattern,
                compiled.flags,
                compiled.groups,
                compiled.groupindex,
            )
            for text in examples:
                found = [(m.span(), m.groups()) for m in from_table.finditer(text)]
                assert found == [(m.span(), m.groups()) for m in compiled.finditer(text)], (entry.id, text)
            checked += 1
    assert checked > 800


def test_a_fresh_run_compiles_no_shipped_regex(tmp_path: Path) -> None:
    """Through the CLI, with no cache: the finding is there, and ``re`` compiled none of the entries."""
    _this_table()
    note = tmp_path / "note.md"
    note.write_text("#### 💡 HTTPS 포트는?\n\nHTTPS는 433번 포트를 사용한다.\n", encoding="utf-8")
    script = (
        "import json, re, sys\n"
        "import checker.cli\n"
        "seen = []\n"
        "original = re._compile\n"
        "def counting(pattern, flags):\n"
        "    seen.append(pattern)\n"
        "    return original(pattern, flags)\n"
        "re._compile = counting\n"
        "re.purge()\n"
        "try:\n"
        "    checker.cli.main(['check', '--no-cache', '--output-format', 'json', sys.argv[1]])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps([p for p in seen if isinstance(p, str)]), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(note)],
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
    )
    codes = [finding["code"] for file in json.loads(done.stdout)["files"] for finding in file["diagnostics"]]
    compiled_at_run_time = set(json.loads(done.stderr.strip().splitlines()[-1]))
    shipped = set(shipped_sources(json.loads((TABLES.parent / "compiled.json").read_text(encoding="utf-8"))))
    assert "CS501" in codes
    assert not compiled_at_run_time & shipped


def test_a_table_from_another_interpreter_or_a_damaged_one_is_not_used(tmp_path: Path) -> None:
    table = build_table([r"(?P<port>4[0-9]{2})번", "a+b"])
    path = tmp_path / "table.bin"
    path.write_bytes(table)
    read = RegexTable.read(path)
    assert read is not None
    port = read.compiled(r"(?P<port>4[0-9]{2})번")
    assert port is not None and port.groupindex == {"port": 1}
    assert (match := port.search("HTTPS는 433번")) is not None and match["port"] == "433"
    assert read.compiled("not in the table") is None

    mark, header, code = table.split(b"\n", 2)
    fields = json.loads(header)
    path.write_bytes(b"\n".join([mark, json.dumps({**fields, "magic": fields["magic"] + 1}).encode(), code]))
    assert RegexTable.read(path) is None  # another interpreter's code format

    path.write_bytes(b"\n".join([mark, header, b"\xff" * len(code)]))
    damaged = RegexTable.read(path)
    assert damaged is not None and damaged.compiled("a+b") is None  # _sre refuses code it cannot check

    for broken in (b"", b"garbage\n", mark + b"\n{not json\n"):
        path.write_bytes(broken)
        assert RegexTable.read(path) is None
    assert RegexTable.read(tmp_path / "missing.bin") is None


def test_the_other_interpreters_tables_are_in_step_where_they_are_installed() -> None:
    others = build_regex_tables.other_interpreters()
    if not others:
        pytest.skip("no other CPython 3.11+ installed to check its table with")
    for interpreter in others:
        done = subprocess.run([interpreter, str(SCRIPT), "--check"], check=False, capture_output=True, text=True)
        assert done.returncode == 0, (interpreter, done.stdout + done.stderr)
