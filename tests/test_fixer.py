"""The fix loop with small stand-in rules, so each behaviour is pinned on its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from checker.config import Config
from checker.diagnostic import Diagnostic, Edit, Fix, Message, Span
from checker.document import Document
from checker.engine import Engine
from checker.fixer import fix_source
from checker.registry import Selection
from checker.rule import Context, Rule
from checker.source import SourceText
from tests.helpers import lint_strictly

TITLE = Message("고침", "fix")


class ReplaceWord(Rule):
    """Replaces every `colour` with `color` (safe)."""

    code = "CS991"
    name = "replace-word"
    summary = Message("", "")

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        at = doc.text.find("colour")
        while at != -1:
            span = Span(at, at + 6)
            yield self.diagnostic(span, TITLE, Fix.safe(TITLE, Edit.replace(span, "color")))
            at = doc.text.find("colour", at + 1)


class WrapBrackets(Rule):
    """Overlaps ReplaceWord: wraps the word starting `colo` in brackets, unsafe."""

    code = "CS992"
    name = "wrap-brackets"
    summary = Message("", "")

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        at = doc.text.find("colo")
        if at != -1 and not doc.text[:at].endswith("["):
            end = at
            while doc.text[end].isalpha():
                end += 1
            span = Span(at, end)
            yield self.diagnostic(span, TITLE, Fix.unsafe(TITLE, Edit.insert(at, "["), Edit.insert(end, "]")))


class NeverSettles(Rule):
    """Appends an `x` forever."""

    code = "CS993"
    name = "never-settles"
    summary = Message("", "")

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        yield self.diagnostic(Span(0, 0), TITLE, Fix.safe(TITLE, Edit.insert(0, "x")))


class ForbidColor(Rule):
    """Reports the word `color`: a fix that writes it introduces a finding."""

    code = "CS994"
    name = "forbid-color"
    summary = Message("", "")

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        at = doc.text.find("color")
        if at != -1 and doc.text[at : at + 6] != "colour":
            yield self.diagnostic(Span(at, at + 5), TITLE)


class DisplayOnly(Rule):
    code = "CS995"
    name = "display-only"
    summary = Message("", "")

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        yield self.diagnostic(Span(0, 1), TITLE, Fix.display_only(TITLE, Edit.replace(Span(0, 1), "Z")))


def _fix(text: str, *rules: type[Rule], unsafe: bool = False) -> tuple[str, list[str], str | None]:
    engine = Engine(
        Selection(tuple(rule() for rule in rules)),
        Config(),
        root=Path.cwd(),
        config_dir=None,
        available=rules,
    )

    def lint(source: SourceText) -> tuple[Document, list[Diagnostic]]:
        doc = engine.parse(source, None)
        return doc, lint_strictly(engine, doc)

    outcome = fix_source(SourceText(text, bom=False), lint, unsafe=unsafe, may_fix_conflicted=engine.may_fix_conflicted)
    return outcome.final.raw, [d.code for d in outcome.applied], outcome.error


def test_safe_fixes_apply_left_to_right() -> None:
    assert _fix("colour and colour\n", ReplaceWord)[:2] == ("color and color\n", ["CS991", "CS991"])


def test_unsafe_fixes_need_opt_in() -> None:
    assert _fix("colour\n", WrapBrackets)[0] == "colour\n"
    assert _fix("colour\n", WrapBrackets, unsafe=True)[0] == "[colour]\n"


def test_overlapping_fixes_settle_over_passes() -> None:
    text, applied, error = _fix("colour\n", WrapBrackets, ReplaceWord, unsafe=True)
    assert error is None
    assert text == "[color]\n"
    assert sorted(applied) == ["CS991", "CS992"]


def test_a_loop_that_never_settles_is_an_error_and_writes_nothing() -> None:
    text, _, error = _fix("a\n", NeverSettles)
    assert text == "a\n"
    assert error is not None and "did not settle" in error and "CS993" in error


def test_fix_that_adds_a_finding_is_held_back() -> None:
    text, applied, _ = _fix("colour\n", ReplaceWord, ForbidColor)
    assert (text, applied) == ("colour\n", [])


def test_display_only_never_applies() -> None:
    assert _fix("abc\n", DisplayOnly)[0] == "abc\n"


def test_in_a_conflicted_file_only_the_conflict_rule_fixes() -> None:
    conflicted = "<<<<<<< HEAD\ncolour\n=======\nx\n>>>>>>> y\n"
    assert _fix(conflicted, ReplaceWord)[0] == conflicted
