"""CS203 duplicate-question: the same question answered twice, differently."""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Message, Severity
from checker.document import Document
from checker.qa import questions_of
from checker.questions import Question
from checker.rule import Context, Rule


class DuplicateQuestion(Rule):
    """
    ## What it does
    Finds a question answered twice in one file with different answers. Questions are compared
    after normalizing (spaces, Unicode form, the 💡 marker, a trailing `?`, `.` or `요`), so
    `게이트웨이란?` and `게이트웨이란` are the same question.

    ## Why is this bad?
    Two answers to one question are the usual trace of a bad merge (git's union merge keeps both
    sides) or of two members answering in parallel; a reader cannot tell which one is right.

    ## Example

        #### 💡 게이트웨이란?
        다른 네트워크로 나가는 출입구.

        #### 💡 게이트웨이란
        프로토콜이 다른 네트워크를 잇는 장비.

    Merge the two answers into one.

    ## Fix safety
    No fix: choosing or merging answers is a decision about content.

    ## Options
    The question presets of `[tool.cscheck.questions]`. An index of bare questions repeated with
    their answers below is not a duplicate. A short, generic question (`장점/단점?`, fewer than four
    words and 15 characters) repeated under two different sections or headings asks about two
    topics and is not reported. Nor is a question asked again at another heading level (a one-line
    answer at the top of a note, then the same question as a section with the long answer): a bad
    merge or two members answering in parallel copy the same template, at the same level.
    """

    code = "CS203"
    name = "duplicate-question"
    summary = Message("서로 다른 답변이 달린 중복 질문", "Same question answered twice with different answers")
    default_severity = Severity.WARNING

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        first: dict[str, Question] = {}
        for question in questions_of(doc, ctx.config.questions).questions:
            if not question.has_content or question.empty_text:
                continue
            earlier = first.setdefault(question.key, question)
            if earlier is question or earlier.answer_text == question.answer_text:
                continue
            if earlier.level != question.level:
                continue  # a one-line answer, then the same question again as a section: on purpose
            if _topic(doc, earlier) != _topic(doc, question) and not _specific(question.key):
                continue  # `장점/단점?` under two topics asks two different things
            line = earlier.line + 1
            yield self.diagnostic(
                question.span,
                Message(
                    f"같은 질문에 {line}번째 줄과 다른 답변이 있습니다: 하나로 합치세요.",
                    f"this question is also answered at line {line}, differently: merge the answers.",
                ),
            )


def _topic(doc: Document, question: Question) -> tuple[str | None, str | None]:
    """What a question is asked about: its section, and the heading right above it, which may be
    a question itself (`### 장점은?` under `## SPA란?` and again under `## MPA란?`)."""
    above = None
    for heading in doc.headings:
        if heading.line >= question.line:
            break
        if heading.level < question.level:
            above = heading.plain_text
    return question.section, above


def _specific(key: str) -> bool:
    """A question that means the same wherever it stands: long enough to name its topic."""
    return len(key.split()) >= 4 or len(key) >= 15
