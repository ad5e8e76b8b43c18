"""A repository's question template (``[tool.cscheck.questions] templates``): the answer texts
its questions carry are placeholders, so a note that kept one has not answered."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from checker.config import QuestionsConfig
from checker.document import Document
from checker.qa import questions_of
from checker.questions import bare_answer
from checker.source import SourceText, load

_MAX_TEMPLATES = 100
_MAX_TEMPLATE_SIZE = 1 << 20
_MAX_TEMPLATE_ANSWER = 200  # a template's placeholder is short; a long text is a real answer


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
            for question in questions_of(Document(loaded, path), plain).questions:
                answer = bare_answer(question.answer_text)
                if answer and len(answer) <= _MAX_TEMPLATE_ANSWER:
                    answers.add(answer)
    return tuple(sorted(answers))
