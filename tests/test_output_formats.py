"""Every output format, produced by the command line and read back by its real consumer.

- json: validated against the schema ``cscheck schema`` prints (``jsonschema``);
- sarif: Microsoft's SARIF validator (``sarif-multitool validate``, with GitHub's ingestion rules) and
  ``jsonschema`` against the ``sarif-2.1.0.json`` its npm package ships — integration tests: they skip
  without the tool and fail in CI, where ``.ci/run`` installs it into ``.ci/node_modules``;
- github: a parser of GitHub's workflow-command syntax, written from GitHub's documentation;
- junit: ``xml.etree.ElementTree``;
- markdown: markdown-it-py with GitHub's table extension.

Each runs on the seed (skipped without ../shared) and on the repository's own ``content/``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
from click.testing import Result
from markdown_it import MarkdownIt

from checker.reporters import FORMATS
from tests.conftest import IN_CI, REPO, shared

SEED = ("seed", "000_0f84ac28c29cdedc.md")
SARIF_PACKAGE = REPO / ".ci" / "node_modules" / "@microsoft" / "sarif-multitool-linux"
SARIF_BINARY = SARIF_PACKAGE / "Sarif.Multitool"


# -- GitHub workflow commands -------------------------------------------------------------------
#
# From GitHub's "Workflow commands for GitHub Actions": a command is one line
#     ::{command} {parameter}={value},{parameter}={value}::{message}
# (the parameters and the space before them are optional). Values are escaped: in the message
# `%` is `%25`, CR is `%0D` and LF is `%0A`; in a parameter value also `:` is `%3A` and `,` is `%2C`.
# The runner undoes them in the order below (`%25` last, so `%250A` stays the text `%0A`).

_DATA_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
_PROPERTY_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))


def _unescape(value: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for escaped, char in escapes:
        value = value.replace(escaped, char)
    return value


def parse_workflow_command(line: str) -> tuple[str, dict[str, str], str]:
    """``(command, parameters, message)`` of one workflow-command line; AssertionError if it is none."""
    assert line.startswith("::"), line
    end = line.index("::", 2)
    head, message = line[2:end], line[end + 2 :]
    command, _, parameters = head.partition(" ")
    assert re.fullmatch(r"[a-z-]+", command), command
    properties: dict[str, str] = {}
    if parameters:
        for pair in parameters.split(","):
            key, equals, value = pair.partition("=")
            assert equals and key and key not in properties, pair
            properties[key] = _unescape(value, _PROPERTY_ESCAPES)
    return command, properties, _unescape(message, _DATA_ESCAPES)


def parse_workflow_commands(output: str) -> list[tuple[str, dict[str, str], str]]:
    assert output == "" or output.endswith("\n")
    return [parse_workflow_command(line) for line in output.splitlines()]


def test_the_parser_reads_githubs_documented_examples() -> None:
    assert parse_workflow_command("::error file=app.js,line=1::Missing semicolon") == (
        "error",
        {"file": "app.js", "line": "1"},
        "Missing semicolon",
    )
    assert parse_workflow_command("::notice file={name},line={line},endLine={endLine},title={title}::{message}") == (
        "notice",
        {"file": "{name}", "line": "{line}", "endLine": "{endLine}", "title": "{title}"},
        "{message}",
    )
    assert parse_workflow_command("::warning::Missing semicolon") == ("warning", {}, "Missing semicolon")
    assert parse_workflow_command("::error title=a%3Ab%2Cc::100%25%0Adone%250A") == (
        "error",
        {"title": "a:b,c"},
        "100%\ndone%0A",
    )


# -- SARIF: the official validator and schema ----------------------------------------------------


def _required(what: str) -> None:
    if IN_CI:
        pytest.fail(f"{what} is required in CI (.ci/run installs it)")
    pytest.skip(f"{what} is not installed (npm install --prefix .ci @microsoft/sarif-multitool, as .ci/run does)")


def sarif_multitool() -> list[str]:
    """The validator: the binary .ci/run installs, else ``sarif-multitool`` on PATH."""
    if SARIF_BINARY.is_file() and os.access(SARIF_BINARY, os.X_OK):
        return [str(SARIF_BINARY)]
    found = shutil.which("sarif-multitool")
    if found is None:
        _required("the SARIF validator (@microsoft/sarif-multitool)")
    assert found is not None
    return [found]


def sarif_schema() -> dict[str, Any]:
    """``sarif-2.1.0.json`` as shipped in @microsoft/sarif-multitool-linux."""
    candidates = [SARIF_PACKAGE / "sarif-2.1.0.json"]
    found = shutil.which("sarif-multitool")
    if found is not None:  # a global install: the platform package sits beside the wrapper's package
        package = Path(found).resolve().parent
        candidates.append(package.parent / "sarif-multitool-linux" / "sarif-2.1.0.json")
        candidates.append(package / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "sarif-2.1.0.json")
    for candidate in candidates:
        if candidate.is_file():
            schema: dict[str, Any] = json.loads(candidate.read_text(encoding="utf-8"))
            return schema
    _required("sarif-2.1.0.json (@microsoft/sarif-multitool-linux)")
    raise AssertionError("unreachable")


def validate_sarif(log: dict[str, Any], folder: Path) -> None:
    """Assert the official validator (SARIF rules and GitHub's ingestion rules) and the schema accept ``log``."""
    schema = sarif_schema()
    validator_class = jsonschema.validators.validator_for(schema)
    errors = sorted(validator_class(schema).iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]

    command = sarif_multitool()
    target = folder / "out.sarif"
    target.write_text(json.dumps(log, ensure_ascii=False), encoding="utf-8")
    result = folder / "result.sarif"
    env = {**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1", "DOTNET_CLI_TELEMETRY_OPTOUT": "1"}
    done = subprocess.run(
        [*command, "validate", "--rule-kind", "Sarif;Gh", "--log", "ForceOverwrite", "-o", str(result), str(target)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert result.is_file(), done.stdout + done.stderr
    report = json.loads(result.read_text(encoding="utf-8-sig"))
    problems = [
        f"{r['ruleId']}: {r['message']}"
        for run in report["runs"]
        for r in run.get("results", [])
        if r.get("level", "warning") in ("error", "warning")
    ]
    assert not problems, problems
    notifications = [
        n["message"]["text"]
        for run in report["runs"]
        for invocation in run.get("invocations", [])
        for n in invocation.get("toolExecutionNotifications", [])
        if n.get("level") == "error"
    ]
    assert not notifications, notifications


# -- JUnit and Markdown readers -----------------------------------------------------------------


def parse_junit(output: str) -> ET.Element:
    assert output.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(output.encode("utf-8"))
    assert root.tag == "testsuites"
    return root


def check_junit_counts(root: ET.Element) -> None:
    """The counts in the attributes are the counts of the elements, per suite and in total."""
    totals = Counter[str]()
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        counts = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "skipped": sum(1 for c in cases if c.find("skipped") is not None),
            "errors": 0,
        }
        for key, value in counts.items():
            assert suite.get(key) == str(value), (suite.get("name"), key)
            totals[key] += value
        for case in cases:
            assert len(case.findall("failure")) <= 1
    for key in ("tests", "failures", "skipped", "errors"):
        assert root.get(key) == str(totals[key]), key


def markdown_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def rendered_text(tokens: Any) -> str:
    """The text a reader sees in an inline token (code spans' contents included), word joiners removed."""
    parts = []
    for child in tokens.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts).replace("\u2060", "")


def markdown_items(output: str) -> list[str]:
    """The rendered text of every list item (one finding each)."""
    tokens = markdown_parser().parse(output)
    items = []
    for index, token in enumerate(tokens):
        if token.type == "list_item_open":
            inline = tokens[index + 2]
            assert inline.type == "inline"
            items.append(rendered_text(inline))
    return items


def markdown_table_rows(output: str) -> list[list[str]]:
    """The rendered cells of every table body row, in order."""
    tokens = markdown_parser().parse(output)
    rows: list[list[str]] = []
    in_body = False
    for token in tokens:
        if token.type == "tbody_open":
            in_body = True
        elif token.type == "tbody_close":
            in_body = False
        elif in_body and token.type == "tr_open":
            rows.append([])
        elif in_body and token.type == "inline":
            rows[-1].append(rendered_text(token))
    return rows


# -- the command line on real notes -------------------------------------------------------------


def test_every_format_is_offered_by_the_cli(cli: Callable[..., Result]) -> None:
    shown = cli("check", "--help").stdout
    assert f"--output-format [{'|'.join(FORMATS)}]" in " ".join(shown.split())


@pytest.fixture(params=["seed", "content"])
def corpus(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run from the folder that holds the notes, as CI does: the seed's ../shared, or this repository."""
    if request.param == "seed":
        seed = shared(*SEED)
        monkeypatch.chdir(seed.parent.parent)
        yield f"{seed.parent.name}/{seed.name}"
    else:
        monkeypatch.chdir(REPO)
        yield "content/"


def _run(cli: Callable[..., Result], fmt: str, target: str, lang: str = "ko") -> Result:
    result = cli("check", "--output-format", fmt, "--lang", lang, "--exit-zero", target)
    assert result.exit_code == 0, result.output
    return result


def _expected(cli: Callable[..., Result], target: str, lang: str = "ko") -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_run(cli, "json", target, lang).stdout)
    return data


def _findings(data: dict[str, Any]) -> list[tuple[str, int, str, str]]:
    return [(file["path"], d["line"], d["code"], d["message"]) for file in data["files"] for d in file["diagnostics"]]


def test_json_validates_against_the_printed_schema(cli: Callable[..., Result], corpus: str) -> None:
    schema = json.loads(cli("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    data = _expected(cli, corpus)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert [f["path"] for f in data["files"]] == sorted(f["path"] for f in data["files"])


@pytest.mark.integration
def test_sarif_is_accepted_by_the_validator(cli: Callable[..., Result], corpus: str, tmp_path: Path) -> None:
    result = _run(cli, "sarif", corpus)
    log = json.loads(result.stdout)
    validate_sarif(log, tmp_path)
    (run,) = log["runs"]
    found = [
        (
            unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]),
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["ruleId"],
            r["message"]["text"],
        )
        for r in run["results"]
    ]
    expected = _findings(_expected(cli, corpus))
    assert found == expected
    assert all(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%" for r in run["results"]
    )


def test_github_commands_round_trip(cli: Callable[..., Result], corpus: str) -> None:
    commands = parse_workflow_commands(_run(cli, "github", corpus).stdout)
    expected = _findings(_expected(cli, corpus))
    assert [(p["file"], int(p["line"]), p["title"].split()[0], message) for _, p, message in commands] == expected
    assert {name for name, _, _ in commands} <= {"error", "warning", "notice"}


def test_junit_parses_with_consistent_counts(cli: Callable[..., Result], corpus: str) -> None:
    root = parse_junit(_run(cli, "junit", corpus).stdout)
    check_junit_counts(root)
    data = _expected(cli, corpus)
    assert [s.get("name") for s in root.iter("testsuite")] == [f["path"] for f in data["files"]]
    for suite, file in zip(root.iter("testsuite"), data["files"], strict=True):
        failing = {d["code"] for d in file["diagnostics"] if d["severity"] != "info"}
        failed = {c.find("failure").get("type") for c in suite.iter("testcase") if c.find("failure") is not None}  # type: ignore[union-attr]
        assert failed == failing
        for case in suite.iter("testcase"):
            failure = case.find("failure")
            if failure is not None:
                code = failure.get("type")
                count = sum(1 for d in file["diagnostics"] if d["code"] == code)
                assert len((failure.text or "").splitlines()) == count


def test_markdown_lists_every_finding(cli: Callable[..., Result], corpus: str) -> None:
    output = _run(cli, "markdown", corpus).stdout
    data = _expected(cli, corpus)
    items = markdown_items(output)
    expected = _findings(data)
    assert len(items) == len(expected)
    for item, (path, line, code, message) in zip(items, expected, strict=True):
        assert item.startswith(f"{path}:{line} {code} ")
        assert item.endswith(message.replace("`", ""))
    rows = markdown_table_rows(output)
    by_code = Counter[str]()
    for row in rows:
        by_code[row[0].split()[0]] += int(row[2])
    assert dict(by_code) == data["summary"]["by_code"]


def test_formats_print_nothing_else_on_stdout(cli: Callable[..., Result], in_tmp: Path) -> None:
    """An empty folder warns on stderr; stdout holds only the format (valid, and empty where it can be)."""
    for fmt in FORMATS:
        result = cli("check", "--output-format", fmt, "--lang", "en", ".")
        assert result.exit_code == 0
        assert "no Markdown files found" in result.stderr
        assert "no Markdown files found" not in result.stdout
    assert cli("check", "--output-format", "github", ".").stdout == ""
    assert json.loads(cli("check", "--output-format", "sarif", ".").stdout)["runs"][0]["results"] == []
    check_junit_counts(parse_junit(cli("check", "--output-format", "junit", ".").stdout))


def _apply_sarif_replacements(raw: str, replacements: list[dict[str, Any]]) -> str:
    """Apply SARIF replacements (1-based lines; columns in UTF-16 units — BMP text here) to ``raw``."""
    starts = [0]
    for match in re.finditer(r"\r\n|\r|\n", raw):
        starts.append(match.end())

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    result = raw
    for item in sorted(
        replacements, key=lambda r: (r["deletedRegion"]["startLine"], r["deletedRegion"]["startColumn"])
    )[::-1]:
        region = item["deletedRegion"]
        start = offset(region["startLine"], region["startColumn"])
        end = offset(region["endLine"], region["endColumn"])
        result = result[:start] + item["insertedContent"]["text"] + result[end:]
    return result


def test_a_sarif_fix_applied_to_a_crlf_note_gives_what_cscheck_fix_writes(
    cli: Callable[..., Result], in_tmp: Path
) -> None:
    """Code-scanning tools apply `fixes` as given: a CRLF note must not get LF lines from them."""
    raw = (
        "# 네트워크\r\n\r\n#### 💡 TCP란?\r\n\r\n"
        "<<<<<<< HEAD\r\n연결 지향 프로토콜입니다.\r\n순서를 보장합니다.\r\n=======\r\n"
        ">>>>>>> feature\r\n\r\n끝.\r\n"
    )
    (in_tmp / "note.md").write_bytes(raw.encode())
    log = json.loads(cli("check", "--output-format", "sarif", "note.md").stdout)
    (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "CS101"]
    (change,) = result["fixes"][0]["artifactChanges"]
    inserted = "".join(r["insertedContent"]["text"] for r in change["replacements"])
    assert "\r\n" in inserted and "\n" not in inserted.replace("\r\n", "")
    by_sarif = _apply_sarif_replacements(raw, change["replacements"])

    assert cli("fix", "--unsafe-fixes", "--select", "CS101", "note.md").exit_code in (0, 1)
    assert (in_tmp / "note.md").read_bytes().decode() == by_sarif
