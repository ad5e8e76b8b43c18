"""The questions of a note as values: a question with its answer, the note's model of them, and the
text rules that tell a question from a statement and match a bare question (an index entry) to
the answered one of the same meaning. ``checker.qa`` finds them in a Document.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from pathlib import Path

from checker.diagnostic import Span

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


NUMBERED = re.compile(r"^\(?(?:case\s*#?\s*\d+|\d+(?:\.\d+)+\.?|\d+[.)])\)?\s")
_STATEMENT_END = re.compile(r"(?:다|음|함|됨|임|기|에요|예요|해요|어요|아요|죠|지요|네요|군요|자|하면|자면)$")
# Words that make a short 💡 heading a callout however it is qualified: `💡 핵심 정리`, `💡 한 줄 요약`.
_SUMMARY_WORDS = frozenset(
    {"결론", "요약", "정리", "참고", "참고자료", "출처", "팁", "주의", "주의사항", "핵심", "포인트", "회고"}
    | {"느낀점", "후기", "메모", "tip", "tips", "note", "notes", "summary", "conclusion", "reference", "references"}
)


ANSWER_MARK = re.compile(r"^\s*A\s*(?:\d+\s*)?[.:)]\s*", re.DOTALL | re.IGNORECASE)
WORD = re.compile(r"\w", re.UNICODE)
# An answer that is only one of these is a template's placeholder, not an answer (`답변`); the
# repository's own template adds its texts (``[tool.cscheck.questions] templates``).
LONE_PLACEHOLDERS = frozenset(
    {"답변", "정답", "내용", "답변 작성", "답변 작성하기", "답변을 작성하세요", "여기에 답변", "여기에 작성"}
)


TEMPLATE_FOLDERS = frozenset({"template", "templates", "_template", "_templates"})
# GitHub's forms: `.github/PULL_REQUEST_TEMPLATE.md`, `.github/ISSUE_TEMPLATE/bug.md`, `docs/pull_request_template.md`
_GITHUB_FORMS = frozenset({"pull_request_template", "issue_template"})


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
        return not WORD.search(self.text)

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
    return bool(TEMPLATE_FOLDERS & folders) or bool(_GITHUB_FORMS & (folders | {path.stem.lower()}))


def normalize_question(text: str) -> str:
    """Trim, collapse spaces, NFC, drop 💡 and a trailing ``?``, ``.``, ``요``: to match variants."""
    text = unicodedata.normalize("NFC", text).replace(BULB, " ")
    text = " ".join(text.split()).lower()
    return text.rstrip("?？.。 ").removesuffix("요").rstrip()


def reads_as_question(text: str) -> bool:
    return bool(_QUESTION_END.search(text.rstrip(" .。!")))


def ssafy_question(text: str) -> bool:
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
    if NUMBERED.match(body):
        return False
    if body.endswith(("!", "！", ":", "：")):
        return False  # an exclamation or a lead-in (`💡 이것만 기억하자!`, `💡 요약하면:`)
    return not _STATEMENT_END.search(body.rstrip(" .。"))


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


def resolve_index(questions: list[Question]) -> list[Question]:
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
    text = ANSWER_MARK.sub("", unicodedata.normalize("NFC", words).lower(), count=1)
    return " ".join(text.split()).strip(" .:-*>()[]")
