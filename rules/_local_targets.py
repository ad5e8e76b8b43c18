"""Shared by CS301 (broken-image) and CS302 (broken-link): the local targets of a note's links or
images, and the finding for one that does not resolve (respelled, missing, a web address, a
path from the root), with the fix when one candidate is clear.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from checker.destination import Destination, Kind, machine_pattern
from checker.diagnostic import Diagnostic, Edit, Fix, Message
from checker.document import Document
from checker.links import (
    ComparisonBudget,
    Resolution,
    State,
    close_names,
    encode_like,
    normalized,
    note_folder,
    relative_display,
    resolve,
    unicode_form,
    walk,
)
from checker.rule import Context, Rule
from checker.views import Link

_DIGITS = re.compile(r"\d+")
# A first segment that reads as a host name: `gompangs.tistory.com/7` written without a scheme.
_WEB_HOST = re.compile(
    r"(?:www\.)?(?:[a-z0-9-]+\.)+(?:com|net|org|io|kr|co|dev|me|app|ai|so|gg|tv|info|blog|page|site|xyz|edu|gov)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Noun:
    ko: str
    en: str


IMAGE = Noun("이미지", "image")
LINK = Noun("링크", "link")


def local_targets(doc: Document, *, images: bool) -> Iterator[tuple[Link, Destination]]:
    """Each local destination once: a reference definition used by several links counts once."""
    seen: set[int] = set()
    for link in doc.links:
        if link.image is not images:
            continue
        dest = link.dest
        if dest.kind is not Kind.LOCAL or dest.start in seen:
            continue
        seen.add(dest.start)
        yield link, dest


def check_local(
    rule: Rule, dest: Destination, doc: Document, ctx: Context, noun: Noun, budget: ComparisonBudget | None = None
) -> Diagnostic | None:
    """The finding for a local destination that does not resolve exactly, if it is this rule's."""
    resolution = resolve(dest, doc, ctx)
    state = resolution.state
    if state in (State.EXACT, State.UNCHECKED, State.GITHUB_PAGE):
        return None
    if state in (State.MISSING, State.OUTSIDE) and machine_pattern(dest.decoded_path):
        return None  # a path on the author's computer: CS304 machine-path
    shown = f"`{dest.written}`"
    if state is State.OUTSIDE:
        return rule.diagnostic(
            dest.span,
            Message(
                f"{noun.ko} 경로 {shown}가 저장소 루트 밖을 가리킵니다: GitHub에서는 열리지 않습니다.",
                f"{noun.en} path {shown} leaves the repository root: it cannot work on GitHub.",
            ),
        )
    if state is State.RESPELLED:
        return _respelled(rule, dest, resolution, noun)
    return _missing(rule, dest, resolution, doc, ctx, noun, budget)


def _respelled(rule: Rule, dest: Destination, resolution: Resolution, noun: Noun) -> Diagnostic:
    reasons_ko: list[str] = []
    reasons_en: list[str] = []
    if resolution.comma:
        reasons_ko.append("`./` 대신 `,/`로 적혀 있습니다")
        reasons_en.append("`,/` is a typo for `./`")
    if resolution.windows:
        reasons_ko.append("Windows 구분자 `\\`를 씁니다(GitHub는 `/`만 경로로 읽습니다)")
        reasons_en.append("it uses Windows `\\` separators (GitHub reads only `/` as a separator)")
    for renamed in resolution.renamed:
        pair = f"`{renamed.written}` ≠ `{renamed.actual}`"
        if renamed.case:
            reasons_ko.append(
                f"디스크의 파일 이름과 대소문자만 다릅니다 ({pair}): macOS·Windows에서는 열리지만 GitHub에서는 깨집니다"
            )
            reasons_en.append(
                f"it differs from the name on disk only in letter case ({pair}): fine on macOS and Windows, "
                "broken on GitHub"
            )
        if renamed.normalization:
            written, actual = unicode_form(renamed.written), unicode_form(renamed.actual)
            reasons_ko.append(
                f"저장소의 파일 이름과 유니코드 정규화가 다릅니다 ({pair}: 링크는 {written}, 파일 이름은 {actual}; "
                "보기에는 같아도 바이트가 다릅니다): GitHub에서는 깨집니다"
            )
            reasons_en.append(
                f"it differs from the file's name in the repository in Unicode normalization ({pair}: the link "
                f"is {written}, the name {actual}; they look the same but are other bytes): broken on GitHub"
            )
    corrected = dest.with_path(resolution.corrected)
    return rule.diagnostic(
        dest.span,
        Message(
            f"{noun.ko} 경로 `{dest.written}`: " + "; ".join(reasons_ko) + f". `{corrected}`는 있습니다.",
            f"{noun.en} path `{dest.written}`: " + "; ".join(reasons_en) + f". `{corrected}` exists.",
        ),
        Fix.safe(Message(f"`{corrected}`로 고치기", f"Replace with `{corrected}`"), Edit.replace(dest.span, corrected)),
    )


def _missing(
    rule: Rule,
    dest: Destination,
    resolution: Resolution,
    doc: Document,
    ctx: Context,
    noun: Noun,
    budget: ComparisonBudget | None = None,
) -> Diagnostic:
    index = resolution.missing_index
    assert index is not None and resolution.missing_folder is not None
    names = [dest.decode(segment) for segment in resolution.segments]
    if resolution.comma:
        names[0] = "."
    missing = names[index]
    last = all(name in ("", ".") for name in names[index + 1 :])
    what_ko = "파일이 없습니다" if last else f"폴더 `{missing}`가 없습니다"
    what_en = "does not exist" if last else f"does not exist: there is no folder `{missing}`"
    extra_ko = extra_en = ""
    if resolution.comma:
        extra_ko, extra_en = (
            " (`,/`는 `./`의 오타로 보이지만 그 경로도 없습니다)",
            " (`,/` looks like `./`, which is missing too)",
        )
    elif resolution.windows:
        extra_ko = " (Windows 구분자 `\\`를 `/`로 바꿔도 없습니다)"
        extra_en = " (it uses Windows `\\` separators, and with `/` it is missing too)"
    corrected = None
    suggestion = _close_name(resolution, names, index, ctx, budget)
    from_root = None if suggestion is not None else _from_root(dest, resolution, names, doc, ctx)
    if suggestion is not None:
        corrected = dest.with_path(resolution.rewritten({index: suggestion}))
        extra_ko += f"; 같은 폴더에 `{suggestion}`가 있습니다"
        extra_en += f"; did you mean `{suggestion}`?"
    elif from_root is not None:
        corrected = dest.with_path(from_root)
        extra_ko += f"; 저장소 루트에서부터 적은 경로로 보입니다: 이 노트에서는 `{corrected}`입니다"
        extra_en += f"; it reads as a path from the repository root: from this note it is `{corrected}`"
    elif _web_address(resolution, names, index):
        corrected = "https://" + dest.written
        extra_ko += f"; `https://`가 빠진 웹 주소로 보입니다 (`{corrected}`)"
        extra_en += f"; it looks like a web address without `https://` (`{corrected}`)"
    fix = None
    if corrected is not None:
        fix = Fix.unsafe(
            Message(f"`{corrected}`로 고치기", f"Replace with `{corrected}`"), Edit.replace(dest.span, corrected)
        )
    return rule.diagnostic(
        dest.span,
        Message(
            f"{noun.ko} 경로 `{dest.written}`: {what_ko}{extra_ko}.",
            f"{noun.en} path `{dest.written}` {what_en}{extra_en}.",
        ),
        fix,
    )


def _web_address(resolution: Resolution, names: list[str], index: int) -> bool:
    """`gompangs.tistory.com/7`, `www.naver.com`: a web address written without `https://`."""
    if resolution.absolute or resolution.windows or index != 0 or not _WEB_HOST.fullmatch(names[0]):
        return False
    return len(names) > 1 or names[0].lower().startswith("www.")


def _close_name(
    resolution: Resolution, names: list[str], index: int, ctx: Context, budget: ComparisonBudget | None = None
) -> str | None:
    """The one name in the folder close to the missing one whose path then resolves exactly.

    Names that differ only in their numbers (``jwt1.png`` / ``jwt2.png``) are different files of a
    series, not typos of each other.
    """
    folder = resolution.missing_folder
    assert folder is not None
    missing = names[index]
    if missing in ("..", "", ",") or resolution.windows:
        return None
    listing = ctx.workspace.listing(folder)
    if not listing or (budget is not None and not budget.take(len(listing))):
        return None
    found = []
    for candidate in close_names(missing, listing):
        if _DIGITS.sub("0", candidate.lower()) == _DIGITS.sub("0", missing.lower()):
            continue
        rest = walk(folder / candidate, names[index + 1 :], ctx)
        if rest.missing_index is None and not rest.renamed:
            found.append(candidate)
    return found[0] if len(found) == 1 else None


def _from_root(dest: Destination, resolution: Resolution, names: list[str], doc: Document, ctx: Context) -> str | None:
    """The path from the note to the target when the author wrote it from the repository root
    without the leading `/` (`01.Network\\hsh\\a.md` in `01.network/hsh/README.md`)."""
    folder = note_folder(doc, ctx)
    if resolution.absolute or folder is None or names[0] in ("..", "."):
        return None
    root = normalized(ctx.root)
    if folder == root:
        return None
    found = walk(root, names, ctx)
    if found.missing_index is not None:
        return None
    written = dest.path
    return "/".join(encode_like(part, written) for part in relative_display(found.folder, folder).split("/"))
