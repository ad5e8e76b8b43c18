from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.conftest import shared

RULE = "known-error"


def test_severity_comes_from_the_entry(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text("OAuth는 인증을 위한 프로토콜이다.\n\nHTTPS는 433번 포트\n")
    data = json.loads(cli("check", "--select", RULE, "--output-format", "json", "a.md").stdout)
    assert [d["severity"] for d in data["files"][0]["diagnostics"]] == ["warning", "error"]
    (in_tmp / "cscheck.toml").write_text('[severity]\nknown-error = "info"\n')
    data = json.loads(cli("check", "--select", RULE, "--output-format", "json", "a.md").stdout)
    assert {d["severity"] for d in data["files"][0]["diagnostics"]} == {"info"}  # config wins


def test_user_pack(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "cscheck.toml").write_text('[knowledge]\npacks = ["team.toml"]\n')
    (in_tmp / "team.toml").write_text(
        '[[entry]]\nid = "redis-single-thread"\nkind = "fact"\npattern = "레디스는 멀티 스레드"\n'
        'message = { ko = "레디스의 명령 처리는 단일 스레드입니다.", en = "Redis runs commands on one thread." }\n'
        'source = "Redis docs"\nbad = ["레디스는 멀티 스레드로 명령을 처리한다"]\ngood = ["레디스는 단일 스레드"]\n'
    )
    (in_tmp / "a.md").write_text("레디스는 멀티 스레드로 명령을 처리한다.\n")
    result = cli("check", "--select", RULE, "--lang", "en", "a.md")
    assert result.exit_code == 1
    assert "Redis runs commands on one thread." in result.stdout
    check = cli("knowledge", "check", "team.toml")
    assert check.exit_code == 0 and "1 entries, 0 failing examples" in check.stdout


def test_broken_pack_is_one_line_exit_two(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "cscheck.toml").write_text('[knowledge]\npacks = ["bad.toml"]\n')
    (in_tmp / "bad.toml").write_text(
        '[[entry]]\nid = "x"\nkind = "fact"\npattern = "(a+)+$"\nmessage = {ko="a", en="b"}\nsource = "s"\nbad = ["aaa"]\ngood = ["b"]\n'
    )
    (in_tmp / "a.md").write_text("# ok\n")
    result = cli("check", "a.md")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("cscheck: error: bad.toml: entry 'x': pattern may backtrack catastrophically")


def test_failing_example_in_a_pack(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "p.toml").write_text(
        '[[entry]]\nid = "x"\nkind = "term"\npattern = "Protocal"\nmessage = {ko="a", en="b"}\nsource = "s"\n'
        'bad = ["protocal"]\ngood = ["Protocol"]\n'
    )
    result = cli("knowledge", "check", "p.toml")
    assert result.exit_code == 1
    assert "bad[0] does not fire" in result.stdout


def test_seed_expectations(cli: Callable[..., Result]) -> None:
    seed = shared("seed", "000_0f84ac28c29cdedc.md")
    data = json.loads(cli("check", "--select", "CS5", "--output-format", "json", "--lang", "en", str(seed)).stdout)
    found = {(d["code"], d["line"]) for d in data["files"][0]["diagnostics"]}
    expected = {
        ("CS501", 143),
        ("CS501", 119),
        ("CS501", 255),  # DNS(Domain Name Server): a wrong acronym expansion is a fact (issue 22)
        ("CS502", 258),
        ("CS501", 258),
        ("CS501", 189),
        ("CS501", 211),
        ("CS502", 267),
        ("CS502", 327),
        ("CS501", 334),
        ("CS501", 300),
        ("CS501", 47),
        ("CS501", 85),
    }
    assert expected <= found
    by_line = {(d["code"], d["line"]): d for d in data["files"][0]["diagnostics"]}
    assert by_line[("CS501", 334)]["severity"] == "warning" and by_line[("CS501", 334)]["fix"] is None
    assert by_line[("CS501", 143)]["fix"]["edits"][0]["text"] == "443"


def test_seed_overlapping_fixes_settle(tmp_path: Path, cli: Callable[..., Result]) -> None:
    """Line 258 `TLS(Seucure Sockets Layer)`: the term fix and the fact fix overlap; two passes settle them."""
    seed = shared("seed", "000_0f84ac28c29cdedc.md")
    note = tmp_path / "seed.md"
    lines = seed.read_text(encoding="utf-8").split("\n")
    note.write_text("\n".join(lines[250:262]) + "\n", encoding="utf-8")
    assert cli("fix", "--select", "CS5", str(note)).exit_code in (0, 1)
    fixed = note.read_text(encoding="utf-8")
    assert "TLS(Transport Layer Security)" in fixed
    assert "DNS( Domain Name System )" in fixed
