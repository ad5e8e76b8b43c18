"""CS304 machine-path: a link or image that points at the author's own computer."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.destination import Destination, Kind, machine_pattern
from checker.diagnostic import Diagnostic, Edit, Fix, Message
from checker.document import Document
from checker.links import State, encode_like, note_folder, resolve
from checker.rule import Context, FixAvailability, Rule
from rules._paths import IMAGE_FOLDERS

_SEPARATORS = re.compile(r"[/\\]")
_ENCODED_SEPARATOR = re.compile(r"%(?:2F|5C)", re.IGNORECASE)

_REASONS = {
    "file-url": ("`file://` 주소", "a `file://` URL"),
    "drive": ("Windows 드라이브 경로", "a Windows drive path"),
    "unc": ("Windows 네트워크 경로", "a Windows network path"),
    "home": ("작성자의 홈 폴더 경로", "a path in the author's home folder"),
    "typora": (
        "Typora가 이미지를 모아 두는 로컬 폴더 `typora-user-images`",
        "Typora's local `typora-user-images` folder",
    ),
    "notion": ("저장소에 없는 Notion 내보내기 폴더", "a Notion export folder that is not in the repository"),
}


def _reason(dest: Destination) -> str | None:
    decoded = dest.decoded_path
    if dest.kind is Kind.MACHINE:
        if decoded.lower().startswith("file:"):
            return "file-url"
        return "unc" if dest.path.startswith("\\\\") else "drive"
    return machine_pattern(decoded)


class MachinePath(Rule):
    r"""
    ## What it does
    Finds links and images whose destination exists only on the author's computer:
    `C:\Users\…` and other drive paths, `\\server\share\…`, `file://` URLs, absolute paths into a
    home folder (`/Users/…`, `/home/…`, `~/…`), Typora's image cache (`typora-user-images`) and
    Notion export folders (`페이지 0123…cdef/Untitled.png`, a name ending in a 32-digit id). The last
    four are reported only when the path does not exist in the repository (a `/Users/` folder that
    is really committed at the root is fine). Image syntax that GitHub does not render because of
    spaces in such a path (Typora writes `Application Support/…` raw) is reported here too.

    One defect, one finding: a machine path is reported by this rule only, never also as a broken
    image or link (CS301, CS302) or as an unrendered image (CS303).

    ## Why is this bad?
    The picture shows on the author's machine and nowhere else: everybody else, GitHub included,
    sees a broken image. Typora and Notion exports produce such paths silently.

    ## Example

        ![vpc](C:\Users\study\Desktop\vpc.png)
        ![](/Users/me/Library/Application Support/typora-user-images/image-20210114.png)

    Copy the picture into the repository (say `./images/vpc.png`) and link that.

    ## Fix safety
    Unsafe, and only when exactly one file with the same name exists in the note's folder or in one
    of its picture folders (`img`, `images`, `assets` …): it is probably the committed copy, but it
    might be another picture of the same name. The fix rewrites only the destination. Otherwise
    there is no fix: the file is not in the repository.

    ## Options
    None.
    """

    code = "CS304"
    name = "machine-path"
    summary = Message("작성자 컴퓨터에만 있는 경로", "Path exists only on the author's computer")
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        seen: set[int] = set()
        candidates = [link.dest for link in doc.links]
        candidates.extend(image.destination for image in doc.unparsed_images)
        for dest in sorted(candidates, key=lambda d: d.start):
            if dest.start in seen or dest.kind not in (Kind.MACHINE, Kind.LOCAL):
                continue
            seen.add(dest.start)
            reason = _reason(dest)
            if reason is None:
                continue
            if dest.kind is Kind.LOCAL and resolve(dest, doc, ctx).state not in (State.MISSING, State.OUTSIDE):
                continue
            yield self._finding(dest, reason, doc, ctx)

    def _finding(self, dest: Destination, reason: str, doc: Document, ctx: Context) -> Diagnostic:
        what_ko, what_en = _REASONS[reason]
        fix = None
        copy = _committed_copy(dest, doc, ctx)
        if copy is not None:
            fix = Fix.unsafe(Message(f"`{copy}`로 바꾸기", f"Replace with `{copy}`"), Edit.replace(dest.span, copy))
        hint_ko = (
            f" 저장소에 같은 이름의 `{copy}`가 있습니다." if copy else " 그림을 저장소에 넣고 상대 경로로 연결하세요."
        )
        hint_en = f" The repository has `{copy}`." if copy else " Commit the file and link it by a relative path."
        return self.diagnostic(
            dest.span,
            Message(
                f"`{dest.written}`는 {what_ko}라 작성자 컴퓨터에만 있습니다.{hint_ko}",
                f"`{dest.written}` is {what_en}: it exists only on the author's computer.{hint_en}",
            ),
            fix,
        )


def _file_name(dest: Destination) -> str:
    """The last name of the path, percent-decoded — except an encoded separator (``%2F``,
    ``%5C``), which in a file name is literal: the file on disk is called ``a%2Fb.png``."""
    written = _SEPARATORS.split(dest.path.rstrip("/\\"))[-1]
    if not _ENCODED_SEPARATOR.search(written):
        return _SEPARATORS.split(dest.decoded_path.rstrip("/\\"))[-1]
    pieces = _ENCODED_SEPARATOR.split(written)
    separators = _ENCODED_SEPARATOR.findall(written)
    decoded = [dest.decode(piece) for piece in pieces]
    return "".join(d + (separators[i] if i < len(separators) else "") for i, d in enumerate(decoded))


def _committed_copy(dest: Destination, doc: Document, ctx: Context) -> str | None:
    """``./name`` or ``./images/name`` when exactly one file of that name is there."""
    folder = note_folder(doc, ctx)
    if folder is None:
        return None
    name = _file_name(dest)
    listing = ctx.workspace.listing(folder)
    if not name or not listing:
        return None
    found = []
    if name in listing and ctx.workspace.listing(folder / name) is None:
        found.append(name)
    for sub in sorted(listing):
        if sub.lower() in IMAGE_FOLDERS:
            inner = ctx.workspace.listing(folder / sub)
            if inner is not None and name in inner:
                found.append(f"{sub}/{name}")
    if len(found) != 1:
        return None
    return "./" + "/".join(encode_like(part, dest.written) for part in found[0].split("/"))
