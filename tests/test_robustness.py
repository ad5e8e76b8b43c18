"""Properties of `check` (and the fix loop) over generated study notes (tests/strategies.py).

Whatever the bytes: no exception and no internal error; every span a rule, a fix or the Document
hands out lies inside the text; the same input gives the same findings — twice in a row, from a
fresh engine, and from the command line's JSON; every pass of the fix loop changes only its edits'
spans and the loop never leaves more of any finding than it found.

The number of examples per property comes from ``CSCHECK_EXAMPLES`` (CI's default is small):

    CSCHECK_EXAMPLES=100000 python -m pytest tests/test_robustness.py tests/test_fix_properties.py

runs the long version (see README, Reliability).
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.api import make_engine
from checker.diagnostic import Diagnostic, Span
from checker.document import Document
from checker.engine import Engine
from checker.fixer import fix_source
from checker.source import SourceText, decode
from tests.helpers import assert_one_pass_touches_only_its_spans, lint_strictly
from tests.strategies import study_bytes

EXAMPLES = int(os.environ.get("CSCHECK_EXAMPLES", "500"))
REPO = Path(__file__).resolve().parent.parent
ROOT = Path(tempfile.mkdtemp(prefix="cscheck-robustness-"))
(ROOT / "img").mkdir(exist_ok=True)
(ROOT / "img" / "a.png").write_bytes(b"")
(ROOT / "other.md").write_text("# x\n\n## 제목\n", encoding="utf-8")
NOTE = ROOT / "note.md"
ENGINE = make_engine(root=ROOT)
OTHER_ENGINE = make_engine(root=ROOT)
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _check(engine: Engine, data: bytes) -> Any:
    """The FileReport for ``data`` as the note ``note.md``, as the engine checks a file."""
    return engine.check_loaded(NOTE, "note.md", decode(data))


def _spans(doc: Document) -> Iterable[tuple[str, Span]]:
    """Every span the Document hands to rules."""
    for heading in doc.headings:
        yield "heading", heading.span
        yield "heading text", heading.text_span
    for anchor in doc.anchors:
        yield "anchor", anchor.span
    for link in doc.links:
        yield "link", link.span
        yield "link destination", link.destination_span
    for definition in doc.definitions.values():
        yield "definition", definition.span
        yield "definition destination", definition.destination_span
    for fence in doc.fences:
        yield "fence", fence.span
        yield "fence content", fence.content_span
    for block in doc.prose:
        yield "prose", block.span
    for comment in doc.comments:
        yield "comment", comment.span
    for span in doc.code_spans:
        yield "code span", span


def _key(d: Diagnostic) -> tuple[Any, ...]:
    edits = tuple((e.start, e.end, e.text) for e in d.fix.edits) if d.fix else None
    return (d.code, d.qualifier, d.span.start, d.span.end, d.severity, d.message.en, d.message.ko, edits)


@PROPERTY
@given(study_bytes(nul=True))
def test_check_never_fails_and_every_span_is_inside(data: bytes) -> None:
    report = _check(ENGINE, data)
    assert report.internal_errors == []
    source = decode(data)
    if not isinstance(source, SourceText):  # undecodable or binary: one file-level finding
        assert [d.code for d in report.diagnostics] in (["CS001"], ["CS002"])
        return
    doc = ENGINE.parse(source, NOTE)
    length = len(doc.text)
    for kind, span in _spans(doc):
        assert 0 <= span.start <= span.end <= length, (kind, span, length)
    for line0 in range(doc.lines.line_count):
        assert doc.lines.line_start(line0) <= doc.lines.line_end(line0) <= length
    for question in report.questions:
        assert 0 <= question.line < doc.lines.line_count
        assert 0 <= question.span.start <= question.span.end <= length
        if question.answer_span is not None:
            assert 0 <= question.answer_span.start <= question.answer_span.end <= length
    for diagnostic in report.diagnostics:
        span = diagnostic.span
        assert 0 <= span.start <= span.end <= length, (diagnostic.code, span, length)
        location = diagnostic.location
        assert location is not None
        assert 1 <= location.line <= location.end_line <= doc.lines.line_count
        assert (
            1 <= location.column <= doc.lines.line_end(location.line - 1) - doc.lines.line_start(location.line - 1) + 1
        )
        if diagnostic.fix is not None:
            edits = sorted(diagnostic.fix.edits, key=lambda e: (e.start, e.end))
            for edit in edits:
                assert 0 <= edit.start <= edit.end <= length, (diagnostic.code, edit, length)
            for first, second in itertools.pairwise(edits):
                assert first.end <= second.start, (diagnostic.code, "a fix's own edits overlap")


@PROPERTY
@given(study_bytes(nul=True))
def test_check_is_deterministic(data: bytes) -> None:
    first = [_key(d) for d in _check(ENGINE, data).diagnostics]
    again = [_key(d) for d in _check(ENGINE, data).diagnostics]
    # an engine that has seen other notes, and (for one input in eight: building one costs
    # more than checking) one that has seen none
    other = OTHER_ENGINE if len(data) % 8 else make_engine(root=ROOT)
    assert first == again == [_key(d) for d in _check(other, data).diagnostics]


def _cli(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "checker", *args, "--lang", "en", "--no-cache", "--jobs", "2", "."],
        cwd=folder,
        capture_output=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )


def _rows(diagnostics: Iterable[Diagnostic]) -> list[tuple[Any, ...]]:
    rows = []
    for d in diagnostics:
        assert d.location is not None
        location = d.location
        rows.append((d.code, location.line, location.column, location.end_line, location.end_column, d.message.en))
    return rows


@settings(
    max_examples=max(2, EXAMPLES // 100),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(study_bytes(nul=True), min_size=1, max_size=30))
def test_command_line_equals_the_in_process_run(documents: list[bytes]) -> None:
    """Over a folder of generated notes (linking to each other: n00.md#…), `cscheck check
    --output-format json` reports for every note what the engine reports in-process, and
    `cscheck fix --unsafe-fixes` writes what the in-process fix loop produces — with two workers
    once there are 24 notes or more, one process below that."""
    with tempfile.TemporaryDirectory(prefix="cscheck-cli-") as scratch:
        folder = Path(scratch)
        (folder / "img").mkdir()
        (folder / "img" / "a.png").write_bytes(b"")
        (folder / "other.md").write_text("# x\n\n## 제목\n", encoding="utf-8")
        names = [f"n{number:02}.md" for number in range(len(documents))]
        for name, data in zip(names, documents, strict=True):
            (folder / name).write_bytes(data)
        checked = _cli(folder, "check", "--output-format", "json")
        assert checked.returncode in (0, 1), checked.stderr.decode()
        assert checked.stderr == b"", checked.stderr.decode()
        reported = {f["path"]: f for f in json.loads(checked.stdout)["files"]}
        engine = make_engine(root=folder)
        sources = {}
        for name, data in zip(names, documents, strict=True):
            report = engine.check_loaded(folder / name, name, decode(data))
            from_cli = [
                (d["code"], d["line"], d["column"], d["end_line"], d["end_column"], d["message"])
                for d in reported[name]["diagnostics"]
            ]
            assert from_cli == _rows(report.diagnostics), name
            sources[name] = decode(data)
        expected = {}
        for name, data in zip(names, documents, strict=True):
            source = sources[name]
            expected[name] = data
            if isinstance(source, SourceText):

                def lint(version: SourceText, name: str = name) -> tuple[Document, list[Diagnostic]]:
                    doc = engine.parse(version, folder / name)
                    return doc, lint_strictly(engine, doc)

                outcome = fix_source(source, lint, unsafe=True, may_fix_conflicted=engine.may_fix_conflicted)
                if outcome.changed:
                    expected[name] = outcome.final.encode()
        fixed = _cli(folder, "fix", "--unsafe-fixes", "--output-format", "concise")
        assert fixed.returncode in (0, 1, 2), fixed.stderr.decode()
        assert b"Traceback" not in fixed.stderr, fixed.stderr.decode()
        for name in names:
            assert (folder / name).read_bytes() == expected[name], name


def _lint_recording(engine: Engine, seen: list[tuple[SourceText, list[Diagnostic]]]) -> Any:
    def lint(source: SourceText) -> tuple[Document, list[Diagnostic]]:
        doc = engine.parse(source, NOTE)
        diagnostics = lint_strictly(engine, doc)
        seen.append((source, diagnostics))
        return doc, diagnostics

    return lint


@PROPERTY
@given(study_bytes(nul=True))
def test_every_fix_pass_touches_only_its_spans_and_adds_nothing(data: bytes) -> None:
    """tests/test_fix_properties.py checks the first pass; this checks every version the loop
    linted (texts earlier fixes produced, which the generator never writes), and the outcome."""
    source = decode(data)
    if not isinstance(source, SourceText):
        return
    seen: list[tuple[SourceText, list[Diagnostic]]] = []
    outcome = fix_source(
        source, _lint_recording(ENGINE, seen), unsafe=True, may_fix_conflicted=ENGINE.may_fix_conflicted
    )
    assert outcome.error is None, outcome.error
    for version, diagnostics in seen:
        assert_one_pass_touches_only_its_spans(version, diagnostics)
    before = Counter((d.code, d.qualifier) for d in seen[0][1])
    after = Counter((d.code, d.qualifier) for d in outcome.remaining)
    assert not after - before, f"fixing left findings it did not find: {after - before}"
    if not outcome.changed:
        assert outcome.final.encode() == data
    again = fix_source(
        outcome.final, _lint_recording(ENGINE, []), unsafe=True, may_fix_conflicted=ENGINE.may_fix_conflicted
    )
    assert again.final.raw == outcome.final.raw


def test_fix_does_not_depend_on_workers_or_the_cache(tmp_path: Path) -> None:
    """30 notes whose links point at each other's headings, each heading broken (`####💡`) until
    fixed. With workers, the checks' registrations stayed in the workers, and the fix loop read
    the other notes from disk — already fixed or not, depending on the order — so `--jobs 2`
    wrote different links than `--jobs 1`. Notes are now judged as they were when the run began."""
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "cscheck.toml").write_text("")
    for number in range(10, 40):
        (folder / f"n{number}.md").write_text(
            f"####💡 질문{number}\n\n답\n\n[다음](n{number + 1}.md#질문{number + 1}) [이전](n{number - 1}.md#질문-{number - 1})\n",
            encoding="utf-8",
        )
    results = {}
    for label, args in {
        "one process": ["--jobs", "1", "--no-cache"],
        "two workers": ["--jobs", "2", "--no-cache"],
        "warm cache": ["--jobs", "2"],
    }.items():
        copy = tmp_path / label.replace(" ", "-")
        shutil.copytree(folder, copy)
        if label == "warm cache":
            subprocess.run([sys.executable, "-m", "checker", "check", "."], cwd=copy, capture_output=True, check=False)
        done = subprocess.run(
            [sys.executable, "-m", "checker", "fix", "--unsafe-fixes", "--lang", "en", *args, "."],
            cwd=copy,
            capture_output=True,
            check=False,
        )
        assert done.returncode == 1, done.stderr.decode()
        results[label] = {p.name: p.read_bytes() for p in sorted(copy.glob("*.md"))}
    assert results["two workers"] == results["one process"]
    assert results["warm cache"] == results["one process"]
