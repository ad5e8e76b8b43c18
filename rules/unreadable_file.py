"""CS003 unreadable-file: file cannot be read."""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Message, Span
from checker.rule import Context, FileRule
from checker.source import FileProblem, Unreadable


class UnreadableFile(FileRule):
    """
    ## What it does
    Reports a note that cannot be read: no permission, a folder named like a note, a broken or
    looping symbolic link.

    ## Why is this bad?
    Nothing in it can be checked, and a contributor's tooling probably cannot read it either.

    ## Example
    A `notes.md` with mode `000`, or a symlink `a.md -> b.md -> a.md`.

    ## Fix safety
    No fix: fix the permissions or the link.

    ## Options
    None.
    """

    code = "CS003"
    name = "unreadable-file"
    summary = Message("읽을 수 없는 파일", "File cannot be read")

    def check_file(self, problem: FileProblem, ctx: Context) -> Iterator[Diagnostic]:
        if isinstance(problem, Unreadable):
            yield self.diagnostic(
                Span(0, 0),
                Message(
                    f"파일을 읽을 수 없습니다: {problem.reason_ko or problem.reason}.",
                    f"cannot read the file: {problem.reason}.",
                ),
            )
