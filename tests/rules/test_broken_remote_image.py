from __future__ import annotations

from pathlib import Path

from checker.remote.results import NOT_IMAGE, STATUS, Outcome, Verdict
from tests.rules._remote_cases import lint_with, without_remote

RULE = "broken-remote-image"
URL = "https://blog.example.com/tcp.png"


def test_broken_images_are_reported_with_why(tmp_path: Path) -> None:
    text = f"![a]({URL})\n\n![b](https://cdn.example.com/x.png)\n\n[c]({URL})\n"
    outcomes = {
        (URL, True): Outcome(Verdict.BROKEN, STATUS, 404),
        ("https://cdn.example.com/x.png", True): Outcome(Verdict.BROKEN, NOT_IMAGE, 200, "text/html"),
        (URL, False): Outcome(Verdict.BROKEN, STATUS, 404),  # a link: CS313's
    }
    found = lint_with(RULE, text, outcomes, tmp_path)
    assert [(d.location.line if d.location else 0) for d in found] == [1, 3]
    assert "HTTP 404" in found[0].message.en and "`text/html`, not an image" in found[1].message.en
    assert "HTTP 404" in found[0].message.ko


def test_ok_unknown_and_ordinary_runs_report_nothing(tmp_path: Path) -> None:
    text = f"![a]({URL})\n"
    assert lint_with(RULE, text, {(URL, True): Outcome(Verdict.OK)}, tmp_path) == []
    assert lint_with(RULE, text, {(URL, True): Outcome(Verdict.UNKNOWN, "budget")}, tmp_path) == []
    assert without_remote(RULE, text, tmp_path) == []
