"""CS004 file-too-large: file is larger than max-file-size."""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Message, Span
from checker.rule import Context, FileRule
from checker.source import FileProblem, TooLarge


class FileTooLarge(FileRule):
    """
    ## What it does
    Reports a note larger than `max-file-size` (default 10 MB) and skips checking it.

    ## Why is this bad?
    Study notes are a few kilobytes; a file this large is usually generated or pasted by mistake,
    and GitHub stops rendering Markdown files past a few megabytes.

    ## Example
    A 40 MB `dump.md` made by exporting a chat log.

    ## Fix safety
    No fix.

    ## Options
    The limit is the top-level setting `max-file-size` (bytes, or a size like `"20MB"`).
    """

    code = "CS004"
    name = "file-too-large"
    summary = Message("너무 큰 파일", "File is larger than max-file-size")

    def check_file(self, problem: FileProblem, ctx: Context) -> Iterator[Diagnostic]:
        if isinstance(problem, TooLarge) and problem.exact:
            yield self.diagnostic(
                Span(0, 0),
                Message(
                    f"파일이 너무 큽니다 ({problem.size:,} 바이트, 한도 {problem.limit:,}); 검사하지 않았습니다.",
                    f"file is too large ({problem.size:,} bytes, limit {problem.limit:,}); not checked.",
                ),
            )
        elif isinstance(problem, TooLarge):  # standard input, read no further than the limit
            yield self.diagnostic(
                Span(0, 0),
                Message(
                    f"입력이 너무 큽니다 (한도 {problem.limit:,} 바이트 초과); 검사하지 않았습니다.",
                    f"input is too large (more than the limit of {problem.limit:,} bytes); not checked.",
                ),
            )
