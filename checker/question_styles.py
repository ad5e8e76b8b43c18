"""A hint when the configured question styles find nothing: the default (``ssafy``'s 💡 headings)
finds no question in most repositories written another way, and then CS2xx silently checks
nothing. When a run's notes hold no question at all, a sample of them is read with each other
style; if one finds questions, the run says once which one to configure.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace

from checker import cachestore
from checker.config import QuestionsConfig
from checker.document import Document
from checker.engine import Engine, FileReport
from checker.qa import questions_of
from checker.runner import namespace
from checker.source import SourceText, load

PRESETS = ("ssafy", "heading-question", "details", "bold-q")
"""Every question style (``[questions] presets``); the config schema's list is tested against it."""

MIN_NOTES = 5  # fewer notes (a pre-commit run on one or two) are no evidence of a style
SAMPLE = 20
MIN_FOUND = 3
ENOUGH = 20  # questions one style has found when the sample stops early


@dataclass(frozen=True)
class StyleCount:
    preset: str
    questions: int
    answered: int
    notes: int  # notes with at least one such question


def count_styles(
    documents: Sequence[Document], base: QuestionsConfig, presets: Sequence[str] = PRESETS
) -> list[StyleCount]:
    """Each style's questions, answered questions and notes among ``documents``, read with
    ``base`` (placeholders, templates) but that one style alone."""
    counts = []
    for preset in presets:
        style = replace(base, presets=(preset,), patterns=())
        questions = answered = notes = 0
        for doc in documents:
            found = questions_of(doc, style).questions
            questions += len(found)
            answered += sum(1 for q in found if q.answered)
            notes += bool(found)
        counts.append(StyleCount(preset, questions, answered, notes))
    return counts


@dataclass(frozen=True)
class Suggestion:
    preset: str
    found: int  # questions that style finds in the sampled notes
    sampled: int
    notes: int  # notes checked, none of them with a question

    def message(self, lang: str, presets: Sequence[str]) -> str:
        using = ", ".join(presets) or "-"
        setting = f'[questions] presets = ["{self.preset}"]'
        if lang == "ko":
            return (
                f"cscheck: 경고: 지금의 질문 형식({using})으로는 노트 {self.notes}개에서 "
                f"질문을 하나도 찾지 못했습니다. {self.preset} 형식이면 노트 {self.sampled}개 중에서 "
                f"질문 {self.found}개를 찾습니다: 설정에 `{setting}`을 넣으세요."
            )
        return (
            f"cscheck: warning: the question styles in use ({using}) found no question in {self.notes} notes; "
            f"{self.preset} finds {self.found} in {self.sampled} of them: add `{setting}` to the config."
        )


def suggest(engine: Engine, reports: Sequence[FileReport]) -> Suggestion | None:
    """The style that would find questions in notes where the configured ones found none.

    Notes are read one at a time, up to ``SAMPLE``, and reading stops once ``MIN_NOTES`` have been
    read and a style has found ``ENOUGH`` questions. The hint is said on every run, warm runs too,
    where nothing else parses a note: what each sampled note holds is kept in the cache (by its
    digest), so a warm run parses none.
    """
    notes = [r for r in reports if not r.stdin and r.problem is None]
    if len(notes) < MIN_NOTES or any(r.question_count for r in notes):
        return None
    configured = engine.config.questions
    others = [preset for preset in PRESETS if preset not in configured.presets]
    space = namespace(engine) if engine.cache_dir else ""
    known = _cached_counts(engine, space)
    counted: dict[str, dict[str, int]] = {}
    found = dict.fromkeys(others, 0)
    sampled = 0
    for report in notes[:SAMPLE]:
        counts = known.get(report.digest) if report.digest else None
        if counts is None or set(counts) != set(others):
            loaded = report._source if report._source is not None else load(report.path, engine.config.max_file_size)
            if not isinstance(loaded, SourceText):
                continue
            document = engine.parse(loaded, report.path)
            counts = {style.preset: style.questions for style in count_styles([document], configured, others)}
        if report.digest:
            counted[report.digest] = counts
        sampled += 1
        for preset in others:
            found[preset] += counts[preset]
        if sampled >= MIN_NOTES and max(found.values(), default=0) >= ENOUGH:
            break
    if any(known.get(digest) != value for digest, value in counted.items()):
        _store_counts(engine, space, counted)
    best = max(others, key=lambda preset: found[preset], default=None)
    if best is None or found[best] < MIN_FOUND:
        return None
    return Suggestion(best, found[best], sampled, len(notes))


_COUNTS_FILE = "question-styles.json"


def _cached_counts(engine: Engine, space: str) -> dict[str, dict[str, int]]:
    """Each sampled note's questions per other style, by digest, from the last run with this
    configuration and this cscheck (the results cache's namespace); empty when there is none."""
    payload = cachestore.read(engine.cache_dir, _COUNTS_FILE) if engine.cache_dir else None
    try:
        data = json.loads(payload) if payload else None
    except ValueError:
        return {}
    if not isinstance(data, dict) or data.get("namespace") != space:
        return {}
    counts = data.get("counts")
    if not isinstance(counts, dict):
        return {}
    return {
        digest: value
        for digest, value in counts.items()
        if isinstance(value, dict) and all(isinstance(n, int) for n in value.values())
    }


def _store_counts(engine: Engine, space: str, counts: dict[str, dict[str, int]]) -> None:
    if engine.cache_dir is not None:
        payload = json.dumps({"namespace": space, "counts": counts}, separators=(",", ":"))
        cachestore.write(engine.cache_dir, _COUNTS_FILE, payload.encode("utf-8"))
