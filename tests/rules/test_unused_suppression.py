from __future__ import annotations

from pathlib import Path

import pytest

from checker.api import lint_text, make_engine
from checker.config import Config
from tests.helpers import Case, run_case

CONFLICT = "<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n"

CASES = [
    Case("used next-line", f"<!-- cscheck-disable-next-line CS101 -->\n{CONFLICT}"),
    Case("unused next-line", "<!-- cscheck-disable-next-line CS101 -->\n본문\n", expect=[(1, 1)]),
    Case("unused without targets", "<!-- cscheck-disable-next-line -->\n본문\n", expect=[(1, 1)]),
    Case(
        "unknown rule",
        "<!-- cscheck-disable-next-line CS999 -->\n본문\n",
        expect=[(1, 1)],
        message=("'CS999', which is no rule",),
    ),
    Case("range used", f"<!-- cscheck-disable merge-conflict -->\n{CONFLICT}<!-- cscheck-enable -->\n"),
    Case("file-level by prefix", f"{CONFLICT}\n<!-- cscheck-disable-file CS1 -- legacy import -->\n"),
    Case(
        "in a fence it is text, not a suppression",
        "```\n<!-- cscheck-disable-next-line CS101 -->\n```\n",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    # CS901 judges suppressions of the rules that ran: run it with the conflict rule.
    engine = make_engine(Config(), root=tmp_path, select=["CS901", "CS101"])
    found = [d for d in lint_text(case.markdown, engine) if d.code == "CS901"]
    assert [(d.location.line, d.location.column) for d in found if d.location] == case.expect
    for text in case.message:
        assert text in found[0].message.en


def test_target_for_a_rule_that_did_not_run_is_not_unused(tmp_path: Path) -> None:
    engine = make_engine(root=tmp_path, select=["CS901"])
    assert lint_text("<!-- cscheck-disable-next-line CS101 -->\n본문\n", engine) == []


def test_runs_as_a_data_case(tmp_path: Path) -> None:
    run_case("CS901", Case("alone", "<!-- cscheck-disable-next-line -->\nx\n", expect=[(1, 1)]), tmp_path)
