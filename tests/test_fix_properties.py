"""Properties of `cscheck fix` over generated study notes (tests/strategies.py).

The number of examples follows the hypothesis profile: `CSCHECK_EXAMPLES=100000 python -m pytest
tests/test_fix_properties.py` for a long run.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from checker.api import make_engine
from checker.diagnostic import Diagnostic
from checker.document import Document
from checker.fixer import fix_source
from checker.source import SourceText, decode
from tests.helpers import assert_one_pass_touches_only_its_spans, lint_strictly
from tests.strategies import study_bytes

EXAMPLES = int(os.environ.get("CSCHECK_EXAMPLES", "150"))
ROOT = Path(tempfile.mkdtemp(prefix="cscheck-properties-"))
(ROOT / "img").mkdir(exist_ok=True)
(ROOT / "img" / "a.png").write_bytes(b"")
ENGINE = make_engine(root=ROOT)
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _lint(source: SourceText) -> tuple[Document, list[Diagnostic]]:
    doc = ENGINE.parse(source, ROOT / "note.md")
    return doc, lint_strictly(ENGINE, doc)


def _fix(source: SourceText) -> SourceText:
    outcome = fix_source(source, _lint, unsafe=True, may_fix_conflicted=ENGINE.may_fix_conflicted)
    assert outcome.error is None, outcome.error
    return outcome.final


@PROPERTY
@given(study_bytes())
def test_fixing_twice_equals_fixing_once(data: bytes) -> None:
    source = decode(data)
    if not isinstance(source, SourceText):
        return
    once = _fix(source)
    twice = _fix(once)
    assert twice.raw == once.raw


@PROPERTY
@given(study_bytes())
def test_bom_and_line_endings_survive(data: bytes) -> None:
    source = decode(data)
    if not isinstance(source, SourceText):
        return
    fixed = _fix(source)
    assert fixed.encode().startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
    if "\r" not in source.raw:
        assert "\r" not in fixed.raw
    if re.search(r"(?<!\r)\n", source.raw) is None:
        assert re.search(r"(?<!\r)\n", fixed.raw) is None, "a bare LF appeared in a file without one"


@PROPERTY
@given(study_bytes())
def test_one_pass_touches_only_its_spans(data: bytes) -> None:
    source = decode(data)
    if not isinstance(source, SourceText):
        return
    _, diagnostics = _lint(source)
    assert_one_pass_touches_only_its_spans(source, diagnostics)
