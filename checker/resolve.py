"""Resolving a merge conflict the way a study group means it: by questions, not by lines.

Two members edit the same topic file; git's line merge gives up, and its union merge keeps
everything twice. cscheck knows what a question and its answer are, so it can do better:

1. Each side (and the ``|||||||`` base, if any) is split into blocks: a question with its answer,
   a section heading, and other text. A footer after a run of bare questions (``refered by …``)
   is other text, not the last question's answer.
2. Every question is kept once. Where one side answers a question the other leaves bare, the
   answer is kept. Where both answer it differently, the base (diff3) tells which side changed
   it; without a base, or if both changed it, there is no resolution.
3. Blocks found on one side only are kept, in place: after the block they followed on their own
   side. Blank-only blocks of the other side are dropped.

The result is the ours side with what the other side adds; it replaces the whole block.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from checker.config import QuestionsConfig
from checker.conflicts import ConflictBlock
from checker.document import Document
from checker.qa import normalize_question, questions_of


class BlockKind(StrEnum):
    QUESTION = "question"
    HEADING = "heading"
    OTHER = "other"


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    key: str  # what makes two blocks "the same" across sides
    lines: tuple[str, ...]  # the block's lines as written
    first_line: int  # 0-based line in the file
    answer: str = ""  # a question's answer, whitespace collapsed ("" when bare)

    @property
    def blank(self) -> bool:
        return not any(line.strip() for line in self.lines)


@dataclass(frozen=True)
class Disagreement:
    """Both sides answer the same question differently: no resolution."""

    question: str
    ours: range  # 0-based file lines of each side's block
    theirs: range


Resolution = list[str] | Disagreement


def split_blocks(lines: Sequence[str], first_line: int, questions: QuestionsConfig) -> list[Block]:
    """Cut one side into question, heading and other blocks."""
    if not lines:
        return []
    doc = Document.from_text("\n".join(lines))
    model = questions_of(doc, questions)
    by_line = {q.line: q for q in model.questions}
    starts: dict[int, BlockKind] = {h.line: BlockKind.HEADING for h in doc.headings}
    starts.update({line: BlockKind.QUESTION for line in by_line})
    boundaries = sorted(starts)
    blocks: list[Block] = []
    if not boundaries or boundaries[0] > 0:
        end = boundaries[0] if boundaries else len(lines)
        blocks.append(_other(lines[:end], first_line))
    for number, start in enumerate(boundaries):
        end = boundaries[number + 1] if number + 1 < len(boundaries) else len(lines)
        kind = starts[start]
        if kind is BlockKind.HEADING:
            heading = " ".join(lines[start].split())
            blocks.append(Block(BlockKind.HEADING, heading, (lines[start],), first_line + start))
            if end > start + 1:
                blocks.append(_other(lines[start + 1 : end], first_line + start + 1))
            continue
        question = by_line[start]
        body = tuple(lines[start + 1 : end])
        if question.has_content:
            blocks.append(
                Block(
                    BlockKind.QUESTION,
                    normalize_question(question.text),
                    (lines[start], *body),
                    first_line + start,
                    question.answer_text,
                )
            )
        else:
            # A bare question; anything under it (blank lines, a footer) is other text.
            blocks.append(
                Block(BlockKind.QUESTION, normalize_question(question.text), (lines[start],), first_line + start)
            )
            if body:
                blocks.append(_other(body, first_line + start + 1))
    return blocks


def _other(lines: Sequence[str], first_line: int) -> Block:
    return Block(BlockKind.OTHER, " ".join(" ".join(lines).split()), tuple(lines), first_line)


def resolve(text_lines: Sequence[str], block: ConflictBlock, questions: QuestionsConfig) -> Resolution:
    """The resolved lines for ``block`` (lines of the file, ``\\n``-split), or why there are none."""
    ours = split_blocks(text_lines[block.ours_lines.start : block.ours_lines.stop], block.ours_lines.start, questions)
    theirs = split_blocks(
        text_lines[block.theirs_lines.start : block.theirs_lines.stop], block.theirs_lines.start, questions
    )
    base = split_blocks(text_lines[block.base_lines.start : block.base_lines.stop], block.base_lines.start, questions)
    base_answers = {b.key: b.answer for b in base if b.kind is BlockKind.QUESTION}
    merged: list[Block] = list(ours)
    position = {(b.kind, b.key): index for index, b in enumerate(merged)}
    insert_at = 0  # where a block found only on their side goes: after the last matched one
    for theirs_block in theirs:
        if theirs_block.blank:
            continue
        match = position.get((theirs_block.kind, theirs_block.key))
        if match is None:
            merged.insert(insert_at, theirs_block)
            position = {(b.kind, b.key): index for index, b in enumerate(merged)}
            insert_at += 1
            continue
        insert_at = match + 1
        if theirs_block.kind is not BlockKind.QUESTION:
            continue
        ours_block = merged[match]
        chosen = _choose_answer(ours_block, theirs_block, base_answers.get(theirs_block.key))
        if isinstance(chosen, Disagreement):
            return chosen
        merged[match] = chosen
    return [line for b in merged for line in b.lines]


def _choose_answer(ours: Block, theirs: Block, base: str | None) -> Block | Disagreement:
    """Which answer a question keeps: the only one, the same one, or the one that changed."""
    if not theirs.answer or theirs.answer == ours.answer or (base is not None and base == theirs.answer):
        return ours
    if not ours.answer or (base is not None and base == ours.answer):
        return replace(ours, lines=(ours.lines[0], *theirs.lines[1:]), answer=theirs.answer)
    return Disagreement(
        ours.key,
        range(ours.first_line, ours.first_line + len(ours.lines)),
        range(theirs.first_line, theirs.first_line + len(theirs.lines)),
    )
