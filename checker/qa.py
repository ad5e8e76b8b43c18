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

import os
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import cached_property
from pathlib import Path
from weakref import WeakKeyDictionary

from markdown_it.token import Token

from checker.config import QuestionsConfig
from checker.diagnostic import Span
from checker.document import Document, html_comments, is_prose_fence, rendered_text
from checker.source import SourceText, load

BULB = "💡"
# Endings that make a heading or summary read as a question.
_QUESTION_END = re.compile(
    r"(?:[?？]|까|까요|가요|나요|는가|인가|인지|인가요|있나요|없나요|되나요|하나요|할까요|일까요|뭔가요|뭘까요"
    r"|설명해\s?주세요|설명해\s?보세요|설명하세요|설명하시오|설명하라|말해\s?주세요|말해\s?보세요|비교해\s?주세요"
    r"|비교하시오|알려\s?주세요|무엇인가요|무엇인가|무엇일까요|차이점은|차이는|차이|란|이란|이유는|이유"
    # requests, as interviewers phrase them: `…말씀해 주세요`, `…소개해주시겠어요`, `…설명 부탁드립니다`
    # (a verb of telling: `입력해 주세요` and `확인해 보세요` are instructions, not questions)
    r"|(?:설명|말씀|말|얘기|이야기|소개|비교|정리|서술|구분|정의|나열|표현|답|요약|들어|알려)\s?(?:을|를)?\s?(?:해|하여|해서)?\s?"
    r"(?:주세요|주십시오|주시겠어요|주시겠습니까|주실래요|보세요|보시오|봐\s?주세요)"
    r"|(?:설명|답변)\s?부탁(?:드립니다|드려요|합니다)|뭐예요|뭐에요|뭐죠|왜죠|어때요|인지요)$"
)
# Single-word 💡 headings that are callouts, not questions.
_CALLOUTS = frozenset(
    {"결론", "요약", "정리", "참고", "참고자료", "출처", "예시", "예제", "팁", "주의", "주의사항", "핵심", "포인트"}
    | {"개념", "정의", "특징", "장점", "단점", "동작", "종류", "구조", "원리", "배경", "목표", "목적", "문제"}
    | {"해결", "해결책", "회고", "느낀점", "후기", "메모", "tip", "tips", "note", "notes", "summary", "conclusion"}
    | {"reference", "references", "example", "examples", "point", "keypoint"}
)
_NUMBERED = re.compile(r"^\(?(?:case\s*#?\s*\d+|\d+(?:\.\d+)+\.?|\d+[.)])\)?\s")
_STATEMENT_END = re.compile(r"(?:다|음|함|됨|임|기|에요|예요|해요|어요|아요|죠|지요|네요|군요|자|하면|자면)$")
# Words that make a short 💡 heading a callout however it is qualified: `💡 핵심 정리`, `💡 한 줄 요약`.
_SUMMARY_WORDS = frozenset(
    {"결론", "요약", "정리", "참고", "참고자료", "출처", "팁", "주의", "주의사항", "핵심", "포인트", "회고"}
    | {"느낀점", "후기", "메모", "tip", "tips", "note", "notes", "summary", "conclusion", "reference", "references"}
)
_BOLD_Q = re.compile(r"^\s*Q\s*(?:\d+\s*)?[.:)]\s*(.*)$", re.DOTALL)
_ANSWER_MARK = re.compile(r"^\s*A\s*(?:\d+\s*)?[.:)]\s*", re.DOTALL | re.IGNORECASE)
_SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary\s*>", re.DOTALL | re.IGNORECASE)
_SUMMARY_CLOSE = re.compile(r"</summary\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
# Embedded media count as an answer (`<image>` is how some editors spell `<img>`; browsers agree).
_IMG_TAG = re.compile(r"<(?:img|image|picture|video|iframe|svg)\b", re.IGNORECASE)
_EMPTY_HTML = re.compile(r"&nbsp;|&#160;|&#xa0;", re.IGNORECASE)
_WORD = re.compile(r"\w", re.UNICODE)
_FOOTER = re.compile(
    r"^(?:refered|referred|reference|references|출처|참고|made by|written by|©|copyright)\b", re.IGNORECASE
)
_URL = re.compile(r"https?://|www\.")
# An answer that is only one of these is a template's placeholder, not an answer (`답변`); the
# repository's own template adds its texts (``[tool.cscheck.questions] templates``).
LONE_PLACEHOLDERS = frozenset(
    {"답변", "정답", "내용", "답변 작성", "답변 작성하기", "답변을 작성하세요", "여기에 답변", "여기에 작성"}
)
_TEMPLATE_FOLDERS = frozenset({"template", "templates", "_template", "_templates"})
# GitHub's forms: `.github/PULL_REQUEST_TEMPLATE.md`, `.github/ISSUE_TEMPLATE/bug.md`, `docs/pull_request_template.md`
_GITHUB_FORMS = frozenset({"pull_request_template", "issue_template"})
_NOT_QUESTION_SUMMARIES = frozenset(
    {"table of contents", "contents", "목차", "toc", "펼치기", "접기", "보기", "더보기", "click", "클릭"}
    | {"답변", "정답", "answer", "코드", "code", "예시", "출처", "참고"}
)


@dataclass(frozen=True, slots=True)
class Question:
    text: str  # the question on one line, marker removed
    preset: str  # which preset (or "pattern") found it
    line: int  # 0-based line of the question
    span: Span  # the question's own source (heading, summary, Q. paragraph)
    answer_span: Span | None  # where its answer is (None: nothing follows before the next question)
    answer_text: str  # the answer's words, whitespace collapsed (to compare answers)
    has_content: bool  # something counts as an answer under it
    section: str | None  # the enclosing non-question heading
    level: int  # heading level, or 7 for questions that are not headings
    answered_elsewhere: int | None = None  # index of the same question answered in this file
    answer_link: str | None = None  # the question links to its answer: `#### 💡 [질문](#개념1)`

    @property
    def answered(self) -> bool:
        return self.has_content or self.answered_elsewhere is not None or self.answer_link is not None

    @property
    def empty_text(self) -> bool:
        return not _WORD.search(self.text)

    @property
    def key(self) -> str:
        return normalize_question(self.text)


@dataclass(frozen=True, slots=True)
class QAModel:
    questions: tuple[Question, ...]

    @property
    def is_question_list(self) -> bool:
        """Every (non-empty) question is bare: the file is a list of questions to answer."""
        real = [q for q in self.questions if not q.empty_text]
        return len(real) >= 2 and not any(q.answered for q in real)


def is_form(path: Path | None) -> bool:
    """A note that is a form to fill in, whose questions are left unanswered on purpose: a note of
    a ``template/`` folder, or one of GitHub's issue and pull-request templates."""
    if path is None:
        return False
    folders = {part.lower() for part in path.parent.parts}
    return bool(_TEMPLATE_FOLDERS & folders) or bool(_GITHUB_FORMS & (folders | {path.stem.lower()}))


def normalize_question(text: str) -> str:
    """Trim, collapse spaces, NFC, drop 💡 and a trailing ``?``, ``.``, ``요``: to match variants."""
    text = unicodedata.normalize("NFC", text).replace(BULB, " ")
    text = " ".join(text.split()).lower()
    return text.rstrip("?？.。 ").removesuffix("요").rstrip()


def reads_as_question(text: str) -> bool:
    return bool(_QUESTION_END.search(text.rstrip(" .。!")))


def _ssafy_question(text: str) -> bool:
    """A 💡 heading: a question or a topic to explain, not a callout or a statement."""
    body = text.strip().removeprefix(BULB).strip()
    if not body:
        return True  # a bare marker: an empty question (CS202)
    plain = re.sub(r"[^\w\s]", "", body, flags=re.UNICODE).strip().lower()
    if plain in _CALLOUTS or plain.replace(" ", "") in _CALLOUTS:
        return False
    words = plain.split()
    if words and words[-1] in _SUMMARY_WORDS and len(words) <= 3:
        return False  # `💡 핵심 정리`, `💡 결론 및 요약`
    if reads_as_question(body):
        return True
    if _NUMBERED.match(body):
        return False
    if body.endswith(("!", "！", ":", "：")):
        return False  # an exclamation or a lead-in (`💡 이것만 기억하자!`, `💡 요약하면:`)
    return not _STATEMENT_END.search(body.rstrip(" .。"))


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
        return _resolve_index(_drop_footers(found))

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
        return self._presets[number] is None and _ANSWER_MARK.match(self.doc.headings[number].plain_text) is not None

    def _heading_preset(self, text: str) -> str | None:
        if "ssafy" in self.presets and text.startswith(BULB):
            return "ssafy" if _ssafy_question(text) else None
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
            if first.type == "inline" and _ANSWER_MARK.match(rendered_text(first.children or [])):
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
        has_content = solid or bool(_WORD.search(_ANSWER_MARK.sub("", remaining, count=1)))
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


# The regexes above rescan the rest of the text from every unclosed `<summary>`, `<` or `<!--`;
# these helpers search them only as far as a match can reach, which keeps the work linear.


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
    return _NUMBERED.match(re.sub(r"^[^\w(]+", "", text, flags=re.UNICODE)) is not None


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


# What a heading carries besides its question: a draft marker (`📝`, `(작성 중)`, `[WIP]`) or a note
# after ` -- ` / ` - ` (`… - 서버 개발자만`).
_NOTE_TAIL = re.compile(r"\s+(?:--|[-–—])\s+\S.*$")
_MARKER_TAIL = re.compile(r"(?:\s*(?:\([^()]*\)|\[[^\[\]]*\]|[\u2600-\u27bf\U0001f300-\U0001faff\ufe0f\u200d]+))+$")
_COMBINED = re.compile(r"\s+/\s+")
_ASCII_WORD = re.compile(r"[a-z0-9]+")
# Fuzzy matching costs one SequenceMatcher per (bare, answered) pair: bounded per file.
_FUZZY_PAIRS = 40_000


def loose_key(text: str) -> str:
    """The question without draft markers and trailing notes, normalized: what an index entry
    and its answer heading have in common when they are written differently."""
    key = normalize_question(text)
    bare = _MARKER_TAIL.sub("", _NOTE_TAIL.sub("", key)).strip()
    return normalize_question(bare) if bare else key


def _similar(a: str, b: str) -> float:
    """How alike two loose keys are: 1.0 for the same, high for one respelled word or a slightly
    different wording (`TCP 3-way handshake` / `TCP 3 way handshake 과정`)."""
    if a == b:
        return 1.0
    if _ASCII_WORD.findall(a) != _ASCII_WORD.findall(b):
        return 0.0  # `HTTP` / `HTTPS`, `IPv4` / `IPv6`, `1계층` / `2계층` ask different things
    words_a, words_b = a.split(), b.split()
    if len(words_a) == len(words_b) and (len(words_a) >= 2 or len(a) >= 4):
        differing = [(x, y) for x, y in zip(words_a, words_b, strict=True) if x != y]
        if len(differing) == 1 and SequenceMatcher(None, *differing[0], autojunk=False).ratio() >= 0.6:
            return 0.95  # one word spelled another way (`데드락` / `데드롹`, `스레드` / `쓰레드`)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < 0.85 or matcher.quick_ratio() < 0.85:
        return 0.0
    return matcher.ratio()


def _resolve_index(questions: list[Question]) -> list[Question]:
    """A bare question is answered by an answered question of the same meaning in the file: the
    same key; the same once draft markers and notes are dropped; one of the parts of a combined
    `A / B` heading; or, failing those, a respelled word or a slightly different wording."""
    answered: dict[str, int] = {}
    loose: dict[str, int] = {}
    for index, question in enumerate(questions):
        if not question.has_content:
            continue
        answered.setdefault(question.key, index)
        loose.setdefault(loose_key(question.text), index)
        parts = _COMBINED.split(question.text)
        if len(parts) > 1:
            for part in parts:
                loose.setdefault(loose_key(part), index)
    bare = [i for i, q in enumerate(questions) if not q.has_content and not q.empty_text]
    fuzzy = len(bare) * len(loose) <= _FUZZY_PAIRS
    result = list(questions)
    for index in bare:
        question = questions[index]
        twin = answered.get(question.key)
        if twin is None:
            twin = loose.get(loose_key(question.text))
        if twin is None and fuzzy:
            key = loose_key(question.text)
            scored = [(_similar(key, other), at) for other, at in loose.items()]
            best = max(scored, default=(0.0, -1))
            if best[0] >= 0.85:
                twin = best[1]
        if twin is not None:
            result[index] = replace(question, answered_elsewhere=twin)
    return result


def bare_answer(words: str) -> str:
    """An answer's words as a template leaves them: lowercased, one line, without an `A.` mark
    or the punctuation around them."""
    text = _ANSWER_MARK.sub("", unicodedata.normalize("NFC", words).lower(), count=1)
    return " ".join(text.split()).strip(" .:-*>()[]")


def template_answers(config: QuestionsConfig, base: Path, root: Path) -> tuple[str, ...]:
    """The answer texts of the questions in the configured template notes (``templates``: notes
    or folders of notes, relative to ``base``; nothing outside ``root`` is read)."""
    answers: set[str] = set()
    plain = replace(config, templates=(), template_answers=())
    top = os.path.normpath(root.absolute())
    for entry in config.templates:
        target = Path(os.path.normpath((base / entry).absolute()))
        if os.path.commonpath([top, str(target)]) != top:
            continue
        files = sorted(target.rglob("*.md"))[:_MAX_TEMPLATES] if target.is_dir() else [target]
        for path in files:
            loaded = load(path, _MAX_TEMPLATE_SIZE)
            if not isinstance(loaded, SourceText):
                continue
            for question in _Finder(Document(loaded, path), plain).find():
                answer = bare_answer(question.answer_text)
                if answer and len(answer) <= _MAX_TEMPLATE_ANSWER:
                    answers.add(answer)
    return tuple(sorted(answers))


_MAX_TEMPLATES = 100
_MAX_TEMPLATE_SIZE = 1 << 20
_MAX_TEMPLATE_ANSWER = 200  # a template's placeholder is short; a long text is a real answer

_MODELS: WeakKeyDictionary[Document, tuple[QuestionsConfig, QAModel]] = WeakKeyDictionary()


def questions_of(doc: Document, config: QuestionsConfig) -> QAModel:
    """The questions of ``doc``, computed once per document and configuration."""
    cached = _MODELS.get(doc)
    if cached is not None and cached[0] == config:
        return cached[1]
    model = QAModel(tuple(_Finder(doc, config).find()))
    _MODELS[doc] = (config, model)
    return model
