"""Regexes from packs are untrusted: a screen for catastrophic backtracking (with a probe in a
subprocess for the suspicious ones), and the literals every match must contain (a prefilter).
"""

from __future__ import annotations

import functools
import importlib
import json
import re
import sys
from collections.abc import Callable
from typing import Any

PROBE_SEARCH_BUDGET = 0.1
"""Seconds a probe search may take before its growth is judged (see :data:`_PROBE_CODE`)."""


PROBE_TIMEOUT = 4.0
"""Seconds the probing child process may live; outliving it rejects the regex."""


_PROBE_SIZES = (8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 32, 40, 48, 64, 96, 128, 192, 256, 384, 512, 1024, 2048)
_LONG_REPEAT = 100  # a bounded repeat this long is treated like an unbounded one
_STACKED_LIMIT = _LONG_REPEAT**2  # ways to split a run among quantifiers in a row: two long ones
_ALPHABET = frozenset("aAzZ09 _-.,:;()[]/\\\t\n가힣한ㄱ!?'\"<>=+*#@%&")
# Timed in the child's own CPU time (process_time), so the other processes of a loaded machine do not
# count. Judged on growth, not on absolute time alone, so a loaded machine does not flip the verdict: a
# search over the budget is catastrophic when the input is tiny (exponential) or when its time
# grew faster than n^2.6 since the previous size (cubic or worse); a quadratic regex that is
# merely slow on long input stops growing and passes.
_PROBE_CODE = r"""
import json, math, re, sys, time
spec = json.load(sys.stdin)
regex = re.compile(spec["pattern"])
budget = spec["budget"]
def verdict(text_of):
    previous = None
    for size in spec["sizes"]:
        text = text_of(size)
        start = time.process_time()
        regex.search(text)
        took = time.process_time() - start
        if took > budget:
            if size <= 64 or took > 10 * budget:
                return len(text)
            if previous is not None and previous[1] > 0:
                growth = math.log(took / previous[1]) / math.log(size / previous[0])
                if growth > 2.6:
                    return len(text)
            return None
        previous = (size, took)
    return None
for unit in spec["units"]:
    for prefix in spec["prefixes"]:
        for suffix in ("!", "\n", "\x00", ""):
            slow = verdict(lambda size: prefix + unit * max(1, size // len(unit)) + suffix)
            if slow is not None:
                print(json.dumps({"slow": slow}))
                sys.exit(0)
print(json.dumps({"slow": None}))
"""


def sre_parser() -> Any:
    # The regex parser is private (re._parser, formerly sre_parse); typed as Any on purpose.
    for name in ("re._parser", "sre_parse"):
        try:
            return importlib.import_module(name)
        except ImportError:  # pragma: no cover - depends on the Python version
            continue
    return None  # pragma: no cover


@functools.lru_cache(maxsize=1024)
def _parse(pattern: str) -> Any:
    """One parse per regex, shared by the backtracking screen and the literal prefilter."""
    return sre_parser().parse(pattern)


def _op(node: tuple[Any, Any]) -> str:
    # Opcodes are named int constants; their name is what we compare against.
    name: str = node[0].name
    return name


def _nodes(seq: Any) -> list[Any]:
    """The items of a parsed sequence (a SubPattern's list, read without its slow __getitem__)."""
    data = getattr(seq, "data", seq)
    return data if isinstance(data, list) else list(data)


_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}


class _Screen:
    """Static look at a parsed regex for the shapes that backtrack super-linearly."""

    def __init__(self, parser: Any, pattern: str) -> None:
        self.maxrepeat: int = parser.MAXREPEAT
        self.tree = _parse(pattern)

    @functools.cached_property
    def literals(self) -> set[str]:
        """The characters the regex names: what its adversarial probe strings are made of."""
        found: set[str] = set()
        self._collect(self.tree, found)
        return found

    @functools.cached_property
    def alphabet(self) -> frozenset[str]:
        return frozenset(_ALPHABET | self.literals)

    def _collect(self, seq: Any, found: set[str]) -> None:
        for node in _nodes(seq):
            op, av = _op(node), node[1]
            if op == "LITERAL":
                found.add(chr(av))
            elif op == "IN":
                for item in av:
                    if _op(item) == "LITERAL":
                        found.add(chr(item[1]))
                    elif _op(item) == "RANGE":
                        found.add(chr(item[1][0]))
            for child in _children(op, av):
                self._collect(child, found)

    def _long(self, hi: int) -> bool:
        return bool(hi == self.maxrepeat or hi >= _LONG_REPEAT)

    def verdict(self) -> str | None:
        reason = self._nesting(self.tree, inside_loop=False)
        if reason is not None:
            return reason
        first = next((node for node in _nodes(self.tree) if _op(node) not in _ZERO_WIDTH), None)
        if first is not None and _op(first) in _REPEATS and first[1][1] == self.maxrepeat:
            return "it starts with an unbounded quantifier"
        return self._sequences(self.tree)

    def _nesting(self, seq: Any, *, inside_loop: bool) -> str | None:
        for node in _nodes(seq):
            op, av = _op(node), node[1]
            if op == "GROUPREF":
                return "it uses a backreference"
            if op in _REPEATS:
                lo, hi, body = av
                # A fixed count of a body holding a long quantifier is that many copies in a row:
                # (.*,){11}P backtracks like .*,.*,…,.*,P — C(n, 11) ways over n commas.
                loop = hi > 1 and (hi != lo or self._has_long_repeat(body)) and op != "POSSESSIVE_REPEAT"
                if loop and inside_loop:
                    return "nested quantifiers"
                if loop and _has_branch(body):
                    return "a quantified alternation"
                reason = self._nesting(body, inside_loop=inside_loop or loop)
            else:
                # A lookaround is atomic: its quantifiers cannot multiply an enclosing loop's.
                inner = inside_loop and op not in ("ASSERT", "ASSERT_NOT")
                reason = None
                for child in _children(op, av):
                    reason = reason or self._nesting(child, inside_loop=inner)
            if reason is not None:
                return reason
        return None

    def _has_long_repeat(self, seq: Any) -> bool:
        for node in _nodes(seq):
            op, av = _op(node), node[1]
            if op in _REPEATS and self._long(av[1]):
                return True
            if op not in ("ASSERT", "ASSERT_NOT") and any(self._has_long_repeat(c) for c in _children(op, av)):
                return True
        return False

    def _spread(self, node: tuple[Any, Any]) -> int:
        """How many lengths a quantifier can take (a long one counts as :data:`_LONG_REPEAT`)."""
        lo, hi = node[1][0], node[1][1]
        return max(1, min(hi, lo + _LONG_REPEAT) - lo + 1) if not self._long(hi) else _LONG_REPEAT

    def _sequences(self, seq: Any) -> str | None:
        """Quantifiers in a row over characters they share: the engine tries every way to split a
        run of those characters among them, the product of their spreads at each position.
        Two long ones (``[a-z]+[a-z]+``) reach :data:`_STACKED_LIMIT`; so do six ``{0,99}``
        (``x[a-z]{0,99}…[a-z]{0,99}y``: 8 s on 101 characters), each of them bounded."""
        nodes = [node for node in _nodes(seq) if _op(node) != "AT"]
        for i, node in enumerate(nodes):
            if _op(node) in _REPEATS and self._spread(node) > 1:
                chars = self._chars([node])
                product, longs = self._spread(node), int(self._long(node[1][1]))
                for later in nodes[i + 1 :]:
                    later_chars = self._chars([later])
                    if _op(later) in _REPEATS and chars & later_chars:
                        product *= self._spread(later)
                        longs += self._long(later[1][1])
                        if product >= _STACKED_LIMIT:
                            if longs >= 2:
                                return "two long quantifiers over overlapping characters"
                            return "stacked quantifiers over overlapping characters"
                    if _min_width(later) > 0 and not (later_chars & chars):
                        break
                    chars = chars & later_chars if _min_width(later) > 0 else chars
                    if not chars:
                        break
        for node in nodes:
            for child in _children(_op(node), node[1]):
                reason = self._sequences(child)
                if reason is not None:
                    return reason
        return None

    def _chars(self, seq: Any) -> frozenset[str]:
        result: set[str] = set()
        for node in _nodes(seq):
            op, av = _op(node), node[1]
            if op in _ZERO_WIDTH:
                continue
            if op == "LITERAL":
                result.add(chr(av))
            elif op == "NOT_LITERAL":
                result |= self.alphabet - {chr(av)}
            elif op == "ANY":
                result |= self.alphabet - {"\n"}
            elif op == "IN":
                result |= {ch for ch in self.alphabet if _in_class(av, ch)}
            elif op in _REPEATS:
                result |= self._chars(av[2])
            else:
                children = _children(op, av)
                if not children:
                    result |= self.alphabet
                for child in children:
                    result |= self._chars(child)
        return frozenset(result)


def _children(op: str, av: Any) -> list[Any]:
    if op in _REPEATS:
        return [av[2]]
    if op == "SUBPATTERN":
        return [av[3]]
    if op == "BRANCH":
        return list(av[1])
    if op in ("ASSERT", "ASSERT_NOT"):
        return [av[1]]
    if op == "ATOMIC_GROUP":
        return [av]
    if op == "GROUPREF_EXISTS":
        return [branch for branch in av[1:] if branch is not None]
    return []


def _has_branch(seq: Any) -> bool:
    """Whether a loop body alternates (lookarounds excluded: they do not backtrack into the loop)."""
    for node in _nodes(seq):
        op, av = _op(node), node[1]
        if op in ("ASSERT", "ASSERT_NOT"):
            continue
        if op == "BRANCH" or any(_has_branch(child) for child in _children(op, av)):
            return True
    return False


def _min_width(node: tuple[Any, Any]) -> int:
    op, av = _op(node), node[1]
    if op in _ZERO_WIDTH:
        return 0
    if op in _REPEATS:
        return int(av[0]) * min(1, sum(_min_width(child) for child in _nodes(av[2])))
    if op == "BRANCH":
        return min(sum(_min_width(child) for child in _nodes(alt)) for alt in av[1])
    if op == "SUBPATTERN":
        return sum(_min_width(child) for child in _nodes(av[3]))
    return 1


_CATEGORIES: dict[str, Callable[[str], bool]] = {
    "CATEGORY_DIGIT": str.isdigit,
    "CATEGORY_NOT_DIGIT": lambda ch: not ch.isdigit(),
    "CATEGORY_SPACE": str.isspace,
    "CATEGORY_NOT_SPACE": lambda ch: not ch.isspace(),
    "CATEGORY_WORD": lambda ch: ch.isalnum() or ch == "_",
    "CATEGORY_NOT_WORD": lambda ch: not (ch.isalnum() or ch == "_"),
}


def _in_class(items: Any, ch: str) -> bool:
    negate = False
    hit = False
    for item in items:
        op, av = _op(item), item[1]
        if op == "NEGATE":
            negate = True
        elif op == "LITERAL":
            hit = hit or chr(av) == ch
        elif op == "RANGE":
            hit = hit or av[0] <= ord(ch) <= av[1]
        elif op == "CATEGORY":
            test = _CATEGORIES.get(str(av).replace("_UNI_", "_").replace("_LOC_", "_"))
            hit = hit or (test(ch) if test is not None else True)
        else:
            hit = True
    return hit != negate


_screen_cache: dict[str, str | None] = {}


def screen_regex(pattern: str) -> str | None:
    """Why *pattern* may backtrack catastrophically, or None when it is safe to run on any text."""
    if pattern in _screen_cache:
        return _screen_cache[pattern]
    parser = sre_parser()
    verdict: str | None = None
    if parser is not None:
        screen = _Screen(parser, pattern)
        suspicion = screen.verdict()
        if suspicion is not None:
            verdict = _probe(pattern, screen, suspicion)
    _screen_cache[pattern] = verdict
    return verdict


def _probe(pattern: str, screen: _Screen, suspicion: str) -> str | None:
    literal_runs = [run for run in re.findall(r"[^\\()\[\]{}|*+?.^$]{2,8}", pattern)][:6]
    units = sorted(screen.literals | {"a", "0", " ", "가"})[:24] + literal_runs
    leading = re.match(r"[^\\()\[\]{}|*+?.^$]+", pattern)
    prefixes = [""] + ([leading.group()] if leading else [])
    spec = {
        "pattern": pattern,
        "units": units,
        "prefixes": prefixes,
        "sizes": list(_PROBE_SIZES),
        "budget": PROBE_SEARCH_BUDGET,
    }
    import subprocess  # noqa: PLC0415 — only a new pack with a suspicious regex is probed

    try:
        done = subprocess.run(
            [sys.executable, "-I", "-S", "-c", _PROBE_CODE],
            input=json.dumps(spec),
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"{suspicion}; a probe search did not finish in {PROBE_TIMEOUT:g} s"
    except OSError:  # pragma: no cover - cannot start a child: trust the static screen
        return f"{suspicion}; the probe could not run"
    if done.returncode != 0:  # pragma: no cover - the child crashed
        return f"{suspicion}; the probe failed"
    slow = json.loads(done.stdout.strip().splitlines()[-1]).get("slow")
    if slow is not None:
        return f"{suspicion}; a search over {slow} characters took more than {PROBE_SEARCH_BUDGET * 1000:g} ms"
    return None


_MAX_NEEDLES = 48


def as_written(needle: str) -> bool:
    """Whether *needle* (from :func:`required_literals`) is looked for as written: one with a
    capital letter is; any other is looked for in the lower-cased text, which also admits a literal
    the pattern wants in lower case (a wider screen, never a narrower one)."""
    return needle != needle.lower()


def needle_in(needle: str, text: str, lowered: str) -> bool:
    """Whether *needle* is in *text* (*lowered*: ``text.lower()``), as :func:`as_written` says."""
    return needle in (text if as_written(needle) else lowered)


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Strings one of which occurs in every match of *pattern*, or None if unknown.

    Python's ``re`` tries every position of the text when a pattern starts with a lookbehind or a
    class, which costs ~150 ns a character; ``str.__contains__`` on a few needles is ~100x faster, so
    a block that holds none of them is skipped without running the regex at all.

    A literal the pattern matches in any case is lower-cased; one it matches only as written keeps
    its case, so ``ACK\\(`` asks for ``ACK`` and not for the ``ack`` of every "stack" and "back"
    (see :func:`needle_in`).
    """
    parser = sre_parser()
    if parser is None:  # pragma: no cover
        return None
    try:
        tree = _parse(pattern)
    except re.error:  # pragma: no cover - validated before
        return None
    needles = _required(_nodes(tree), bool(tree.state.flags & re.IGNORECASE))
    if not needles or any(not needle for needle in needles):
        return None
    return tuple(sorted(needles))


def _required(seq: list[Any], ignore_case: bool) -> set[str] | None:
    """The best requirement of a sequence: its longest run of literal text or the best single item.

    A run goes on through small finite parts — an optional character, a class of a few characters,
    a group of literal alternatives — as the strings it can be (``ACK ?[(:]`` is ``ACK(``, ``ACK:``,
    ``ACK (`` or ``ACK :``), so a needle can hold the punctuation around a word and not only the word.
    """
    best: set[str] | None = None

    def consider(candidate: set[str] | None) -> None:
        nonlocal best
        if not candidate or len(candidate) > _MAX_NEEDLES or "" in candidate:
            return
        if best is None or min(map(len, candidate)) > min(map(len, best)):
            best = candidate

    run: _Strings = {("", False)}
    for node in seq:
        finite = _finite(node, ignore_case)
        if finite is not None:
            joined = _product(run, finite)
            if joined is not None:
                run = joined
                continue
        consider(_folded(run))
        run = finite if finite is not None else {("", False)}
        op, av = _op(node), node[1]
        if op == "SUBPATTERN":
            _group, added, removed, inner = av
            consider(_required(_nodes(inner), _scoped(ignore_case, added, removed)))
        elif op == "BRANCH":
            alternatives = [_required(_nodes(alt), ignore_case) for alt in av[1]]
            if all(alternatives):
                consider(set().union(*(alt for alt in alternatives if alt)))
        elif op in _REPEATS and av[0] >= 1:
            consider(_required(_nodes(av[2]), ignore_case))
    consider(_folded(run))
    return best


# The strings a part of a regex can match, each with whether it holds a letter matched in any case
# (such a string is searched lower-cased, and so is every string joined with it: see needle_in).
_Strings = set[tuple[str, bool]]


def _scoped(ignore_case: bool, added: int, removed: int) -> bool:
    return (ignore_case or bool(added & re.IGNORECASE)) and not removed & re.IGNORECASE


def _folded(strings: _Strings) -> set[str]:
    return {text.lower() if folded else text for text, folded in strings}


def _product(left: _Strings, right: _Strings) -> _Strings | None:
    if len(left) * len(right) > _MAX_NEEDLES:
        return None
    return {(a + b, fa or fb) for a, fa in left for b, fb in right}


def _finite(node: Any, ignore_case: bool) -> _Strings | None:
    """Every string *node* can match, when they are few and known (else None)."""
    op, av = _op(node), node[1]
    if op == "LITERAL":
        char = chr(av)
        return {(char, ignore_case and char.lower() != char.upper())}
    if op == "IN":
        if len(av) > 4 or not all(_op(item) == "LITERAL" for item in av):
            return None
        return {pair for item in av for pair in _finite(item, ignore_case) or ()}
    if op in _REPEATS and av[0] == 0 and av[1] == 1:
        inner = _finite_sequence(_nodes(av[2]), ignore_case)
        return inner | {("", False)} if inner is not None else None
    if op == "SUBPATTERN":
        _group, added, removed, inner_nodes = av
        return _finite_sequence(_nodes(inner_nodes), _scoped(ignore_case, added, removed))
    if op == "BRANCH":
        alternatives = [_finite_sequence(_nodes(alt), ignore_case) for alt in av[1]]
        found: _Strings = set()
        for alternative in alternatives:
            if alternative is None:
                return None
            found |= alternative
        return found if len(found) <= _MAX_NEEDLES else None
    return None


def _finite_sequence(nodes: list[Any], ignore_case: bool) -> _Strings | None:
    strings: _Strings = {("", False)}
    for node in nodes:
        part = _finite(node, ignore_case)
        joined = _product(strings, part) if part is not None else None
        if joined is None:
            return None
        strings = joined
    return strings
