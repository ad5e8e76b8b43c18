"""The reporters on hand-made findings: the awkward cases real notes rarely hold all at once.

Korean text, emoji (two UTF-16 code units), `%`, commas, colons, newlines and control characters in
messages and paths; colour on and off; fingerprints across edits; escaping for every consumer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import Result

from checker import __version__
from checker.diagnostic import Diagnostic, Edit, Fix, Message, Severity, Span
from checker.docs import rules_markdown
from checker.engine import FileReport
from checker.registry import builtin_rules
from checker.reporters import FORMATS, ReportOptions, renderer
from checker.reporters import common as common_module
from checker.reporters.common import documentation_url, rule_url, utf16_column
from checker.reporters.json import JsonOutput
from checker.rule import Rule
from checker.source import SourceText
from tests.conftest import REPO
from tests.test_output_formats import (
    check_junit_counts,
    markdown_items,
    markdown_parser,
    markdown_table_rows,
    parse_junit,
    parse_workflow_commands,
    validate_sarif,
)


class Probe(Rule):
    """
    ## What it does
    Flags the word `probe` — a rule that exists only in these tests.

    ## Why is this bad?
    It is not.

    ## Example
    `probe`

    ## Fix safety
    Safe.

    ## Options
    None.
    """

    code = "CS998"
    name = "test-probe"
    summary = Message("시험용 규칙", "A rule for tests")
    default_severity = Severity.INFO


RULES = (*builtin_rules(), Probe)
TRICKY = "한글 100% 완료, a:b::c\n둘째 줄\r셋째 `x|y` *별* <b>굵게</b> [링크](u) @user #12 %0A"


def finding(
    source: SourceText,
    needle: str,
    message: str | Message,
    *,
    code: str = "CS101",
    name: str = "merge-conflict",
    severity: Severity = Severity.ERROR,
    fix: Fix | None = None,
    occurrence: int = 0,
) -> Diagnostic:
    start = -1
    for _ in range(occurrence + 1):
        start = source.text.index(needle, start + 1)
    span = Span(start, start + len(needle))
    text = message if isinstance(message, Message) else Message(message, message)
    return Diagnostic(code, name, span, text, fix, severity, location=source.lines.location(span))


def report(display: str, text: str, *found: Callable[[SourceText], Diagnostic]) -> FileReport:
    source = SourceText(text, bom=False)
    return FileReport(Path(display).absolute(), display, source, diagnostics=[make(source) for make in found])


def options(**kwargs: Any) -> ReportOptions:
    return ReportOptions(**{"lang": "ko", "rules": RULES, **kwargs})


def render(fmt: str, reports: list[FileReport], **kwargs: Any) -> str:
    return renderer(fmt)(reports, options(**kwargs))


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty working folder outside any git work tree, with no GitHub Actions variables."""
    monkeypatch.chdir(tmp_path)
    for variable in ("GITHUB_STEP_SUMMARY", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"):
        monkeypatch.delenv(variable, raising=False)
    yield tmp_path


NOTE = "# 네트워크\n\n#### 💡 TCP란?\n\n💡💡 [probe](#없는-앵커) 와 probe\n"


def sample() -> list[FileReport]:
    """Three files, given out of order; findings of each severity, one with a fix, one spanning lines."""
    fix = Fix.safe(Message("고치기", "fix it"), Edit(NOTE.index("probe"), NOTE.index("probe") + 5, "PROBE"))
    return [
        report(
            "노트/b 파일.md",
            NOTE,
            lambda s: finding(s, "probe", TRICKY, code="CS998", name="test-probe", severity=Severity.INFO, fix=fix),
            lambda s: finding(s, "probe", "두 번째", code="CS998", name="test-probe", occurrence=1),
        ),
        report(
            "a,b:c.md",
            "<<<<<<< HEAD\n가\n=======\n나\n>>>>>>> x\n",
            lambda s: finding(s, "<<<<<<< HEAD\n가\n=======\n나\n>>>>>>> x\n", "충돌: `HEAD` 대 `x`"),
            lambda s: finding(s, "가", "경고 %", code="CS901", name="unused-suppression", severity=Severity.WARNING),
        ),
        report("clean.md", "# 깨끗함\n"),
    ]


# -- shared behaviour ---------------------------------------------------------------------------


def test_the_cli_offers_every_format() -> None:
    from checker.cli import main  # noqa: PLC0415

    for command in ("check", "fix"):
        (option,) = [p for p in main.commands[command].params if p.name == "output_format"]
        assert isinstance(option.type, click.Choice)
        assert tuple(option.type.choices) == FORMATS


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_lists_files_sorted_by_path(fmt: str, here: Path) -> None:
    output = render(fmt, sample())
    first, last = {"sarif": ("a%2Cb", "%EB%85%B8"), "github": ("a%2Cb", "b 파일")}.get(fmt, ("a,b", "b 파일"))
    assert 0 <= output.index(first) < output.index(last)


def test_a_text_run_loads_no_other_reporter(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text("<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n")
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom checker.cli import main\n"
        "CliRunner().invoke(main, ['check', 'a.md'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('checker.reporters.')))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=in_tmp, env=env, check=True)
    assert done.stdout.strip() == "['checker.reporters.common', 'checker.reporters.text']"


def test_documentation_url_comes_from_the_installed_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import metadata  # noqa: PLC0415

    urls = metadata.metadata("cscheck").get_all("Project-URL") or []
    expected = next(u.split(",", 1)[1].strip() for u in urls if u.startswith("Documentation,"))
    assert documentation_url() == expected
    assert rule_url("CS401", "broken-anchor") == f"{expected}#cs401-broken-anchor"

    def missing(name: str) -> None:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "metadata", missing)
    assert documentation_url() == common_module.DOCUMENTATION_URL


def test_rule_anchor_matches_the_generated_readme() -> None:
    readme = rules_markdown(builtin_rules())  # what rules/README.md holds (test_meta keeps it fresh)
    for rule in builtin_rules():
        assert f"](#{common_module.rule_anchor(rule.code, rule.name)})" in readme


def test_utf16_columns() -> None:
    assert utf16_column("#### 💡 TCP", 1) == 1
    assert utf16_column("#### 💡 TCP", 6) == 6  # the emoji itself
    assert utf16_column("#### 💡 TCP", 7) == 8  # after it: one more
    assert utf16_column("한글", 3) == 3


# -- text and concise ---------------------------------------------------------------------------


CONFLICT = "#### 💡 질문\n<<<<<<< HEAD\n답 A\n=======\n답 B\n>>>>>>> feature\n"


def test_color_always_and_never(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(CONFLICT)
    assert "\x1b[" in cli("check", "--color", "always", "a.md").stdout
    assert "\x1b[" not in cli("check", "--color", "never", "a.md").stdout


def _on_a_terminal(folder: Path, *args: str, no_color: str | None) -> str:
    """Run cscheck with its standard output on a pseudo-terminal, so `--color auto` sees a TTY."""
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["PYTHONPATH"] = str(REPO)
    if no_color is not None:
        env["NO_COLOR"] = no_color
    try:
        leader, follower = os.openpty()
    except OSError as error:  # a container without /dev/ptmx
        pytest.skip(f"no pseudo-terminal: {error}")
    try:
        subprocess.run(
            [sys.executable, "-m", "checker", "check", "--lang", "en", *args],
            stdout=follower,
            stderr=subprocess.DEVNULL,
            cwd=folder,
            env=env,
            check=False,
            timeout=60,
        )
    finally:
        os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the terminal is closed and drained
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are Unix only")
def test_color_auto_on_a_terminal_respects_no_color(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(CONFLICT)
    assert "\x1b[" in _on_a_terminal(in_tmp, "--color", "auto", "a.md", no_color=None)
    assert "\x1b[" not in _on_a_terminal(in_tmp, "--color", "auto", "a.md", no_color="1")
    assert "\x1b[" in _on_a_terminal(in_tmp, "--color", "always", "a.md", no_color="1")  # an explicit choice wins


def test_text_shows_excerpt_caret_fix_marker_and_summary(here: Path) -> None:
    output = render("text", sample(), lang="en")
    # columns count code points: `💡💡 [` is four
    assert "노트/b 파일.md:5:5: CS998 [*] test-probe: 한글 100% 완료, a:b::c 둘째 줄 셋째" in output
    assert "\n  5 | 💡💡 [probe](#없는-앵커) 와 probe\n    |       ^^^^^\n    = fix (safe): fix it\n" in output
    assert output.endswith(
        "Found 4 problems in 2 files (2 errors, 1 warning, 1 info). [*] 1 fixable with `cscheck fix`.\n"
    )
    concise = render("concise", sample(), lang="en").splitlines()
    assert len(concise) == 5  # one line per finding, whatever the message holds, and the summary
    assert concise[2].startswith("노트/b 파일.md:5:5: CS998 [*] test-probe: 한글 100%")


def test_text_and_concise_neutralize_control_characters(here: Path) -> None:
    text = "escape \x1b[2J here\n"
    reports = [report("a.md", text, lambda s: finding(s, "\x1b[2J", "bad \x1b]0;title\x07 message"))]
    for fmt in ("text", "concise"):
        output = render(fmt, reports)
        assert "\x1b" not in output and "\x07" not in output
        assert "\ufffd[2J" in output or fmt == "concise"


# -- SARIF --------------------------------------------------------------------------------------


def _sarif(reports: list[FileReport], **kwargs: Any) -> dict[str, Any]:
    log = json.loads(render("sarif", reports, **kwargs))
    run: dict[str, Any] = log["runs"][0]
    return run


def test_sarif_driver_describes_every_rule(here: Path) -> None:
    run = _sarif(sample())
    driver = run["tool"]["driver"]
    assert driver["name"] == "cscheck" and driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == [rule.code for rule in RULES]
    for descriptor, rule in zip(driver["rules"], RULES, strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary.ko
        assert descriptor["fullDescription"]["text"]
        assert "## What it does" in descriptor["help"]["markdown"]
        assert descriptor["helpUri"] == f"{documentation_url()}#{rule.code.lower()}-{rule.name}"
        level = {"error": "error", "warning": "warning", "info": "note"}[rule.default_severity.value]
        assert descriptor["defaultConfiguration"]["level"] == level
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_results_locations_and_levels(here: Path) -> None:
    run = _sarif(sample())
    assert run["columnKind"] == "utf16CodeUnits"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == here.as_uri() + "/"
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("CS101", "error"),
        ("CS901", "warning"),
        ("CS998", "note"),
        ("CS998", "error"),
    ]
    conflict, _, probe, _ = results
    location = conflict["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "a%2Cb%3Ac.md", "uriBaseId": "%SRCROOT%"}
    # the block ends after its last newline; the region ends at the end of the last marker line
    assert location["region"] == {"startLine": 1, "startColumn": 1, "endLine": 5, "endColumn": 10}
    region = probe["locations"][0]["physicalLocation"]["region"]
    # `💡💡 [probe]`: `probe` starts at code point 5, UTF-16 unit 7
    assert region == {"startLine": 5, "startColumn": 7, "endLine": 5, "endColumn": 12}
    assert probe["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "%EB%85%B8%ED%8A%B8/b%20%ED%8C%8C%EC%9D%BC.md"
    )
    assert probe["message"]["text"] == TRICKY


def test_sarif_fix_is_a_replacement(here: Path) -> None:
    probe = _sarif(sample())["results"][2]
    (fix,) = probe["fixes"]
    assert fix["description"]["text"] == "고치기"
    (change,) = fix["artifactChanges"]
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 5, "startColumn": 7, "endLine": 5, "endColumn": 12},
            "insertedContent": {"text": "PROBE"},
        }
    ]


def test_sarif_uses_an_absolute_uri_outside_the_root(here: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "노트.md"
    item = report(str(outside), "probe\n", lambda s: finding(s, "probe", "m", code="CS998", name="test-probe"))
    (result,) = _sarif([item])["results"]
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": outside.as_uri()}


def _fingerprints(text: str, path: str = "a.md") -> list[str]:
    needles = [(i, "probe") for i in range(text.count("probe"))]
    item = report(
        path,
        text,
        *[lambda s, i=i: finding(s, "probe", "m", code="CS998", name="test-probe", occurrence=i) for i, _ in needles],
    )
    return [r["partialFingerprints"]["cscheck/v1"] for r in _sarif([item])["results"]]


def test_fingerprints_survive_inserting_lines_above(here: Path) -> None:
    before = _fingerprints("# 제목\n\nprobe 하나\n\n둘 probe\n")
    after = _fingerprints("# 제목\n\n새 문단이 위에 생겼다.\n\n\nprobe 하나\n\n둘 probe\n")
    assert before == after
    assert len(set(before)) == 2


def test_fingerprints_tell_repeats_apart_and_change_with_the_text(here: Path) -> None:
    same_line = _fingerprints("probe probe\nprobe probe\n")
    assert len(set(same_line)) == 4
    assert _fingerprints("probe 하나\n") != _fingerprints("probe 둘\n")
    assert _fingerprints("probe\n", "a.md") != _fingerprints("probe\n", "b.md")
    assert _fingerprints("probe  하나\n") == _fingerprints("probe 하나   \n")  # whitespace is normalized


@pytest.mark.integration
def test_tricky_sarif_passes_the_validator(here: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "밖 #1%.md"
    tricky = [
        *sample(),
        report(str(outside), "probe\n", lambda s: finding(s, "probe", "m", code="CS998", name="test-probe")),
        report(
            "빈.md",
            "",
            lambda s: Diagnostic(
                "CS998",
                "test-probe",
                Span(0, 0),
                Message("빈", "empty"),
                None,
                Severity.INFO,
                location=s.lines.location(Span(0, 0)),
            ),
        ),
    ]
    log = json.loads(render("sarif", tricky))
    validate_sarif(log, tmp_path_factory.mktemp("sarif"))


@pytest.mark.integration
def test_the_validator_rejects_a_broken_log(tmp_path: Path) -> None:
    """The check is real: an invalid URI and a result without a message are reported as errors."""
    log = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "x", "rules": []}},
                "results": [
                    {
                        "ruleId": "X",
                        "message": {"text": "m"},
                        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a b.md"}}}],
                    }
                ],
            }
        ],
    }
    with pytest.raises(AssertionError, match="SARIF1002"):
        validate_sarif(log, tmp_path)


# -- GitHub workflow commands -------------------------------------------------------------------


def test_github_commands_round_trip_every_finding(here: Path) -> None:
    reports = sample()
    output = render("github", reports)
    assert all(line.startswith("::") for line in output.splitlines())
    commands = parse_workflow_commands(output)
    expected = []
    for item in sorted(reports, key=lambda r: r.display):
        for d in item.diagnostics:
            assert d.location is not None
            expected.append((d.code, d.name, d.message.ko, d.location.line, d.severity))
    assert len(commands) == len(expected)
    for (name, properties, message), (code, rule, text, line, severity) in zip(commands, expected, strict=True):
        assert name == {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}[severity]
        assert properties["title"] == f"{code} {rule}"
        assert message == text
        assert int(properties["line"]) == line
    assert [p["file"] for _, p, _ in commands] == ["a,b:c.md", "a,b:c.md", "노트/b 파일.md", "노트/b 파일.md"]
    conflict, warning, probe, _ = (p for _, p, _ in commands)
    assert (conflict["line"], conflict["endLine"]) == ("1", "5") and "col" not in conflict  # lines only
    assert (warning["col"], warning["endColumn"]) == ("1", "1")  # `가`: one character, inclusive end
    assert (probe["col"], probe["endColumn"]) == ("7", "11")  # after two emoji, in UTF-16 units


def test_github_message_cannot_start_another_command(here: Path) -> None:
    text = "x\n"
    evil = "fine\n::set-env name=PATH::/evil\r\n::error::forged"
    output = render("github", [report("a.md", text, lambda s: finding(s, "x", evil))])
    assert len(output.splitlines()) == 1
    ((_, _, message),) = parse_workflow_commands(output)
    assert message == evil


def test_github_step_summary(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = here / "summary.md"
    summary.write_text("이전 단계\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    output = render("github", sample())
    assert "###" not in output  # the summary goes to the file, not to the log
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("이전 단계\n### cscheck")  # appended
    rows = markdown_table_rows(written)
    assert [row for row in rows if row[0].startswith("CS")] == [
        ["CS101 merge-conflict", "오류", "1"],
        ["CS901 unused-suppression", "경고", "1"],
        ["CS998 test-probe", "오류", "1"],
        ["CS998 test-probe", "정보", "1"],
    ]
    by_file = {row[0]: row[1:] for row in rows if not row[0].startswith("CS")}
    assert by_file == {"a,b:c.md": ["1", "1", "0"], "노트/b 파일.md": ["1", "0", "1"]}


def test_github_without_step_summary_writes_no_file(here: Path) -> None:
    render("github", sample())
    assert list(here.iterdir()) == []


# -- JUnit --------------------------------------------------------------------------------------


def test_junit_counts_and_failures(here: Path) -> None:
    root = parse_junit(render("junit", sample()))
    check_junit_counts(root)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert list(suites) == ["a,b:c.md", "clean.md", "노트/b 파일.md"]
    assert all(s.get("tests") == str(len(RULES)) for s in suites.values())
    assert [s.get("failures") for s in suites.values()] == ["2", "0", "1"]
    probe = next(c for c in suites["노트/b 파일.md"].iter("testcase") if c.get("name") == "CS998 test-probe")
    failure = probe.find("failure")
    assert failure is not None and failure.get("type") == "CS998"
    # one failure element for the rule's two findings, the info one included
    assert (failure.text or "").splitlines()[0].startswith("노트/b 파일.md:5:5: CS998 info: 한글 100% 완료, a:b::c")
    assert len((failure.text or "").splitlines()) == 2  # a line per finding, whatever the message holds
    assert "\n" not in (failure.get("message") or "")


def test_junit_info_findings_do_not_fail(here: Path) -> None:
    item = report(
        "a.md",
        "probe\n",
        lambda s: finding(s, "probe", "참고", code="CS998", name="test-probe", severity=Severity.INFO),
    )
    root = parse_junit(render("junit", [item]))
    check_junit_counts(root)
    assert root.get("failures") == "0"
    case = next(c for c in root.iter("testcase") if c.get("name") == "CS998 test-probe")
    assert "참고" in (case.findtext("system-out") or "")


def test_junit_stays_well_formed_with_control_characters(here: Path) -> None:
    text = "제목 \x00\x01\x1b\x7f\ufffe 끝\n"
    item = report("제\x01목.md", text, lambda s: finding(s, "\x01", "나쁜 \x00\x08\x0b\x0c\x1b[31m\ufffe\uffff 글자"))
    output = render("junit", [item])
    root = parse_junit(output)  # raises on anything XML 1.0 forbids
    check_junit_counts(root)
    failure = next(iter(root.iter("failure")))
    assert "\\x00" in (failure.get("message") or "") and "\\uffff" in (failure.get("message") or "")
    assert next(iter(root.iter("testsuite"))).get("name") == "제\\x01목.md"


def test_junit_skips_text_rules_for_an_unreadable_file(here: Path) -> None:
    problem = FileReport(
        Path("bad.md").absolute(),
        "bad.md",
        diagnostics=[
            Diagnostic(
                "CS001",
                "undecodable-file",
                Span(0, 0),
                Message("UTF-8 아님", "not UTF-8"),
                None,
                Severity.ERROR,
                location=None,
            )
        ],
    )
    root = parse_junit(render("junit", [problem]))
    check_junit_counts(root)
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert cases["CS001 undecodable-file"].find("failure") is not None
    assert cases["CS002 binary-file"].find("skipped") is None  # a file rule: it ran
    assert cases["CS101 merge-conflict"].find("skipped") is not None


def test_junit_has_a_case_per_rule_that_ran(here: Path) -> None:
    root = parse_junit(renderer("junit")(sample(), ReportOptions(lang="en", rules=(Probe,))))
    check_junit_counts(root)
    names = {c.get("name") for c in root.iter("testcase")}
    # the rules that ran, plus a case for any rule that reported although it was not listed
    assert names == {"CS998 test-probe", "CS101 merge-conflict", "CS901 unused-suppression"}


# -- Markdown -----------------------------------------------------------------------------------


def test_markdown_renders_messages_literally(here: Path) -> None:
    output = render("markdown", sample())
    items = markdown_items(output)
    assert len(items) == 4
    # what a reader sees is the message itself (newlines become spaces; code spans are code)
    expected = TRICKY.replace("\r", " ").replace("\n", " ").replace("`x|y`", "x|y")
    assert items[2] == f"노트/b 파일.md:5 CS998 test-probe (정보): {expected}"
    tokens = markdown_parser().parse(output)
    html = "".join(t.content for t in tokens if t.type in {"html_block", "html_inline"})
    assert html == ""  # `<b>` stayed text
    for child in (c for t in tokens if t.type == "inline" for c in t.children or []):
        assert child.type != "link_open" or child.attrs["href"].startswith("https://")  # only our own links
    assert "@\u2060user" in output and "#\u206012" in output  # no mention, no issue link


def test_markdown_table_escapes_pipes(here: Path) -> None:
    item = report("a|b.md", "x\n", lambda s: finding(s, "x", "m"))
    from checker.reporters import markdown  # noqa: PLC0415

    assert markdown.escape("a | `b|c`", table=True) == "a \\| `b\\|c`"
    output = markdown.step_summary([item], options())
    rows = markdown_table_rows(output)
    assert ["a|b.md", "1", "0", "0"] in rows


def test_markdown_links_need_the_github_environment(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reports = sample()
    plain = render("markdown", reports)
    links = [c for t in markdown_parser().parse(plain) if t.type == "inline" for c in t.children or []]
    assert [c.attrs["href"] for c in links if c.type == "link_open"] == [
        rule_url(code, name) for code, name in [("CS101", "merge-conflict"), ("CS901", "unused-suppression")]
    ] + [rule_url("CS998", "test-probe")] * 2  # the rule table only: no relative links in a comment
    assert "`a,b:c.md:1`" in plain
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "study/cs-notes")
    monkeypatch.setenv("GITHUB_SHA", "0123abc")
    linked = render("markdown", reports)
    base = "https://github.com/study/cs-notes/blob/0123abc/"
    assert f"[`a,b:c.md:1`]({base}a%2Cb%3Ac.md#L1-L5)" in linked
    assert f"({base}%EB%85%B8%ED%8A%B8/b%20%ED%8C%8C%EC%9D%BC.md#L5)" in linked


def test_markdown_stays_under_githubs_comment_limit(here: Path) -> None:
    from checker.reporters.markdown import MAX_LENGTH  # noqa: PLC0415

    text = "probe\n" * 3000
    item = report(
        "big.md",
        text,
        *[
            lambda s, i=i: finding(s, "probe", "긴 메시지 " * 5, code="CS998", name="test-probe", occurrence=i)
            for i in range(3000)
        ],
    )
    output = render("markdown", [item])
    assert len(output) <= MAX_LENGTH + 200
    shown = len(markdown_items(output))
    assert 0 < shown < 3000
    assert f"나머지 {3000 - shown}개" in output


def test_markdown_when_all_is_well(here: Path) -> None:
    output = render("markdown", [report("a.md", "# 좋음\n")], lang="en")
    assert output.splitlines()[2].startswith("✅ All checks passed")
    assert markdown_items(output) == []


# -- JSON schema --------------------------------------------------------------------------------


def test_schema_command_prints_the_models_schema(cli: Callable[..., Result]) -> None:
    result = cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    generated = JsonOutput.model_json_schema()
    assert schema["$defs"] == generated["$defs"] and schema["properties"] == generated["properties"]


def test_json_of_tricky_findings_validates(cli: Callable[..., Result], here: Path) -> None:
    import jsonschema  # noqa: PLC0415

    schema = json.loads(cli("schema").stdout)
    data = json.loads(render("json", sample()))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert [f["path"] for f in data["files"]] == ["a,b:c.md", "clean.md", "노트/b 파일.md"]


def test_published_schema_accepts_added_keys() -> None:
    """JSON output grows only by adding keys: today's schema must accept tomorrow's output."""
    import jsonschema  # noqa: PLC0415

    from checker.reporters.json import JsonOutput  # noqa: PLC0415

    schema = JsonOutput.model_json_schema()
    document = {
        "version": 1,
        "files": [],
        "summary": {
            "files": 0,
            "diagnostics": 0,
            "errors": 0,
            "warnings": 0,
            "info": 0,
            "fixable": 0,
            "by_code": {},
            "new_key": 1,
        },
        "new_top_level": True,
    }
    jsonschema.validate(document, schema)
