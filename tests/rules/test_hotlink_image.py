from __future__ import annotations

from pathlib import Path

import pytest

from checker.api import lint_text, make_engine
from rules.hotlink_image import VERDICTS, HotlinkHost, hotlink_hosts
from tests.helpers import Case, run_case

RULE = "hotlink-image"


@pytest.mark.parametrize("entry", hotlink_hosts(), ids=[e.service for e in hotlink_hosts()])
def test_every_host_has_a_source_and_reported_examples(entry: object, tmp_path: Path) -> None:
    assert isinstance(entry, HotlinkHost)
    assert entry.source.startswith("https://") and entry.without_referrer in VERDICTS
    assert entry.examples
    for example in entry.examples:
        run_case(RULE, Case(example, f"![]({example})\n", expect=[(1, 5)]), tmp_path)


def test_a_host_github_may_still_show_is_info_one_it_cannot_a_warning(tmp_path: Path) -> None:
    engine = make_engine(root=tmp_path, select=[RULE])
    naver = lint_text("![](https://blogfiles.pstatic.net/2014/a.png)\n", engine)
    egloos = lint_text("![](http://pds21.egloos.com/pds/a.png)\n", engine)
    assert [str(d.severity) for d in naver + egloos] == ["info", "warning"]
