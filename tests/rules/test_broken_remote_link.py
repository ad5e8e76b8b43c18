from __future__ import annotations

from pathlib import Path

from checker.remote.results import STATUS, TIMEOUT, Outcome, Verdict
from tests.rules._remote_cases import lint_with, without_remote

RULE = "broken-remote-link"
URL = "https://tech.example.com/2018/tcp"


def test_broken_links_are_reported_with_why(tmp_path: Path) -> None:
    text = f"[a]({URL}#section)\n\n<a href='https://b.example/'>b</a>\n\n![c]({URL})\n"
    outcomes = {
        (URL, False): Outcome(Verdict.BROKEN, STATUS, 410),
        ("https://b.example/", False): Outcome(Verdict.BROKEN, TIMEOUT),
        (URL, True): Outcome(Verdict.BROKEN, STATUS, 404),  # an image: CS312's
    }
    found = lint_with(RULE, text, outcomes, tmp_path)
    assert [(d.location.line if d.location else 0) for d in found] == [1, 3]
    assert "HTTP 410" in found[0].message.en and "timeout" in found[1].message.en


def test_an_ordinary_run_reports_nothing(tmp_path: Path) -> None:
    assert without_remote(RULE, f"[a]({URL})\n", tmp_path) == []
