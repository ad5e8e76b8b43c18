from __future__ import annotations

from pathlib import Path

from checker.remote.results import Outcome, Verdict
from tests.rules._remote_cases import fixed_with, lint_with, without_remote

RULE = "moved-url"
OLD, NEW = "http://tools.ietf.org/html/rfc793", "https://datatracker.ietf.org/doc/html/rfc793"


def test_a_permanent_redirect_is_reported_and_fixed_keeping_the_fragment(tmp_path: Path) -> None:
    text = f"[RFC 793]({OLD}#section-3.4) <a href='{OLD}'>again</a>\n"
    outcomes = {(OLD, False): Outcome(Verdict.MOVED, "", 200, "text/html", NEW)}
    found = lint_with(RULE, text, outcomes, tmp_path)
    assert len(found) == 2 and f"moved permanently to `{NEW}`" in found[0].message.en
    assert found[1].fix is None  # no fix inside an HTML attribute
    assert fixed_with(RULE, text, outcomes, tmp_path) == f"[RFC 793]({NEW}#section-3.4) <a href='{OLD}'>again</a>\n"


def test_an_ordinary_run_reports_nothing(tmp_path: Path) -> None:
    assert without_remote(RULE, f"[a]({OLD})\n", tmp_path) == []
