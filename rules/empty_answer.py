"""CS201 empty-answer: a question with no answer."""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Message
from checker.document import Document
from checker.qa import questions_of
from checker.questions import is_form
from checker.rule import Context, Rule


class EmptyAnswer(Rule):
    """
    ## What it does
    Finds a question (see `[tool.cscheck.questions]`; by default a `#### 💡` heading) with no
    answer before the next heading of the same or a higher level. An answer is any text, list,
    table, image, non-empty fence, `<details>` body, or a sub-heading with content under it.
    Whitespace, an empty fence, `<br>`, `&nbsp;`, `---`, HTML comments and placeholders (`TODO`,
    `TBD`, `작성 예정`, `(답변)`, `추가 예정`) are not answers.

    A question title with nothing under it but topic headings of its own level (`## Webpack의
    주요 속성을 설명해주세요.` then `## Entry`, `## Output` …) is answered by those sections, up to
    the next question at its level, a parent heading or a reference section (`## 참고`) — unless
    both are items of a numbered series (`## 4. …` then `## 5. …`). A note whose title is a question
    and whose sections at the title's level are topics answers its title. A `- Q. …` list item is
    answered by the item after it when that starts with `A.`, and a bare `Q.` by the sub-headings
    right below it. A question heading that goes on with `그리고`, `또한` … shares the answer of
    the one after it.

    Study READMEs often list every question once as an index and again with its answer: a bare
    question answered elsewhere in the same file is not reported. A file in which every question
    is bare is a question list, reported once by CS204 instead.

    ## Why is this bad?
    An empty answer looks done in the table of contents and on a quick scroll, but the question
    was never studied. It is also what a merge that dropped one side leaves behind.

    ## Example

        #### 💡 IPv4의 주소 부족현상을 해결하기 위해 어떤 방법을 사용하나요?

        ## TCP와 UDP

    Write the answer under the question, or remove the question until someone answers it.

    ## Fix safety
    No fix: an answer has to be written by a person.

    ## Options
    `[tool.cscheck.questions]`: `presets` (`ssafy`, `heading-question`, `details`, `bold-q`),
    `patterns` (extra regexes for question headings), `placeholders` (texts that are not answers;
    an answer that is only `답변`, `정답` or `내용` is none either), `templates` (the repository's
    question template notes or folders, such as `["template/"]`: an answer left as the template's
    own answer text is no answer). Forms to fill in (the notes of a `template/` folder, GitHub's
    issue and pull-request templates such as `.github/PULL_REQUEST_TEMPLATE.md`) are not checked:
    their questions are left unanswered on purpose.
    """

    code = "CS201"
    name = "empty-answer"
    summary = Message("답변이 없는 질문", "Question has no answer")

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        model = questions_of(doc, ctx.config.questions)
        if is_form(doc.path) or model.is_question_list:
            return
        for question in model.questions:
            if question.answered or question.empty_text:
                continue
            yield self.diagnostic(
                question.span,
                Message(
                    f"질문에 답변이 없습니다: '{_short(question.text)}'.",
                    f"question has no answer: '{_short(question.text)}'.",
                ),
            )


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
