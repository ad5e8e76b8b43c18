"""CS001 undecodable-file: file is not UTF-8 text."""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Message, Span
from checker.rule import Context, FileRule
from checker.source import FileProblem, Undecodable


class UndecodableFile(FileRule):
    """
    ## What it does
    Reports a note that is not UTF-8 text, names the encoding it most likely is (for Korean notes
    usually CP949/EUC-KR) and the command that converts it.

    ## Why is this bad?
    GitHub shows such a file as garbage or as a binary blob, and no other check can read it. Old
    Windows editors still save Korean text as CP949.

    ## Example
    A note saved by Notepad in the "ANSI" encoding on a Korean Windows:

        $ cscheck check net.md
        net.md:1:1: CS001 undecodable-file: not UTF-8 (first bad byte at line 3); it looks like
        CP949/EUC-KR — convert it: iconv -f CP949 -t UTF-8 net.md > net.md.utf8 && mv net.md.utf8 net.md

    ## Fix safety
    No fix: cscheck never rewrites a file it cannot decode. Convert it with the command shown.

    ## Options
    None.
    """

    code = "CS001"
    name = "undecodable-file"
    summary = Message("UTF-8이 아닌 파일", "File is not UTF-8 text")

    def check_file(self, problem: FileProblem, ctx: Context) -> Iterator[Diagnostic]:
        if not isinstance(problem, Undecodable):
            return
        if problem.guess and problem.codec:
            convert_ko = (
                f"{problem.guess} 인코딩으로 보입니다. 변환: "
                f"iconv -f {problem.codec.upper()} -t UTF-8 파일 > 파일.utf8 && mv 파일.utf8 파일"
            )
            convert_en = (
                f"it looks like {problem.guess} — convert it: "
                f"iconv -f {problem.codec.upper()} -t UTF-8 FILE > FILE.utf8 && mv FILE.utf8 FILE"
            )
        else:
            convert_ko = "인코딩을 알 수 없습니다. UTF-8로 다시 저장하세요"
            convert_en = "the encoding is unknown; save it again as UTF-8"
        yield self.diagnostic(
            Span(0, 0),
            Message(
                f"UTF-8이 아닙니다 ({problem.line}번째 줄에 잘못된 바이트). {convert_ko}.",
                f"not UTF-8 (first bad byte at line {problem.line}); {convert_en}.",
            ),
        )
