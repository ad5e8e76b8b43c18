"""The knowledge base: curated, sourced known errors and the matcher that finds them in prose.

Wrong facts copy themselves from blog to blog into study notes ("HTTPS uses port 433", the TCP state
"LAST_WAIT", "DNS(Domain Name Server)").  The entries live as data in ``rules/knowledge/*.toml`` so a
study member can add one by pull request; this module validates them, guards against regexes that
would hang cscheck, and matches them against prose blocks handed over by the Document model.  It
imports neither ``rules`` nor markdown-it: blocks arrive as ``(start_offset, text)`` pairs with
non-prose characters already blanked.

Entry schema (one ``[[entry]]`` table per entry, nothing else at the top level of a pack)
    ``id`` kebab-case, unique across all packs · ``kind`` ``fact`` (CS501) | ``term`` (CS502) ·
    ``pattern`` Python regex for the wrong text: the span reported and replaced (must not match the
    empty string) · ``context`` optional regex that must match in the same sentence (or, with
    ``context_scope = "block"``, the same block) · ``unless`` optional regex that suppresses a match
    when found in the same sentence · ``replace`` optional ``match.expand()`` template · ``fix`` ``safe``
    | ``unsafe`` | ``display-only`` (required with ``replace``, forbidden without) · ``severity``
    ``error`` | ``warning`` | ``info`` (optional: the rule's default otherwise) · ``guard`` optional bool:
    apply the built-in refutation and quiz guards (default: true for facts, false for terms — a typo
    stays a typo inside a refutation) · ``message`` ``{ko, en}`` · ``source`` non-empty · ``bad`` ≥ 1
    examples that must fire · ``fixed`` the ``bad`` examples after the fix (required, same length, when
    the fix is ``safe`` or ``unsafe``) · ``good`` ≥ 1 examples that must not fire.

Sentences (the unit ``context``, ``unless`` and the guards look at)
    Inside a block, a sentence ends
    - at ``.`` ``?`` ``!`` ``。`` (and their runs, plus closing brackets or quotes) followed by
      whitespace or the end of the line — but not after an abbreviation (``e.g.``, ``etc.``, ``vs.``),
      not at a line-leading enumerator (``1.``, ``가.``), not inside ``1.1`` or ``HTTP/1.1`` (no
      whitespace follows), and not when the next text opens a parenthesis: ``…기다린다. (이 상태가
      …)`` keeps the remark with the sentence it comments on;
    - at a blank line;
    - at every line break, unless the next line clearly continues the line: the next line is not a
      list item, numbered item, table row, heading or fence, the line does not end with ``.?!``, and
      either the line ends with ``,`` or a connective (``및``, ``와``, ``또는``, ``and`` …), or the next line
      is indented deeper, or it opens with a particle or verb ending that cannot start a Korean
      sentence (``으로``, ``를``, ``에서``, ``한다`` …).
    One rule serves paragraphs and prose fences alike: the matcher is not told the block kind, and
    notes write one statement per line in both.  Splitting too often only costs recall (a context on
    the next line is missed); joining too often costs precision, which matters more.

Built-in guards (entries with ``guard = true``, the default for facts)
    - Refutation: a match is skipped when the rest of its sentence, within
      :data:`REFUTATION_WINDOW` characters after it, holds ``아니``, ``않``, ``틀린``, ``틀렸``,
      ``오해``, ``잘못``, or an ``(X)``/``X``/``❌`` marker — notes state a misconception to refute it
      (``…는 DML이 아니라 DDL``) — or when the sentence before the match flags it
      (``오해``, ``잘못``, ``틀린``, ``(X)``, ``❌``).
    - Quiz: a match is skipped when its line, or any line of its block, looks like a quiz or OX
      item (``O/X``, ``OX 퀴즈``, ``정답``, ``보기:``, ``잘못된 것은``, ``틀린 것은``, ``options:``, a
      trailing ``(O)``/``(X)``) — quiz lists hold deliberate distractors.

Catastrophic backtracking
    Loading a pack screens every regex statically (cheap: one parse, no matching) for the shapes
    that can backtrack super-linearly — nested variable quantifiers, a quantified alternation, a
    backreference, a leading unbounded quantifier, or two unbounded quantifiers over overlapping
    characters with nothing disjoint between them.  Only a regex the screen flags is then probed
    for real, in a child Python process with a hard timeout (``re`` holds the GIL, so a thread cannot
    be interrupted): searches over adversarial strings built from the regex's own characters, at
    growing sizes up to 2048 characters.  A search slower than :data:`PROBE_SEARCH_BUDGET` seconds on
    at most 64 characters, or one whose time grew faster than n^2.6 since the previous size, or a
    child that outlives its timeout, rejects the regex; judging growth rather than time alone keeps
    a busy machine from flipping the verdict.  Quadratic patterns pass; cubic and exponential ones
    fail.  The shipped packs contain no flagged regex, so loading them never
    starts a process.  (A bounded repeat up to ``{0,99}`` counts as bounded, but several in a row
    over shared characters multiply: six ``{0,99}`` are as suspicious as nested quantifiers.)

Speed (cscheck runs on every commit)
    - Prefilter: each entry knows literals one of which every match must contain
      (:func:`required_literals`); :func:`find_matches` finds them with ``str.find`` in the
      lower-cased blocks and runs an entry's regex only on the blocks that hold one.  Python's
      ``re`` costs ~150 ns a character on patterns that open with a lookbehind; this skips almost
      all of it.
    - Regexes compile on first use — the shipped ones from code compiled ahead of time for the
      running CPython (:mod:`checker.knowledge.regex_code`), the rest with ``re.compile``.
    - ``load_packs(paths, cache_dir=…)`` remembers, per pack content hash (plus this module's own
      hash and the Python version), that the pack validated and what its literals are; a later run
      skips compiling and screening entirely.  Without a cache the shipped packs load in ~0.1 s,
      with it in ~0.02 s.

Locating the shipped packs
    :func:`builtin_pack_paths` looks for ``rules/knowledge`` next to this package (a checkout or an
    installed wheel: ``checker`` and ``rules`` are sibling top-level packages), and only if that
    folder is missing falls back to ``importlib.resources.files("rules")``, which imports just
    ``rules/__init__``.  The relative lookup keeps ``checker`` from importing ``rules`` at all.
"""

from __future__ import annotations

from checker.knowledge.entry import Entry, KnowledgeBase, KnowledgeError
from checker.knowledge.matcher import (
    KnowledgeEdit,
    KnowledgeMatch,
    apply_replacement,
    check_entry,
    check_pack,
    find_matches,
)
from checker.knowledge.packs import COMPILED_NAME, builtin_pack_paths, compile_packs, load_pack, load_packs
from checker.knowledge.regex_safety import PROBE_SEARCH_BUDGET, needle_in, required_literals, screen_regex
from checker.knowledge.sentences import (
    REFUTATION_WINDOW,
    is_quiz_line,
    is_refuted,
    quiz_section_blocks,
    split_sentences,
)

__all__ = [
    "COMPILED_NAME",
    "PROBE_SEARCH_BUDGET",
    "REFUTATION_WINDOW",
    "Entry",
    "KnowledgeBase",
    "KnowledgeEdit",
    "KnowledgeError",
    "KnowledgeMatch",
    "apply_replacement",
    "builtin_pack_paths",
    "check_entry",
    "check_pack",
    "compile_packs",
    "find_matches",
    "is_quiz_line",
    "is_refuted",
    "load_pack",
    "load_packs",
    "needle_in",
    "quiz_section_blocks",
    "required_literals",
    "screen_regex",
    "split_sentences",
]
