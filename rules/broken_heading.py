"""CS102 broken-heading: a line meant as a heading that GitHub does not render as one."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Edit, Fix, Message, Severity, Span
from checker.document import Document
from checker.rule import Context, FixAvailability, Rule

_NO_SPACE = re.compile(r"^ {0,3}(#{1,6})(?=[^\s#])(.*)$")
_INDENTED = re.compile(r"^( {4,}|\t[ \t]*)(#{1,6})[ \t]+\S")
_WRAPPED = re.compile(r"^ {0,3}<([A-Za-z][A-Za-z0-9]*)\b[^>]*>\s*(#{1,6})[ \t]+\S")
# `#include`, `#1`, `#!`: a hash at the start of a line that was never meant as a heading.
_NOT_HEADING = re.compile(r"(?:include|define|if|ifdef|ifndef|endif|pragma|import|region|endregion)\b|\d|!|\[")


class BrokenHeading(Rule):
    """
    ## What it does
    Finds lines meant as headings that GitHub shows as text:

    - `####💡 질문` — no space after the `#`s (CommonMark requires one);
    - `    #### 💡 질문` — four or more leading spaces make it an indented code block;
    - `<del>#### 💡 질문</del>` — HTML around the marker makes it a paragraph of text.

    ## Why is this bad?
    The question disappears from the outline and from every anchor link to it, and the raw
    `####` shows on the page. Checks that work on questions (CS201, CS401) cannot see it either.

    ## Example

        ####💡 TCP와 UDP의 차이는?

    Use instead:

        #### 💡 TCP와 UDP의 차이는?

    ## Fix safety
    Safe where the intent is unambiguous: the missing space is inserted; the indentation is removed
    when the code block holds nothing but heading lines. HTML around a marker (usually a question
    struck out with `<del>` on purpose) is reported as a warning, with no fix.

    ## Options
    None.
    """

    code = "CS102"
    name = "broken-heading"
    summary = Message("제목으로 렌더링되지 않는 제목 줄", "Heading line that GitHub does not render as a heading")
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        in_code = _code_lines(doc)
        code_blocks = _indented_code_blocks(doc)
        paragraphs = _paragraph_lines(doc)
        for line0 in range(doc.lines.line_count):
            line = doc.line_text(line0)
            if "#" not in line:
                continue
            span = doc.line_span(line0)
            block = code_blocks.get(line0)
            if block is not None:
                indented = _INDENTED.match(line)
                if indented:
                    diagnostic = self._indented(doc, span, indented, block)
                    if diagnostic is not None:
                        yield diagnostic
                continue
            if line0 in in_code:
                continue
            missing = _NO_SPACE.match(line)
            if missing and not _NOT_HEADING.match(missing.group(2)) and line0 in paragraphs:
                at = span.start + missing.end(1)
                yield self.diagnostic(
                    span,
                    Message(
                        f"`{missing.group(1)}` 뒤에 공백이 없어 제목이 아니라 글자로 보입니다.",
                        f"no space after `{missing.group(1)}`: GitHub shows the line as text, not a heading.",
                    ),
                    Fix.safe(Message("`#` 뒤에 공백 넣기", "insert a space after the `#`s"), Edit.insert(at, " ")),
                )
                continue
            wrapped = _WRAPPED.match(line)
            if wrapped:
                tag = wrapped.group(1)
                yield self.diagnostic(
                    span,
                    Message(
                        f"`<{tag}>` 안의 `{wrapped.group(2)}`는 제목이 아니라 글자로 보입니다.",
                        f"`{wrapped.group(2)}` inside `<{tag}>` is shown as text, not as a heading.",
                    ),
                    severity=Severity.WARNING,
                )

    def _indented(self, doc: Document, span: Span, match: re.Match[str], block: tuple[int, int]) -> Diagnostic | None:
        """An indented heading line; in a block that also holds code, only a 💡 question counts."""
        message = Message(
            "들여쓰기가 4칸 이상이라 제목이 아니라 코드 블록으로 보입니다.",
            "indented four or more spaces: GitHub shows a code block, not a heading.",
        )
        first, end = block
        only_headings = all(
            not doc.line_text(n).strip() or _INDENTED.match(doc.line_text(n)) for n in range(first, end)
        )
        if not only_headings:
            rest = doc.text[span.start : span.end][match.end(2) :].strip()
            return self.diagnostic(span, message) if rest.startswith("💡") else None
        fix = Fix.safe(
            Message("들여쓰기 지우기", "remove the indentation"),
            Edit(span.start, span.start + len(match.group(1)), ""),
        )
        return self.diagnostic(span, message, fix)


def _code_lines(doc: Document) -> set[int]:
    """Lines inside fences and indented code: a `#` there is no heading attempt."""
    lines: set[int] = set()
    for token in doc.tokens:
        if token.type in ("fence", "code_block") and token.map:
            lines.update(range(*token.map))
    return lines


def _indented_code_blocks(doc: Document) -> dict[int, tuple[int, int]]:
    """Line → (first, end) of the indented code block holding it."""
    blocks: dict[int, tuple[int, int]] = {}
    for token in doc.tokens:
        if token.type == "code_block" and token.map:
            for line0 in range(*token.map):
                blocks[line0] = (token.map[0], token.map[1])
    return blocks


def _paragraph_lines(doc: Document) -> set[int]:
    """Lines of paragraphs: where `####x` is text that was meant to be a heading."""
    return {line for t in doc.tokens if t.type == "paragraph_open" and t.map for line in range(*t.map)}
