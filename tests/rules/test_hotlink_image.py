from __future__ import annotations

from pathlib import Path

import pytest

from checker.api import lint_text, make_engine
from rules.hotlink_image import VERDICTS, HotlinkHost, hotlink_hosts
from tests.helpers import Case, run_case

RULE = "hotlink-image"

CASES = [
    Case(
        "a Naver blog image",
        "![](https://postfiles.pstatic.net/MjAy/tcp.png?type=w773)\n",
        expect=[(1, 5)],
        message=("may show on github.com but breaks elsewhere",),
    ),
    Case(
        "an Egloos image: broken on GitHub too",
        '<img src="http://pds21.egloos.com/pds/201301/15/11/tcp.png">\n',
        expect=[(1, 11)],
        message=("GitHub included",),
    ),
    Case(
        "Naver's thumbnail server is meant for other sites, and a link is no embedding",
        "![](https://mblogthumb-phinf.pstatic.net/2016/udp.png)\n\n[원문](https://postfiles.pstatic.net/MjAy/tcp.png)\n",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)


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
