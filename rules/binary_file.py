"""CS002 binary-file: file holds binary data, not text."""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Message, Span
from checker.rule import Context, FileRule
from checker.source import Binary, FileProblem


class BinaryFile(FileRule):
    """
    ## What it does
    Reports a file named like a note that holds binary data (an image, an archive, NUL bytes).

    ## Why is this bad?
    Usually an image or export saved under a `.md` name by mistake; GitHub cannot render it and the
    text it was meant to hold is missing.

    ## Example
    `diagram.md` that is really a PNG file.

    ## Fix safety
    No fix: rename the file or replace it with the note it should be.

    ## Options
    None.
    """

    code = "CS002"
    name = "binary-file"
    summary = Message("텍스트가 아닌 바이너리 파일", "File holds binary data, not text")

    def check_file(self, problem: FileProblem, ctx: Context) -> Iterator[Diagnostic]:
        if isinstance(problem, Binary):
            yield self.diagnostic(
                Span(0, 0),
                Message(
                    f"텍스트가 아니라 바이너리 데이터입니다 ({problem.reason}).",
                    f"binary data, not text ({problem.reason}).",
                ),
            )
