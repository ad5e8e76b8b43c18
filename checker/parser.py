"""The one markdown-it configuration: GitHub's flavour, the nesting limit, and position recording.

Every parse of a note goes through :func:`build_parser`; the recording plugins put each inline
construct's source span on its token, so views never re-derive positions. Also the prose-fence
languages (the one list) and the fences of a text, which conflict scanning needs before a
document exists.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.helpers import parseLinkDestination, parseLinkLabel
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_inline.state_inline import StateInline
from markdown_it.token import Token

from checker.source import LineIndex

# Info strings that mark a fence as prose: these notes keep their answers in plain fences. The one
# list: rules, the Q&A model and scripts ask :func:`fence_language` / :func:`is_prose_fence`.
PROSE_FENCE_LANGUAGES = frozenset({"", "text", "txt", "plain", "plaintext", "md", "markdown"})


def fence_language(info: str) -> str:
    """A fence's language: the first word of its info string, lowercased (``""`` for none)."""
    words = info.split()
    return words[0].lower() if words else ""


def is_prose_fence(info: str) -> bool:
    """Whether a fence with this info string holds prose (an answer), not code."""
    return fence_language(info) in PROSE_FENCE_LANGUAGES


SPAN_KEY = "cscheck_span"  # token.meta key: (start, end) of the construct in the inline source
DEFINITIONS_KEY = "cscheck_definitions"  # env key: reference definitions as they are parsed


def _recording_inline_rule(
    rule: Callable[[StateInline, bool], bool], token_types: frozenset[str]
) -> Callable[[StateInline, bool], bool]:
    """Wrap an inline rule so the token it creates remembers where it starts and ends."""

    def recorded(state: StateInline, silent: bool) -> bool:
        start, first = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent:
            for token in state.tokens[first:]:
                if token.type in token_types:
                    token.meta[SPAN_KEY] = (start, state.pos)
                    break
        return True

    return recorded


def _recording_reference_rule(
    rule: Callable[[StateBlock, int, int, bool], bool],
) -> Callable[[StateBlock, int, int, bool], bool]:
    """Wrap the block rule for ``[label]: destination`` so definitions keep their position."""

    def recorded(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if not rule(state, start_line, end_line, silent):
            return False
        if not silent:
            offset = state.bMarks[start_line] + state.tShift[start_line]
            state.env.setdefault(DEFINITIONS_KEY, []).append(offset)
        return True

    return recorded


class _Parser(MarkdownIt):
    """GitHub's parser reads ``[x](file:///C:/a.png)`` as a link and only its sanitizer drops the
    URL; markdown-it refuses such schemes while parsing. cscheck renders nothing, so it accepts
    every destination and sees the links GitHub sees."""

    def validateLink(self, url: str) -> bool:  # noqa: N802 — markdown-it's name
        return True


# markdown-it stops reading a container nested deeper than this (each quote is one level, each list
# two: list and item) and skips its content; its recursion is bounded by it (about four frames per
# level). The preset's 20 skipped the items of a tenth nested list, which GitHub renders; 50 keeps
# every real note whole while the deepest recursion (nested link labels) stays near 220 frames.
MAX_NESTING = 50


@cache
def build_parser() -> MarkdownIt:
    """The parser every part of cscheck uses (DESIGN.md: CommonMark + HTML + tables + ~~)."""
    md = _Parser("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
    inline_rules: dict[str, frozenset[str]] = {
        "link": frozenset({"link_open"}),
        "image": frozenset({"image"}),
        "autolink": frozenset({"link_open"}),
        "html_inline": frozenset({"html_inline"}),
        "backticks": frozenset({"code_inline"}),
    }
    for name, types in inline_rules.items():
        original = md.inline.ruler.__rules__[md.inline.ruler.__find__(name)].fn
        md.inline.ruler.at(name, _recording_inline_rule(original, types))
    reference = md.block.ruler.__rules__[md.block.ruler.__find__("reference")]
    md.block.ruler.at("reference", _recording_reference_rule(reference.fn), {"alt": list(reference.alt)})
    return md


def fence_ranges(text: str) -> list[tuple[int, int, str]]:
    """(open line, close line, info) of every closed fence in ``text``, 0-based lines."""
    lines = LineIndex(text)
    ranges = []
    for token in build_parser().parse(text):
        if token.type == "fence" and token.map and fence_closed(text, lines, token):
            ranges.append((token.map[0], token.map[1] - 1, token.info))
    return ranges


def fence_closed(text: str, lines: LineIndex, token: Token) -> bool:
    """markdown-it runs an unclosed fence to the end of its container; tell the two apart."""
    assert token.map is not None
    first, end = token.map
    if end - first < 2:
        return False
    last = text[lines.line_start(end - 1) : lines.line_end(end - 1)]
    closing = last.strip().lstrip(">").strip()
    marker = token.markup[0]
    return closing.count(marker) == len(closing) >= len(token.markup)


def rendered_text(children: Sequence[Token]) -> str:
    """The text content GitHub renders for inline tokens: what it slugs a heading from."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def link_text(children: Sequence[Token], open_index: int) -> str:
    """The rendered text between a link_open and its link_close."""
    depth = 0
    end = open_index + 1
    while end < len(children):
        kind = children[end].type
        if kind == "link_close" and depth == 0:
            break
        depth += (kind == "link_open") - (kind == "link_close")
        end += 1
    return rendered_text(children[open_index + 1 : end])


def locate_destination(state: StateInline, start: int, end: int, image: bool) -> tuple[int, int, bool] | str:
    """Mirror markdown-it's link rule: (destination start, end, angle) or a reference label."""
    src = state.src
    label_open = start + 1 if image else start
    state.pos, state.posMax = label_open, end
    label_end = parseLinkLabel(state, label_open, not image)
    state.pos, state.posMax = 0, len(src)
    pos = label_end + 1
    if label_end >= 0 and pos < end and src[pos] == "(":
        pos += 1
        while pos < end and src[pos] in " \t\n":
            pos += 1
        result = parseLinkDestination(src, pos, end)
        if result.ok:
            angle = src[pos] == "<"
            after = result.pos
            close = after
            while close < end and src[close] in " \t\n":
                close += 1
            if close < end and (src[close] == ")" or src[close] in "\"'("):
                return (pos + 1, after - 1, True) if angle else (pos, after, False)
    # Reference: [text][label], [label][] or [label]
    label = src[label_open + 1 : label_end] if label_end >= 0 else ""
    if pos < end and src[pos] == "[":
        close = src.find("]", pos)
        if close != -1 and close > pos + 1:
            label = src[pos + 1 : close]
    return normalizeReference(label)
