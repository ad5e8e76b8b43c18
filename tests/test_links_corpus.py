"""The link and anchor rules on ../shared/corpus-dev, each repository with its own root.

Every one of these findings was reviewed by hand (see the CS3xx/CS4xx report): all are defects of
the tree as stored. 37 CS302 in Seogeurim link to PDFs and code the corpus copy does not hold,
and the `_conflicts` copies of old files sit outside their folders; both are as expected. A change
in these numbers needs a new review, not a new number.
"""

from __future__ import annotations

from collections import Counter

from checker.api import make_engine
from tests.conftest import shared

REVIEWED = {
    ("JaeYeopHan__Interview_Question_for_Beginner", "CS401"): 3,
    ("JaeYeopHan__Interview_Question_for_Beginner", "CS402"): 2,
    ("JaeYeopHan__Interview_Question_for_Beginner", "CS306"): 1,  # [Up](#part-1-4-operation system)
    # CS311 (info): the three http:// images of the corpus, nvie.com, tcpschool.com, hits.dwyl.io;
    # no signed, hot-link-refused or private-address image or link is in it (CS308-CS310: none)
    ("JaeYeopHan__Interview_Question_for_Beginner", "CS311"): 1,
    ("SSAFY-CS-STUDY__Tech_interview", "CS301"): 4,
    ("SSAFY-CS-STUDY__Tech_interview", "CS302"): 6,
    ("SSAFY-CS-STUDY__Tech_interview", "CS306"): 1,  # [HTTP의 단점을 설명해주세요.](#개념 정리)
    ("SSAFY-CS-STUDY__Tech_interview", "CS401"): 8,
    ("SSAFY-CS-STUDY__Tech_interview", "CS402"): 4,
    ("Seogeurim__CS-study", "CS302"): 37,
    ("Seogeurim__CS-study", "CS311"): 1,
    ("Seogeurim__CS-study", "CS401"): 5,
    ("Seogeurim__CS-study", "CS402"): 15,
    ("WeareSoft__tech-interview", "CS301"): 1,
    ("WeareSoft__tech-interview", "CS302"): 2,
    ("WeareSoft__tech-interview", "CS305"): 1,
    ("WeareSoft__tech-interview", "CS311"): 1,
    ("WeareSoft__tech-interview", "CS401"): 5,
    ("WeareSoft__tech-interview", "CS402"): 1,
    ("_conflicts", "CS301"): 4,
    ("_conflicts", "CS302"): 1,
    ("_conflicts", "CS401"): 1,
    ("_conflicts", "CS402"): 1,
    ("techInterview-study__Tech_Interview_for_Beginner", "CS301"): 136,
    ("techInterview-study__Tech_Interview_for_Beginner", "CS401"): 25,
}


def test_reviewed_findings_per_repository() -> None:
    corpus = shared("corpus-dev")
    found: Counter[tuple[str, str]] = Counter()
    for repo in sorted(p for p in corpus.iterdir() if p.is_dir()):
        engine = make_engine(root=repo, select=["CS3", "CS4"])
        for path in sorted(repo.rglob("*.md")):
            report = engine.check_file(path, str(path))
            assert not report.internal_errors, report.internal_errors
            found.update((repo.name, d.code) for d in report.diagnostics)
    assert dict(found) == REVIEWED
