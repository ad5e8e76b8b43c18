"""CS202 empty-question: a question marker with no question."""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Message
from checker.document import Document
from checker.qa import questions_of
from checker.rule import Context, Rule


class EmptyQuestion(Rule):
    """
    ## What it does
    Finds a question marker with no question text: `#### 💡` alone, an empty
    `<summary></summary>`, a `**Q.**` with nothing after it.

    ## Why is this bad?
    A placeholder for a question someone meant to add; it renders as a lone emoji or an empty
    heading and any answer under it answers nothing.

    ## Example

        #### 💡

        TCP는 연결형 프로토콜이다.

    Write the question after the marker.

    ## Fix safety
    No fix: the question has to be written by a person.

    ## Options
    The question presets of `[tool.cscheck.questions]`.
    """

    code = "CS202"
    name = "empty-question"
    summary = Message("내용이 없는 질문", "Question marker with no question text")

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        for question in questions_of(doc, ctx.config.questions).questions:
            if question.empty_text:
                yield self.diagnostic(
                    question.span,
                    Message("질문 표시만 있고 질문 내용이 없습니다.", "question marker with no question text."),
                )
