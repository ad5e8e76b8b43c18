"""``check --remote`` against real HTTP servers on the loopback (tests/loopback_server.py).

Every case of link rot the client must tell apart, the result cache (a second run asks nothing),
``--remote-offline``, the refusal of private addresses, the missing-extra message, and 1 000 links
on 50 hosts within the configured limits — counted by the servers, not timed. Every request loop
is bounded: a timeout of a fraction of a second, one retry, a budget of seconds.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import require_tool
from tests.loopback_server import HUGE, serving

pytest.importorskip("httpx", reason="the remote extra (httpx) is not installed")

FAST = """
[remote]
allow = ["127.0.0.1"]
timeout = "500ms"
retries = 1
budget = "20s"
host-rate = 200
"""


def _project(root: Path, notes: dict[str, str], config: str = FAST) -> None:
    (root / "cscheck.toml").write_text(config, encoding="utf-8")
    for name, text in notes.items():
        (root / name).write_text(text, encoding="utf-8")


def _findings(result: Result) -> list[tuple[int, str]]:
    data = json.loads(result.stdout)
    return [(d["line"], d["code"]) for f in data["files"] for d in f["diagnostics"]]


def _check(cli: Callable[..., Result], *args: str) -> Result:
    return cli("check", "--lang", "en", "--output-format", "json", "--select", "CS312,CS313,CS314", *args)


def test_each_case_is_classified(cli: Callable[..., Result], in_tmp: Path) -> None:
    with serving() as ([base], tally):
        note = "\n\n".join(
            [
                f"![ok]({base}/image.png)",  # 1: 200 image/png
                f"![missing]({base}/missing.png)",  # 3: 404
                f"![error page]({base}/html-200.png)",  # 5: 200 but text/html
                f"![moved]({base}/moved.png)",  # 7: 301 to an image
                f"[temporary]({base}/temporary)",  # 9: 302: fine, not reported
                f"[loop]({base}/loop-a)",  # 11: 301 → 302 → back
                f"[busy]({base}/busy)",  # 13: 429 Retry-After: 1, then 200
                f"[slow]({base}/slow)",  # 15: slower than the timeout
                f"[reset]({base}/reset)",  # 17: connection closed without an answer
                f"![no head]({base}/no-head.png)",  # 19: HEAD 405, GET 200
                f"![huge]({base}/huge.png)",  # 21: 16 GiB announced
                f"[gone]({base}/gone)",  # 23: 404 link
                f"[moved page]({base}/moved-page#part)",  # 25: 308
                f"[down]({base}/server-error)",  # 27: 503 after its retry
                f"[too busy]({base}/too-busy)",  # 29: Retry-After a day: unknown, not broken
            ]
        )
        _project(in_tmp, {"note.md": note + "\n"})
        started = time.monotonic()
        result = _check(cli, "--remote", "note.md")
        elapsed = time.monotonic() - started
        assert result.exit_code == 1, result.output
        assert _findings(result) == [
            (3, "CS312"),
            (5, "CS312"),
            (7, "CS314"),
            (11, "CS313"),
            (15, "CS313"),
            (17, "CS313"),
            (23, "CS313"),
            (25, "CS314"),
            (27, "CS313"),
        ]
        messages = {d["line"]: d["message"] for f in json.loads(result.stdout)["files"] for d in f["diagnostics"]}
        assert "HTTP 404" in messages[3]
        assert "`text/html; charset=utf-8`, not an image" in messages[5]
        assert f"moved permanently to `{base}/image.png`" in messages[7]
        assert "loop" in messages[11]
        assert "timeout" in messages[15]
        assert "connection broke" in messages[17]
        assert f"`{base}/page-new`" in messages[25]
        assert "HTTP 503" in messages[27]
        # HEAD first; GET only where HEAD was refused, or did not say image
        assert tally.requests[(int(base.rsplit(":", 1)[1]), "GET", "/image.png")] == 0
        port = int(base.rsplit(":", 1)[1])
        assert tally.requests[(port, "GET", "/no-head.png")] == 1
        assert tally.requests[(port, "GET", "/html-200.png")] == 1
        assert tally.requests[(port, "HEAD", "/busy")] == 2  # once refused, once after Retry-After
        assert tally.requests[(port, "HEAD", "/server-error")] == 2  # a retry
        assert tally.requests[(port, "HEAD", "/too-busy")] == 1  # a day's wait is not waited
        assert tally.body_bytes_sent < HUGE // 1000  # the 16 GiB body was not read
        assert "referer" not in tally.sent_headers and "cookie" not in tally.sent_headers  # as GitHub's proxy
        assert "1 unknown" in result.stderr and "rate-limited (429): 1" in result.stderr
        assert elapsed < 15


def test_second_run_asks_nothing_and_offline_reads_the_cache(cli: Callable[..., Result], in_tmp: Path) -> None:
    with serving() as ([base], tally):
        _project(in_tmp, {"note.md": f"![a]({base}/image.png)\n\n[b]({base}/gone)\n\n![c]({base}/missing.png)\n"})
        first = _check(cli, "--remote", "note.md")
        asked = tally.count
        assert asked == 3 and _findings(first) == [(3, "CS313"), (5, "CS312")]
        second = _check(cli, "--remote", "note.md")
        assert tally.count == asked, "a second run within the expiry made requests"
        assert _findings(second) == _findings(first)
        assert "3 from the cache" in second.stderr
        offline = _check(cli, "--remote-offline", "note.md")
        assert tally.count == asked and _findings(offline) == _findings(first)


def test_expired_results_are_asked_again(cli: Callable[..., Result], in_tmp: Path) -> None:
    with serving() as ([base], tally):
        _project(in_tmp, {"note.md": f"[b]({base}/gone)\n"}, FAST + 'cache = "0s"\n')
        _check(cli, "--remote", "note.md")
        _check(cli, "--remote", "note.md")
        assert tally.count == 2


def test_offline_without_a_cache_asks_nothing_and_finds_nothing(cli: Callable[..., Result], in_tmp: Path) -> None:
    with serving() as ([base], tally):
        _project(in_tmp, {"note.md": f"[b]({base}/gone)\n"})
        result = _check(cli, "--remote-offline", "note.md")
        assert tally.count == 0 and _findings(result) == [] and result.exit_code == 0
        assert "not in the cache (--remote-offline): 1" in result.stderr


def test_loopback_is_refused_unless_allowed(cli: Callable[..., Result], in_tmp: Path) -> None:
    with serving() as ([base], tally):
        _project(in_tmp, {"note.md": f"[b]({base}/gone)\n\n![c]({base}/missing.png)\n"}, "[remote]\ntimeout = 1\n")
        result = _check(cli, "--remote", "note.md")
        assert tally.count == 0, "a loopback address was asked without `allow`"
        assert _findings(result) == []
        assert "private or loopback, not asked: 2" in result.stderr


def test_deny_wins_over_allow(cli: Callable[..., Result], in_tmp: Path) -> None:
    with serving() as ([base], tally):
        config = FAST + f'deny = ["{base}/gone*"]\n'
        _project(in_tmp, {"note.md": f"[b]({base}/gone)\n"}, config)
        result = _check(cli, "--remote", "note.md")
        assert tally.count == 0 and _findings(result) == []
        assert "in deny, not asked: 1" in result.stderr


def test_a_normal_run_never_fetches_nor_reports_remote_rules(cli: Callable[..., Result], in_tmp: Path) -> None:
    with serving() as ([base], tally):
        note = f"<!-- cscheck-disable-next-line broken-remote-link -- a known dead reference -->\n[b]({base}/gone)\n"
        _project(in_tmp, {"note.md": note})
        only = ("--select", "CS312,CS313,CS314,CS901")
        plain = cli("check", "--lang", "en", "--output-format", "json", *only, "note.md")
        assert tally.count == 0 and _findings(plain) == [], plain.stdout  # no CS901 for the suppression either
        remote = cli("check", "--lang", "en", "--output-format", "json", *only, "--remote", "note.md")
        assert tally.count == 1 and _findings(remote) == []  # suppressed


def test_budget_leaves_the_rest_unknown(cli: Callable[..., Result], in_tmp: Path) -> None:
    with serving() as ([base], _):
        config = '[remote]\nallow = ["127.0.0.1"]\ntimeout = "5s"\nretries = 0\nbudget = "1s"\n'
        _project(in_tmp, {"note.md": "\n\n".join(f"[s{i}]({base}/slow?{i})" for i in range(4)) + "\n"}, config)
        started = time.monotonic()
        result = _check(cli, "--remote", "note.md")
        assert time.monotonic() - started < 4
        assert _findings(result) == []
        assert "not checked within the budget: 4" in result.stderr


def test_1000_links_on_50_hosts_within_the_limits(cli: Callable[..., Result], in_tmp: Path) -> None:
    hosts, per_host, rate = 50, 20, 100.0
    config = (
        '[remote]\nallow = ["127.0.0.1"]\nconcurrency = 8\nhost-concurrency = 2\n'
        f'host-rate = {rate}\ntimeout = "5s"\nbudget = "60s"\n'
    )
    with serving(hosts) as (bases, tally):
        notes = {}
        for n in range(10):
            lines = []
            for i in range(100):
                index = n * 100 + i
                base = bases[index % hosts]
                lines.append(f"![{index}]({base}/img{index}.png)" if index % 2 else f"[{index}]({base}/page{index})")
            notes[f"note{n}.md"] = "\n\n".join(lines) + "\n"
        _project(in_tmp, notes, config)
        result = _check(cli, "--remote", ".")
        assert result.exit_code == 0 and _findings(result) == []
        assert tally.count == hosts * per_host  # each URL asked once (HEAD), nothing twice
        assert set(tally.requests.values()) == {1}
        assert max(tally.max_in_flight.values()) <= 2
        assert tally.max_total_in_flight <= 8
        for starts in tally.starts.values():
            assert len(starts) == per_host
            # host-rate: 20 starts at 100 a second span at least 0.19 s (a little slack for the loopback)
            assert max(starts) - min(starts) >= (per_host - 1) / rate * 0.8
        assert "1000 URLs on 50 hosts — 1000 ok" in result.stderr


def test_missing_extra_is_one_line(cli: Callable[..., Result], in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "checker.remote.client", raising=False)
    monkeypatch.setitem(sys.modules, "httpx", None)  # `import httpx` raises ImportError
    _project(in_tmp, {"note.md": "[b](https://example.invalid/x)\n"})
    result = cli("check", "--remote", "note.md")
    assert result.exit_code == 2
    assert "pip install 'cscheck[remote]'" in result.stderr
    assert "Traceback" not in result.output


def test_only_remote_imports_the_client(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text("[b](https://example.invalid/x)\n", encoding="utf-8")
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom checker.cli import main\n"
        "CliRunner().invoke(main, ['check', 'note.md'])\nprint('httpx' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "False", done.stderr


def test_bad_remote_config_is_one_line(cli: Callable[..., Result], in_tmp: Path) -> None:
    _project(in_tmp, {"note.md": "x\n"}, '[remote]\ncache = "soon"\n')
    result = cli("check", "--remote", "note.md")
    assert result.exit_code == 2
    assert "cscheck.toml:2:1: [remote] key 'cache': 'soon' is not a duration" in result.stderr


def test_init_writes_the_weekly_links_workflow(cli: Callable[..., Result], in_tmp: Path) -> None:
    pytest.importorskip("check_jsonschema", reason="check-jsonschema is not installed (pip install -e '.[test]')")
    (in_tmp / "note.md").write_text("#### 💡 TCP란?\n\n연결형 프로토콜이다.\n", encoding="utf-8")
    assert cli("init", "--lang", "en").exit_code == 0
    workflow = in_tmp / ".github" / "workflows" / "cscheck-links.yml"
    text = workflow.read_text(encoding="utf-8")
    assert "schedule:" in text and "cscheck check --remote" in text and "cscheck[remote]" in text
    assert "gh issue edit" in text and "gh issue create" in text and "~/.cache/cscheck" in text
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(workflow)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_fix_writes_the_new_address_of_a_moved_url(cli: Callable[..., Result], in_tmp: Path) -> None:
    with serving() as ([base], _):
        _project(in_tmp, {"note.md": f"[moved page]({base}/moved-page#part)\n"})
        result = cli("fix", "--remote", "--unsafe-fixes", "--select", "CS314", "--lang", "en", "note.md")
        assert result.exit_code == 1, result.output
        assert (in_tmp / "note.md").read_text(encoding="utf-8") == f"[moved page]({base}/page-new#part)\n"


def test_summary_in_korean_per_host(cli: Callable[..., Result], in_tmp: Path) -> None:
    with serving(2) as (bases, _):
        _project(in_tmp, {"note.md": f"[a]({bases[0]}/gone)\n\n[b]({bases[1]}/page)\n\n[c]({bases[1]}/page2)\n"})
        result = cli("check", "--remote", "--lang", "ko", "note.md")
        lines = result.stderr.splitlines()
        assert "cscheck: 원격 확인: 호스트 2곳의 주소 3개 — 정상 2, 깨짐 1" in lines[0]
        rows = {line.split()[0]: line.split()[1:] for line in lines[2:4]}
        assert rows[bases[0].removeprefix("http://")] == ["1", "0", "1", "0", "0", "1"]
        assert rows[bases[1].removeprefix("http://")] == ["2", "2", "0", "0", "0", "2"]


@pytest.mark.skipif(os.name == "nt", reason="a pseudo-terminal is POSIX")
def test_progress_on_a_terminal(in_tmp: Path) -> None:
    import pty  # noqa: PLC0415 — POSIX only

    with serving() as ([base], tally):
        _project(in_tmp, {"note.md": "\n\n".join(f"[p{i}]({base}/page{i})" for i in range(5)) + "\n"})
        pid, fd = pty.fork()
        if pid == 0:  # the child: a terminal on its standard streams
            os.execv(sys.executable, [sys.executable, "-m", "checker", "check", "--remote", "--lang", "en", "note.md"])
        chunks = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        _, status = os.waitpid(pid, 0)
    output = b"".join(chunks).decode("utf-8")
    assert os.waitstatus_to_exitcode(status) == 1, output  # CS310 warns about the loopback links
    assert "\rcscheck: remote: 5/5" in output and tally.count == 5
    assert "5 URLs on 1 host — 5 ok" in output


def test_diff_base_reports_only_the_new_broken_link_and_asks_once(cli: Callable[..., Result], in_tmp: Path) -> None:
    require_tool("git")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}  # fmt: skip
    with serving() as ([base], tally):
        _project(in_tmp, {"note.md": f"[old]({base}/gone)\n"})
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "notes"]):
            subprocess.run(["git", "-C", str(in_tmp), *args], check=True, capture_output=True, env=env)
        (in_tmp / "note.md").write_text(f"[old]({base}/gone)\n\n[new]({base}/missing.png)\n", encoding="utf-8")
        result = _check(cli, "--remote", "--diff-base", "HEAD", "note.md")
        assert _findings(result) == [(3, "CS313")]
        assert tally.count == 2  # the base commit's notes were judged by what this run found


def test_no_host_reachable_blames_the_network_not_the_links(cli: Callable[..., Result], in_tmp: Path) -> None:
    closed = []
    for _ in range(2):  # ports nobody listens on: a machine without network refuses every connection alike
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            closed.append(probe.getsockname()[1])
    _project(in_tmp, {"note.md": f"[a](http://127.0.0.1:{closed[0]}/x)\n\n[b](http://127.0.0.1:{closed[1]}/y)\n"})
    result = _check(cli, "--remote", "note.md")
    assert _findings(result) == [] and result.exit_code == 0
    assert "no host reachable (no network?): 2" in result.stderr
    again = _check(cli, "--remote", "note.md")
    assert "0 from the cache" in again.stderr  # not kept: the next run with a network checks them


def test_one_unreachable_host_among_working_ones_is_broken(cli: Callable[..., Result], in_tmp: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    with serving() as ([base], _):
        _project(in_tmp, {"note.md": f"[a](http://127.0.0.1:{closed}/x)\n\n[b]({base}/page)\n"})
        result = _check(cli, "--remote", "note.md")
        assert _findings(result) == [(1, "CS313")]
        assert "no connection" in json.loads(result.stdout)["files"][0]["diagnostics"][0]["message"]
