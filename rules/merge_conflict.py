"""CS101 merge-conflict: unresolved merge conflict."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from checker.conflicts import ConflictBlock, MarkerProblem, MarkerProblemKind
from checker.diagnostic import Diagnostic, Edit, Fix, Message
from checker.document import Document
from checker.rule import Context, FixAvailability, Rule

if TYPE_CHECKING:
    from checker.conflict_resolution import Disagreement, Refusal


def _label(label: str) -> str:
    """A commit id is shortened as git shows it; an empty label stays visible."""
    if len(label) == 40 and all(c in "0123456789abcdef" for c in label.lower()):
        return label[:7]
    return label or "?"


def _lines(lines: range) -> tuple[str, str]:
    if not lines:
        return "빈 쪽", "empty"
    if len(lines) == 1:
        return f"{lines.start + 1}번째 줄", f"line {lines.start + 1}"
    return f"{lines.start + 1}–{lines.stop}번째 줄", f"lines {lines.start + 1}–{lines.stop}"


class MergeConflict(Rule):
    """
    ## What it does
    Finds unresolved merge-conflict markers, line by line before any Markdown parsing: an ordered
    `<<<<<<<` … (`|||||||` …) `=======` … `>>>>>>>` block is one finding spanning the block, whose
    message names both sides' labels and line ranges. A `<<<<<<<` that is never closed, a `>>>>>>>`
    with no opening marker, and conflicts nested inside conflicts are reported too.

    A complete block shown inside a fence whose language is in `conflict-example-languages` (default
    `diff`, `git`, `console`, `shell`, `sh`, `bash`, `text`) is an example, not a conflict. A lone
    `=======` under a line of text is a setext heading underline and is left alone.

    While a file holds a conflict, every other rule checks the *ours* side only (the other side and
    the markers are blanked), so the other side's text is not reported twice.

    ## Why is this bad?
    GitHub renders the markers as text — `<<<<<<< HEAD` plus the line under it becomes a heading,
    `>>>>>>> 9e5c616` becomes seven nested quotes — and one side of the merge is silently doubled or
    lost. In study repositories this usually happens when two members edit the same topic file.

    ## Example

        #### 💡 로드 밸런싱을 설명해주세요.
        <<<<<<< HEAD
        여러 서버에 요청을 나눠 보내는 것
        =======
        #### 💡 게이트웨이란?
        >>>>>>> 9e5c616

    Keep what both sides meant and delete the three marker lines.

    ## Fix safety
    Unsafe (only with `--unsafe-fixes`): a Q&A-aware resolution. Each side is split into
    questions with their answers, section headings and other text; every question is kept once;
    an answer one side has and the other lacks is kept; text found on one side only is kept in
    place. When both sides answer a question differently (and a `|||||||` base does not tell
    which side changed it) there is no fix, and the message shows both answers' lines. Nested
    and unbalanced markers get no fix. While a file holds a conflict, no other rule's fix applies.

    ## Options
    `conflict-example-languages` is a top-level setting because it also decides what the other
    rules see.
    """

    code = "CS101"
    name = "merge-conflict"
    summary = Message("해결되지 않은 병합 충돌", "Unresolved merge conflict")
    fix_availability = FixAvailability.SOMETIMES
    fixes_in_conflict = True

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        blocks = doc.conflicts.blocks
        if not blocks and not doc.conflicts.problems:
            return
        from checker.conflict_resolution import Disagreement, Refusal, resolve  # noqa: PLC0415 — only files with a conflict

        lines = doc.source.text.split("\n")
        for block in blocks:
            nested = block.depth > 0 or any(
                other.depth > 0 and block.start_line < other.start_line < block.end_line for other in blocks
            )
            diagnostic = self._block(doc, block)
            if nested or doc.conflicts.problems:
                yield diagnostic
                continue
            resolution = resolve(lines, block, ctx.config.questions)
            if isinstance(resolution, Disagreement):
                yield self._disagreement(diagnostic, resolution)
            elif isinstance(resolution, Refusal):
                yield self._refusal(diagnostic, resolution)
            else:
                yield self._with_fix(doc, diagnostic, block, resolution)
        for problem in doc.conflicts.problems:
            yield self._problem(doc, problem)

    def _with_fix(self, doc: Document, diagnostic: Diagnostic, block: ConflictBlock, lines: list[str]) -> Diagnostic:
        start = doc.lines.line_start(block.start_line)
        end_of_marker = doc.lines.line_end(block.end_line)
        end = doc.lines.line_start(block.end_line + 1) if block.end_line + 1 < doc.lines.line_count else end_of_marker
        newline = "\n" if end > end_of_marker and lines else ""
        edit = Edit(start, end, "\n".join(lines) + newline)
        title = Message(
            "질문 단위로 충돌 해결: 모든 질문을 한 번씩, 한쪽에만 있는 답변과 내용은 유지",
            "resolve by question: every question once, answers and text from either side kept",
        )
        return replace(diagnostic, fix=Fix.unsafe(title, edit))

    def _disagreement(self, diagnostic: Diagnostic, found: Disagreement) -> Diagnostic:
        ours = f"{found.ours.start + 1}–{found.ours.stop}"
        theirs = f"{found.theirs.start + 1}–{found.theirs.stop}"
        message = Message(
            f"{diagnostic.message.ko} 양쪽이 같은 질문 '{found.question}'에 다르게 답했습니다 "
            f"({ours}번째 줄 대 {theirs}번째 줄): 직접 합치세요.",
            f"{diagnostic.message.en} Both sides answer '{found.question}' differently "
            f"(lines {ours} vs {theirs}): merge them by hand.",
        )
        return replace(diagnostic, message=message)

    def _refusal(self, diagnostic: Diagnostic, found: Refusal) -> Diagnostic:
        line = found.line + 1
        ko = f"질문 단위로 합치면 {line}번째 줄이 사라집니다"
        en = f"resolving by question would lose line {line}"
        message = Message(
            f"{diagnostic.message.ko} {ko}: 직접 합치세요.", f"{diagnostic.message.en} {en}: merge by hand."
        )
        return replace(diagnostic, message=message)

    def _block(self, doc: Document, block: ConflictBlock) -> Diagnostic:
        ours_ko, ours_en = _lines(block.ours_lines)
        theirs_ko, theirs_en = _lines(block.theirs_lines)
        ours, theirs = _label(block.ours_label), _label(block.theirs_label)
        base_ko = base_en = ""
        if block.base_line is not None:
            b_ko, b_en = _lines(block.base_lines)
            base_ko = f", 공통 조상 `{_label(block.base_label or '')}` ({b_ko})"
            base_en = f", base `{_label(block.base_label or '')}` ({b_en})"
        nested_ko = nested_en = ""
        if block.depth:
            nested_ko, nested_en = "다른 충돌 안에 중첩된 ", "nested "
        return self.diagnostic(
            doc.lines_span(block.start_line, block.end_line + 1),
            Message(
                f"해결되지 않은 {nested_ko}병합 충돌: `{ours}` ({ours_ko}) 대 `{theirs}` ({theirs_ko}){base_ko}.",
                f"unresolved {nested_en}merge conflict: `{ours}` ({ours_en}) vs `{theirs}` ({theirs_en}){base_en}.",
            ),
        )

    def _problem(self, doc: Document, problem: MarkerProblem) -> Diagnostic:
        line = problem.line + 1
        messages = {
            MarkerProblemKind.UNCLOSED: (
                f"{line}번째 줄의 `<<<<<<<` 충돌 표시가 `>>>>>>>`로 닫히지 않았습니다.",
                f"conflict marker `<<<<<<<` at line {line} is never closed by `>>>>>>>`.",
            ),
            MarkerProblemKind.NO_SEPARATOR: (
                f"{line}번째 줄의 `>>>>>>>` 앞에 `=======`이 없습니다 "
                f"(`<<<<<<<`는 {(problem.start_line or 0) + 1}번째 줄).",
                f"conflict marker `>>>>>>>` at line {line} has no `=======` after the `<<<<<<<` at "
                f"line {(problem.start_line or 0) + 1}.",
            ),
            MarkerProblemKind.STRAY_END: (
                f"{line}번째 줄의 `>>>>>>>` 충돌 표시에 짝이 되는 `<<<<<<<`가 없습니다.",
                f"conflict marker `>>>>>>>` at line {line} has no opening `<<<<<<<`.",
            ),
            MarkerProblemKind.STRAY_BASE: (
                f"{line}번째 줄의 `|||||||` 충돌 표시가 충돌 블록 밖에 있습니다.",
                f"conflict marker `|||||||` at line {line} is outside a conflict block.",
            ),
        }
        ko, en = messages[problem.kind]
        return self.diagnostic(doc.line_span(problem.line), Message(ko, en))
