"""Resolving a merge conflict the way a study group means it: by questions, not by lines.

Two members edit the same topic file; git's line merge gives up, and its union merge keeps
everything twice. cscheck knows what a question and its answer are, so it can do better:

1. Each side (and the ``|||||||`` base, if any) is split into blocks: a question with its answer,
   a section heading, and other text. A footer after a run of bare questions (``refered by …``)
   is other text, not the last question's answer.
2. Every question is kept once. Where one side answers a question the other leaves bare, the
   answer is kept. Where both answer it differently — in anything it holds: prose, fenced code
   and its language, images, link URLs, HTML; only whitespace within a line does not count — the
   base (diff3) tells which side changed it; without a base, or if both changed it, there is no
   resolution.
3. Blocks found on one side only are kept, in place: after the block they followed on their own
   side (a block after a question goes with it), so an answer stays under its own question.
   Blank-only blocks of the other side are dropped.
4. Nothing is lost: every line that either side holds and the base does not (every line of both
   sides, without a base) is in the result, or there is no resolution.

The result is the ours side with what the other side adds; it replaces the whole block.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from checker.config import QuestionsConfig
from checker.conflicts import ConflictBlock
from checker.document import Document
from checker.qa import questions_of
from checker.questions import normalize_question


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
    answer: str = ""  # a question's whole answer, each line's whitespace collapsed ("" when bare)

    @property
    def blank(self) -> bool:
        return not any(line.strip() for line in self.lines)


@dataclass(frozen=True)
class Disagreement:
    """Both sides answer the same question differently: no resolution."""

    question: str
    ours: range  # 0-based file lines of each side's block
    theirs: range


@dataclass(frozen=True)
class Refusal:
    """A resolution would lose a line: no fix."""

    line: int  # 0-based file line that would be lost


Resolution = list[str] | Disagreement | Refusal


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
                    _content(body),
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


def _content(lines: Sequence[str]) -> str:
    """What an answer holds, line by line: code, images, URLs and HTML count as much as prose."""
    return "\n".join(_canonical(line) for line in lines if line.strip())


def _canonical(line: str) -> str:
    return " ".join(line.split())


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
    # The merge as a linked list over ``blocks`` (ours first): a block only on their side is
    # linked in after the last matched one in O(1) — a list.insert and a rebuilt index per block
    # made 2,000 questions a side take 44 s at 8x.
    blocks: list[Block] = list(ours)
    following = [*range(1, len(ours)), -1] if ours else []  # the next block's index, -1 at the end
    head = 0 if ours else -1
    position = {(b.kind, b.key): index for index, b in enumerate(ours)}
    cursor = -1  # insert after this block; -1: at the head
    for theirs_block in theirs:
        if theirs_block.blank:
            continue
        match = position.get((theirs_block.kind, theirs_block.key))
        if match is None:
            new = len(blocks)
            blocks.append(theirs_block)
            if cursor == -1:
                following.append(head)
                head = new
            else:
                following.append(following[cursor])
                following[cursor] = new
            position[(theirs_block.kind, theirs_block.key)] = new
            cursor = new
            continue
        cursor = match
        if theirs_block.kind is not BlockKind.QUESTION:
            continue
        chosen = _choose_answer(blocks[match], theirs_block, base_answers.get(theirs_block.key))
        if isinstance(chosen, Disagreement):
            return chosen
        blocks[match] = chosen
    merged: list[Block] = []
    index = head
    while index != -1:
        merged.append(blocks[index])
        index = following[index]
    result = [line for b in merged for line in b.lines]
    lost = _lost_line(result, ours, theirs, base)
    if lost is not None:
        return Refusal(lost)
    return result


def _lost_line(
    result: Sequence[str], ours: Sequence[Block], theirs: Sequence[Block], base: Sequence[Block]
) -> int | None:
    """The first line (0-based, in the file) that a side added and the result lacks."""
    kept = {_canonical(line) for line in result}
    in_base = {_canonical(line) for block in base for line in block.lines}
    for block in (*ours, *theirs):
        for offset, line in enumerate(block.lines):
            canonical = _canonical(line)
            if canonical and canonical not in kept and canonical not in in_base:
                return block.first_line + offset
    return None


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
