"""Shared by CS401-CS403 (the anchor rules): which links carry a fragment into this note or
another, and the finding for one that matches no anchor, with the closest anchors as hint or fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checker.destination import Destination, Kind
from checker.diagnostic import Diagnostic, Edit, Fix, Message
from checker.document import Document
from checker.links import (
    AnchorSource,
    Candidate,
    ComparisonBudget,
    State,
    anchor_names,
    closest_anchors,
    encode_fragment,
    is_markdown,
    resolve,
)
from checker.rule import Context, Rule
from checker.slug import slug
from checker.views import Link

FIX_RATIO = 0.8  # the best candidate's SequenceMatcher ratio, at least
FIX_LEAD = 0.1  # ahead of the runner-up by at least this much
SHOWN_RATIO = 0.5  # candidates named in the message
SHOWN = 3
_INVISIBLE = frozenset("\ufe0f\u200d\u200b\u200c\u00ad\u2060")


@dataclass(frozen=True, slots=True)
class FragmentLink:
    link: Link
    dest: Destination
    fragment: str  # decoded
    target: AnchorSource  # where the fragment is looked up
    same_file: bool


def fragment_links(doc: Document, ctx: Context, *, same_file: bool) -> Iterator[FragmentLink]:
    """Links (not images) with a fragment: ``#x`` in this file, or ``other.md#x`` into another
    Markdown file that exists (a missing file is CS302's finding, not an anchor problem)."""
    seen: set[int] = set()
    for link in doc.links:
        if link.image:
            continue
        dest = link.dest
        fragment = dest.fragment
        if fragment is None or dest.start in seen:
            continue
        seen.add(dest.start)
        if same_file and dest.kind is Kind.FRAGMENT:
            yield FragmentLink(link, dest, fragment, doc, True)
        elif not same_file and dest.kind is Kind.LOCAL:
            resolution = resolve(dest, doc, ctx)
            path = resolution.path
            if resolution.state not in (State.EXACT, State.RESPELLED) or path is None or not is_markdown(path):
                continue
            if ctx.workspace.listing(path) is not None:  # a folder named like a note
                continue
            target = ctx.workspace.note(path)
            if target is not None:
                yield FragmentLink(link, dest, fragment, target, False)


def own_heading(item: FragmentLink, doc: Document) -> str | None:
    """The slug of the heading that holds the link, when the link is in a heading of its target."""
    if not item.same_file or item.link.heading is None:
        return None
    return doc.headings[item.link.heading].slug


def suggestion(ranked: list[Candidate], exclude: str | None) -> str | None:
    """The candidate a fix may use: clearly the closest, close enough, and not ``exclude``."""
    if not ranked:
        return None
    best = ranked[0]
    runner_up = ranked[1].ratio if len(ranked) > 1 else 0.0
    if best.ratio >= FIX_RATIO and best.ratio - runner_up >= FIX_LEAD and best.name != exclude:
        return best.name
    return None


def missing_anchor(
    rule: Rule, item: FragmentLink, doc: Document, where: tuple[str, str], budget: ComparisonBudget | None = None
) -> Diagnostic:
    """The finding for a fragment that matches nothing in ``item.target``."""
    if budget is not None and not budget.take(len(anchor_names(item.target))):
        return rule.diagnostic(
            item.dest.span,
            Message(
                f"{where[0]}에 `#{item.fragment}` 앵커(제목이나 `<a name>`)가 없습니다. "
                "이 파일에는 깨진 앵커가 너무 많아 가까운 앵커는 찾지 않았습니다.",
                f"no heading or anchor in {where[1]} has the id `#{item.fragment}`. "
                "(Too many broken anchors in this file to look for the closest.)",
            ),
        )
    ranked = closest_anchors(item.target, item.fragment)
    own = own_heading(item, doc)
    shown = [c for c in ranked[:SHOWN] if c.ratio >= SHOWN_RATIO]
    names_ko = ", ".join(f"`#{c.name}`" + (" (이 링크가 든 제목)" if c.name == own else "") for c in shown)
    names_en = ", ".join(f"`#{c.name}`" + (" (the heading holding this link)" if c.name == own else "") for c in shown)
    if shown:
        near_ko, near_en = f" 가까운 앵커: {names_ko}.", f" Closest: {names_en}."
    elif not ranked:
        near_ko, near_en = " 이 파일에는 제목이 하나도 없습니다.", " The file has no headings at all."
    else:
        near_ko, near_en = " 비슷한 앵커도 없습니다.", " No anchor comes close."
    hint_ko, hint_en = _hint(item.fragment, ranked)
    near_ko, near_en = hint_ko + near_ko, hint_en + near_en
    fix = None
    chosen = suggestion(ranked, own)
    span = item.dest.fragment_span
    if chosen is not None and span is not None:
        fix = Fix.unsafe(
            Message(f"`#{chosen}`로 고치기", f"Replace with `#{chosen}`"),
            Edit.replace(span, encode_fragment(chosen)),
        )
    return rule.diagnostic(
        item.dest.span,
        Message(
            f"{where[0]}에 `#{item.fragment}` 앵커(제목이나 `<a name>`)가 없습니다.{near_ko}",
            f"no heading or anchor in {where[1]} has the id `#{item.fragment}`.{near_en}",
        ),
        fix,
    )


def _hint(fragment: str, ranked: list[Candidate]) -> tuple[str, str]:
    """Why the closest anchor differs, when that is the point: GitHub's slug rules or an
    invisible character the heading's anchor keeps (U+FE0F after an emoji)."""
    if not ranked:
        return "", ""
    best = ranked[0].name
    wanted = fragment.removeprefix("user-content-")
    if slug(wanted) == best:
        return (
            f" GitHub은 제목 글자 `{wanted}`를 앵커 `#{best}`로 만듭니다"
            "(소문자, 공백은 `-`, 문장부호와 이모지는 삭제).",
            f" GitHub turns the heading text `{wanted}` into the anchor `#{best}` (lower case, spaces as `-`,"
            " punctuation and emoji dropped).",
        )
    invisible = sorted({f"U+{ord(c):04X}" for c in best if c in _INVISIBLE} - {f"U+{ord(c):04X}" for c in wanted})
    if invisible and "".join(c for c in best if c not in _INVISIBLE) == slug(wanted):
        codes = ", ".join(invisible)
        return (
            f" 제목의 앵커 `#{best}`에는 보이지 않는 문자({codes}, 이모지 뒤의 변형 선택자 등)가 들어 있습니다.",
            f" The heading's anchor `#{best}` holds an invisible character ({codes}, such as the variation"
            " selector after an emoji).",
        )
    return "", ""
