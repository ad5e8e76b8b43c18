"""CS204 unanswered-question-list: a file of questions none of which is answered yet."""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Message, Severity
from checker.document import Document
from checker.qa import questions_of
from checker.questions import is_form
from checker.rule import Context, Rule


class UnansweredQuestionList(Rule):
    """
    ## What it does
    Reports once, as information, a file in which every question is bare: a list of questions
    to study rather than answers with gaps. Its questions get no CS201 findings of their own.

    ## Why is this bad?
    It is not: question lists are how many study repositories start. The finding keeps the count
    visible in reports (and in `cscheck report`) without failing the run.

    ## Example

        ## 네트워크
        #### 💡 TCP와 UDP의 차이는?
        #### 💡 3-way handshake 과정을 설명해주세요.
        #### 💡 HTTP와 HTTPS의 차이는?

    ## Fix safety
    No fix.

    ## Options
    The question presets of `[tool.cscheck.questions]`. A short footer after the list
    (`refered by …`, a lone link) is not an answer. Forms to fill in (the notes of a `template/`
    folder, GitHub's issue and pull-request templates) are not reported.
    """

    code = "CS204"
    name = "unanswered-question-list"
    summary = Message("아직 답변이 하나도 없는 질문 목록", "Question list with no answers yet")
    default_severity = Severity.INFO

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        model = questions_of(doc, ctx.config.questions)
        if is_form(doc.path) or not model.is_question_list:
            return
        questions = [q for q in model.questions if not q.empty_text]
        count = len(questions)
        yield self.diagnostic(
            questions[0].span,
            Message(
                f"질문 {count}개, 아직 답변이 없습니다.",
                f"{count} questions, none answered yet.",
            ),
        )
