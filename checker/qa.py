"""Questions and their answers, found in a Document.

A question is recognised by presets (``[tool.cscheck.questions] presets``):

- ``ssafy`` (default): a heading whose text starts with 💡 and reads as a question or a topic to
  explain — not a callout (``💡 결론``), a numbered section (``💡 3.2.1 …``) or a statement
  (``💡 …바꾼다.``). Its answer runs to the next heading of the same or a higher level.
- ``heading-question``: a heading that ends like a question (``?``, ``설명해주세요``, ``인가요`` …).
- ``details``: ``<details><summary>Q</summary> A </details>`` where the summary reads as a question.
- ``bold-q``: a ``Q. …`` (often ``**Q. …**``) paragraph or list item, answered by what follows up
  to the next ``Q.`` or heading (usually an ``A. …`` paragraph).

plus ``patterns``: regexes searched in heading text. A heading question with nothing under it
reaches further when the note is laid out that way: into the topic headings of its level that
follow (a question title, then ``## Entry``, ``## Output`` …), into the whole note when it is the
note's title over topic sections, into a heading above it that names its subject, and into the
answer of a question that goes on from it (``그리고 …?``). A bare ``- Q:`` item is answered by an
``- A:`` item right after it or by the sub-headings right below it. Under ``ssafy``, a heading at the level of the
file's 💡 questions that reads as a question is a question too. Study READMEs often list every
question once bare (an index) and again with its answer; a bare question answered elsewhere in the
same file is not unanswered — also when the answer heading carries a draft marker or a note, spells
one word another way, is worded slightly differently, or combines it with another (``A / B``). An
answer that is only a template's text (``답변``, or what ``templates`` notes hold) is no answer,
except in a ``template/`` folder. A run of bare questions ending in a short footer line (``refered
by …``) is a question list; the footer is not an answer.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cached_property
from weakref import WeakKeyDictionary

from markdown_it.token import Token

from checker.config import QuestionsConfig
from checker.diagnostic import Span
from checker.document import Document
from checker.html import html_comments
from checker.parser import is_prose_fence, rendered_text
from checker.questions import (
    ANSWER_MARK,
    BULB,
    LONE_PLACEHOLDERS,
    NUMBERED,
    WORD,
    QAModel,
    Question,
    bare_answer,
    is_form,
    normalize_question,
    reads_as_question,
    resolve_index,
    ssafy_question,
)

_BOLD_Q = re.compile(r"^\s*Q\s*(?:\d+\s*)?[.:)]\s*(.*)$", re.DOTALL)
_SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary\s*>", re.DOTALL | re.IGNORECASE)
_SUMMARY_CLOSE = re.compile(r"</summary\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
# Embedded media count as an answer (`<image>` is how some editors spell `<img>`; browsers agree).
_IMG_TAG = re.compile(r"<(?:img|image|picture|video|iframe|svg)\b", re.IGNORECASE)
_EMPTY_HTML = re.compile(r"&nbsp;|&#160;|&#xa0;", re.IGNORECASE)
_FOOTER = re.compile(
    r"^(?:refered|referred|reference|references|출처|참고|made by|written by|©|copyright)\b", re.IGNORECASE
)


_URL = re.compile(r"https?://|www\.")
_NOT_QUESTION_SUMMARIES = frozenset(
    {"table of contents", "contents", "목차", "toc", "펼치기", "접기", "보기", "더보기", "click", "클릭"}
    | {"답변", "정답", "answer", "코드", "code", "예시", "출처", "참고"}
)


class _Finder:
    """Walks the tokens once and collects questions of the enabled presets."""

    def __init__(self, doc: Document, config: QuestionsConfig) -> None:
        self.doc = doc
        self.tokens = doc.tokens
        self.presets = frozenset(config.presets)
        self.patterns = [re.compile(p) for p in config.patterns]
        self.placeholders = tuple(p.lower() for p in config.placeholders)
        self.lone = LONE_PLACEHOLDERS | {bare_answer(a) for a in config.template_answers}
        if is_form(doc.path):
            self.lone = frozenset()  # the template itself: its placeholders are what it is for

    @cached_property
    def _presets(self) -> list[str | None]:
        """The preset that makes each heading a question, or None; computed once per heading."""
        presets = [self._heading_preset(h.plain_text) for h in self.doc.headings]
        if "ssafy" in self.presets:
            # A heading at the level of the file's 💡 questions that reads as a question is one
            # too: members forget the 💡 (`#### TCP와 UDP의 차이는?` among `#### 💡 …`).
            levels = {h.level for h, p in zip(self.doc.headings, presets, strict=True) if p == "ssafy"}
            for number, heading in enumerate(self.doc.headings):
                text = heading.plain_text
                same_level = presets[number] is None and heading.level in levels
                if same_level and not text.startswith(BULB) and reads_as_question(text):
                    presets[number] = "ssafy"
        return presets

    @cached_property
    def _heading_tokens(self) -> list[int]:
        return [h.token_index for h in self.doc.headings]

    @cached_property
    def _sections(self) -> list[str | None]:
        """For each heading, the nearest enclosing heading that is not a question."""
        sections: list[str | None] = []
        stack: list[tuple[int, str]] = []  # open non-question headings: (level, text)
        for heading, preset in zip(self.doc.headings, self._presets, strict=True):
            while stack and stack[-1][0] >= heading.level:
                stack.pop()
            sections.append(stack[-1][1] if stack else None)
            if preset is None:
                stack.append((heading.level, heading.plain_text))
        return sections

    def find(self) -> list[Question]:
        found: list[Question] = []
        if self.presets & {"ssafy", "heading-question"} or self.patterns:
            found.extend(self._heading_questions())
        if "details" in self.presets:
            found.extend(self._details_questions())
        if "bold-q" in self.presets:
            found.extend(self._bold_questions())
        found.sort(key=lambda q: q.span.start)
        return resolve_index(_drop_footers(found))

    # -- headings ------------------------------------------------------------------------------

    def _heading_questions(self) -> Iterable[Question]:
        headings = self.doc.headings
        links_to_answers = {
            link.heading: link.decoded
            for link in self.doc.links
            if link.heading is not None and link.decoded.startswith("#") and len(link.decoded) > 1
        }
        for number, heading in enumerate(headings):
            preset = self._presets[number]
            if preset is None:
                continue
            end, following = len(self.tokens), len(headings)
            for later in range(number + 1, len(headings)):
                if headings[later].level <= heading.level:
                    if later == number + 1 and (self._answer_heading(later) or self._continuation(later)):
                        continue  # `## Q1. …?` then `## A1.` with the answer under it: one question and its answer
                    end, following = headings[later].token_index, later
                    break
            first = heading.token_index + 3  # past heading_open, inline, heading_close
            text = heading.plain_text.removeprefix(BULB).strip()
            section = self._sections[number]
            own = self.tokens[first:end]
            question = self._question(text, preset, heading.line, heading.span, own, section, heading.level)
            if not question.has_content and not self._numbered_series(number, following):
                topics_end = self._topics_end(number, following)
                if topics_end == end and self._titles_topics(number):
                    topics_end = len(self.tokens)
                if topics_end == end:
                    topics_end = self._named_section_end(number, following, end)
                if topics_end > end:
                    body = self.tokens[first:topics_end]
                    question = self._question(text, preset, heading.line, heading.span, body, section, heading.level)
            yield replace(question, answer_link=links_to_answers.get(number))

    def _topics_end(self, number: int, following: int) -> int:
        """Where the topic sections after an empty question title end: ``# Enum을 설명해 주세요.``
        then ``# Enum``, ``## 1. enum이란?`` … is a title whose answer is the sections under it.

        They run to the next question at the title's level or above, a parent heading, or a
        reference section (``## 참고``); nothing when the title is followed by another question."""
        headings = self.doc.headings
        level = headings[number].level
        for later in range(following, len(headings)):
            heading = headings[later]
            if heading.level < level:
                return heading.token_index
            if heading.level == level and (self._presets[later] is not None or _reference_heading(heading.plain_text)):
                return heading.token_index
        return len(self.tokens)

    def _named_section_end(self, number: int, following: int, end: int) -> int:
        """``### 클래스는 추상 데이터 타입인가?`` then ``## 클래스`` with the answer: a heading above
        the question's level that names what it asks about holds its answer (a heading naming
        something else, ``## 운영체제`` after ``### UDP란?``, starts the next topic)."""
        headings = self.doc.headings
        if following >= len(headings) or self._presets[following] is not None:
            return end
        named = normalize_question(headings[following].plain_text)
        if len(named) < 2 or named not in normalize_question(headings[number].plain_text):
            return end
        level = headings[following].level
        later = (h.token_index for h in headings[following + 1 :] if h.level <= level)
        return next(later, len(self.tokens))

    def _numbered_series(self, number: int, following: int) -> bool:
        """``## 4. …이유`` then ``## 5. …방법``: items of one series, each with its own answer."""
        headings = self.doc.headings
        return (
            following < len(headings)
            and _numbered(headings[number].plain_text)
            and _numbered(headings[following].plain_text)
        )

    def _titles_topics(self, number: int) -> bool:
        """The note's title is a question and the note is laid out in topics at the title's level
        (``# join의 종류를 설명해 주세요.``, ``# Join이란?``, ``# Join의 종류`` …): the note answers it."""
        headings = self.doc.headings
        title = headings[number]
        if number != 0 or any(h.level < title.level for h in headings):
            return False
        return any(
            h.level == title.level and self._presets[later] is None and not _reference_heading(h.plain_text)
            for later, h in enumerate(headings[1:], start=1)
        )

    def _continuation(self, number: int) -> bool:
        """A question heading that continues the one before it (``# ✨그리고 보안 측면에서는…?``):
        the two are asked together and answered once, under the second."""
        if self._presets[number] is None:
            return False
        words = re.sub(r"^[^\w]+", "", self.doc.headings[number].plain_text, flags=re.UNICODE).split()
        return bool(words) and words[0].lower().rstrip(",") in _CONTINUATIONS

    def _answer_heading(self, number: int) -> bool:
        """``## A1.`` (``## **A1**.``): a heading that opens the answer of the question before it."""
        return self._presets[number] is None and ANSWER_MARK.match(self.doc.headings[number].plain_text) is not None

    def _heading_preset(self, text: str) -> str | None:
        if "ssafy" in self.presets and text.startswith(BULB):
            return "ssafy" if ssafy_question(text) else None
        if "heading-question" in self.presets and reads_as_question(text):
            return "heading-question"
        if any(p.search(text) for p in self.patterns):
            return "pattern"
        return None

    # -- <details> -----------------------------------------------------------------------------

    def _details_questions(self) -> Iterable[Question]:
        index = 0
        while index < len(self.tokens):
            token = self.tokens[index]
            if token.type == "html_block" and token.map and "<details" in token.content.lower():
                end = self._details_end(index)
                summary = _find_summary(token.content)
                if summary is None:
                    # `<details>`, a blank line, then `<summary>…</summary>`: a block of its own.
                    after_open = index + 1
                    if after_open < end and self.tokens[after_open].type == "html_block":
                        found = _find_summary(self.tokens[after_open].content)
                        if found is not None and not self.tokens[after_open].content[: found.start()].strip():
                            index, token, summary = after_open, self.tokens[after_open], found
                if summary and token.map:
                    text = " ".join(_strip_tags(summary.group(1), "").replace(">", " ").split())
                    if text.lower() not in _NOT_QUESTION_SUMMARIES and reads_as_question(text):
                        after = token.content[summary.end() :]
                        body = self.tokens[index + 1 : end]
                        line = token.map[0] + token.content[: summary.start()].count("\n")
                        yield self._question(
                            text,
                            "details",
                            line,
                            self.doc.line_span(line),
                            body,
                            self._enclosing_heading(index),
                            7,
                            extra_html=after,
                        )
                index = max(end, index + 1)
                continue
            index += 1

    def _details_end(self, start: int) -> int:
        """Index of the html_block that closes the <details> opened at ``start`` (or the end)."""
        depth = 0
        for index in range(start, len(self.tokens)):
            token = self.tokens[index]
            if token.type != "html_block":
                continue
            lowered = token.content.lower()
            depth += lowered.count("<details") - lowered.count("</details")
            if depth <= 0:
                return index
        return len(self.tokens)

    # -- Q. / A. -------------------------------------------------------------------------------

    def _bold_questions(self) -> Iterable[Question]:
        marks: list[tuple[int, str, str]] = []
        for index, token in enumerate(self.tokens):
            if token.type == "inline" and self.tokens[index - 1].type == "paragraph_open":
                match = _BOLD_Q.match(rendered_text(token.children or []))
                if match:
                    question, rest = _question_lines(match.group(1))
                    marks.append((index, " ".join(question.split()), rest))
        boundaries = [i for i, _, _ in marks]
        for number, (index, text, rest) in enumerate(marks):
            next_question = boundaries[number + 1] - 1 if number + 1 < len(boundaries) else len(self.tokens)
            end = next_question
            for heading in self.doc.headings:
                if index < heading.token_index < end:
                    end = heading.token_index
                    break
            item = index - 2
            if item >= 0 and self.tokens[item].type == "list_item_open":
                # `* Q. …` in a list: the answer is what the item itself holds (`  * A. …`), or
                # the item after it when that one starts with `A.` (`- Q: …` then `- A: …`).
                end = min(end, self._answer_item_end(item))
            token = self.tokens[index]
            assert token.map is not None
            span = self.doc.lines_span(token.map[0], token.map[1])
            section = self._enclosing_heading(index)
            # `**Q1. TCP란?**` with `→ 연결형이다.` on the next line: one paragraph, answered
            line = token.map[0]
            found = self._question(text, "bold-q", line, span, self.tokens[index + 2 : end], section, 7, rest)
            if not found.has_content:
                # `- Q: …` alone, then `#### 로직` … under the Q's own section: those answer it.
                below = self._subsections_end(index, end, next_question)
                if below > end:
                    found = self._question(text, "bold-q", line, span, self.tokens[index + 2 : below], section, 7, rest)
            yield found

    def _answer_item_end(self, item: int) -> int:
        closing = self._closing(item)
        following = closing + 1
        if following + 2 < len(self.tokens) and self.tokens[following].type == "list_item_open":
            first = self.tokens[following + 2]
            if first.type == "inline" and ANSWER_MARK.match(rendered_text(first.children or [])):
                return self._closing(following)
        return closing

    def _subsections_end(self, token_index: int, end: int, next_question: int) -> int:
        """Where the headings right after a bare ``Q.`` end, when they are subsections of the
        section it stands in: the next heading at that section's level or above, or the next ``Q.``."""
        headings = self.doc.headings
        before = bisect_left(self._heading_tokens, token_index)
        if before == len(headings) or headings[before].token_index >= next_question:
            return end
        level = headings[before - 1].level if before else 0
        between = self.tokens[end : headings[before].token_index]
        if headings[before].level <= level or any(not t.type.endswith("_close") for t in between):
            return end  # the Q. is followed by something else first, or by the next section
        for heading in headings[before:]:
            if heading.token_index >= next_question:
                break
            if heading.level <= level:
                return heading.token_index
        return next_question

    def _closing(self, open_index: int) -> int:
        """Index of the token closing the container opened at ``open_index``."""
        opened = self.tokens[open_index]
        closing = opened.type.replace("_open", "_close")
        for index in range(open_index + 1, len(self.tokens)):
            token = self.tokens[index]
            if token.type == closing and token.level == opened.level:
                return index
        return len(self.tokens)

    def _enclosing_heading(self, token_index: int) -> str | None:
        """The innermost non-question heading before ``token_index``."""
        headings = self.doc.headings
        before = bisect_left(self._heading_tokens, token_index)
        for number in range(before - 1, -1, -1):
            if self._presets[number] is None:
                return headings[number].plain_text
        return None

    # -- answers -------------------------------------------------------------------------------

    def _question(
        self,
        text: str,
        preset: str,
        line: int,
        span: Span,
        body: Sequence[Token],
        section: str | None,
        level: int,
        extra_html: str = "",
    ) -> Question:
        words, solid = self._answer_content(body, extra_html)
        remaining = words
        for placeholder in self.placeholders:
            remaining = remaining.replace(placeholder, " ")
        has_content = solid or bool(WORD.search(ANSWER_MARK.sub("", remaining, count=1)))
        if has_content and not solid and bare_answer(words) in self.lone:
            has_content = False  # the template's own answer text, left as it was
        answer_span = self._body_span(body)
        return Question(
            text=text,
            preset=preset,
            line=line,
            span=span,
            answer_span=answer_span,
            answer_text=" ".join(words.split()),
            has_content=has_content,
            section=section,
            level=level,
        )

    def _body_span(self, body: Sequence[Token]) -> Span | None:
        mapped = [t.map for t in body if t.map]
        if not mapped:
            return None
        return self.doc.lines_span(min(m[0] for m in mapped), max(m[1] for m in mapped))

    def _answer_content(self, body: Sequence[Token], extra_html: str) -> tuple[str, bool]:
        """(the answer's words, lowercased; whether it has non-text content: image, table, code)."""
        words: list[str] = []
        solid = False
        skip_heading_text = False
        for token in body:
            kind = token.type
            if kind == "heading_open":
                skip_heading_text = True
                continue
            if kind == "heading_close":
                skip_heading_text = False
                continue
            if kind == "inline" and not skip_heading_text:
                for child in token.children or []:
                    if child.type in ("text", "code_inline"):
                        words.append(child.content)
                    elif child.type == "image":
                        solid = True
                    elif child.type == "html_inline":
                        solid = solid or bool(_IMG_TAG.search(child.content))
            elif kind in ("fence", "code_block"):
                if token.content.strip():
                    if kind == "code_block" or is_prose_fence(token.info):
                        words.append(token.content)
                    else:
                        solid = True
            elif kind == "html_block":
                solid = solid or self._html_words(token.content, words)
        if extra_html:
            solid = solid or self._html_words(extra_html, words)
        return " ".join(words).lower(), solid

    @staticmethod
    def _html_words(html: str, words: list[str]) -> bool:
        html = _without_comments(html)
        text = _EMPTY_HTML.sub(" ", _strip_tags(html, " "))
        words.append(text)
        return bool(_IMG_TAG.search(html))


_QUESTION_LINES = 3  # a Q. question wraps over at most this many lines before its answer starts


def _question_lines(text: str) -> tuple[str, str]:
    """A ``Q.`` paragraph's question and, on the lines after it, the answer written right under it:
    the question runs to its first line ending in ``?`` (within a few lines), else it is the first."""
    lines = text.split("\n")
    end = next(
        (i + 1 for i, line in enumerate(lines[:_QUESTION_LINES]) if line.rstrip().rstrip("*_ ").endswith(("?", "？"))),
        1,
    )
    return "\n".join(lines[:end]), "\n".join(lines[end:])


def _find_summary(html: str) -> re.Match[str] | None:
    """``_SUMMARY.search(html)``, searched only up to the last ``</summary>``."""
    end = max((close.end() for close in _SUMMARY_CLOSE.finditer(html)), default=None)
    return _SUMMARY.search(html, 0, end) if end is not None else None


def _strip_tags(html: str, replacement: str) -> str:
    """``_TAG.sub(replacement, html)``: no tag starts after the last ``>``."""
    last = html.rfind(">")
    return _TAG.sub(replacement, html[: last + 1]) + html[last + 1 :] if last != -1 else html


def _without_comments(html: str) -> str:
    """``html`` with each ``<!-- … -->`` replaced by a space."""
    pieces: list[str] = []
    cursor = 0
    for start, end in html_comments(html):
        pieces.append(html[cursor:start])
        pieces.append(" ")
        cursor = end
    pieces.append(html[cursor:])
    return "".join(pieces)


# The first word of a question that adds to the question before it.
_CONTINUATIONS = frozenset({"그리고", "또한", "추가로", "아울러", "덧붙여", "더불어", "and", "also", "additionally"})
# Headings that close a topic rather than continue it.
_REFERENCE_HEADINGS = frozenset(
    {"참고", "참고자료", "참고문헌", "참고링크", "출처", "reference", "references", "links", "더알아보기", "관련링크"}
)


def _numbered(text: str) -> bool:
    return NUMBERED.match(re.sub(r"^[^\w(]+", "", text, flags=re.UNICODE)) is not None


def _reference_heading(text: str) -> bool:
    plain = re.sub(r"[^\w\s]", "", text, flags=re.UNICODE).strip().lower()
    return plain.replace(" ", "") in _REFERENCE_HEADINGS


def _drop_footers(questions: list[Question]) -> list[Question]:
    """After a bare question, a short footer line (``refered by …``, a lone link) is no answer.

    A list of bare questions often ends with such a line; read naively, the last question of the
    list would look answered by it.
    """
    result = list(questions)
    for index in range(1, len(result)):
        question = result[index]
        if question.has_content and not result[index - 1].has_content and _is_footer(question.answer_text):
            result[index] = replace(question, has_content=False)
    return result


def _is_footer(answer: str) -> bool:
    answer = answer.strip()
    return len(answer) <= 120 and bool(_FOOTER.match(answer) or (_URL.search(answer) and len(answer.split()) <= 4))


_MODELS: WeakKeyDictionary[Document, tuple[QuestionsConfig, QAModel]] = WeakKeyDictionary()


def questions_of(doc: Document, config: QuestionsConfig) -> QAModel:
    """The questions of ``doc``, computed once per document and configuration."""
    cached = _MODELS.get(doc)
    if cached is not None and cached[0] == config:
        return cached[1]
    model = QAModel(tuple(_Finder(doc, config).find()))
    _MODELS[doc] = (config, model)
    return model
