"""Build rules/knowledge/tables/technical-words.txt: the technical words notes use, with counts.

    python scripts/build_technical_words.py            # needs ../shared/corpus-train and corpus-dev

CS502's near-miss check (``checker/spelling.py``) flags a prose word that is neither an English
word (pyspellchecker's list, the `spelling` extra, read here: the table keeps the English words
one edit from a target, so a run needs neither the package nor its 0.5 s list) nor listed here,
and is one edit away from a *target*. A target is a
word the notes of at least three repositories use ten times or more in prose (code fences, inline
code and link destinations dropped); a *known* word is one that is not English but that two
repositories or more use (``adaptee``, ``pthread``, ``destructuring``): a word common across
authors is a word, not a typo. Neither list keeps a non-English word one edit away from a target
five times as frequent, nor one that codespell's list of common misspellings corrects to the
target it is one edit from (``commited``, ``seperate``): a misspelling that notes copy stays a
misspelling. The repositories held back for the benchmark
(bench/knowledge/heldback.toml) are not read. Words of six letters or more only: shorter words
are too close to each other for a one-edit check to mean anything.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.spelling import best_target, edits1  # noqa: E402

SHARED = ROOT.parent / "shared"
OUT = ROOT / "rules" / "knowledge" / "tables" / "technical-words.txt"
# Established technical words the English list lacks, seen in the mined notes (GoF Adaptee, POSIX
# pthread, C struct, Java finalizer, Spring Initializr, scrypt (RFC 7914), git reflog, IEEE 754
# significand), one blog's name the notes cite, and a British spelling codespell corrects.
EXTRA_KNOWN = (
    "adaptee",
    "pthread",
    "struct",
    "finalizer",
    "modulo",
    "initializr",
    "initializer",
    "scrypt",
    "reflog",
    "significand",
    "gyoogle",
    "despatch",
)
_WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z]{6,20}(?![A-Za-z0-9_])")


def english_words() -> frozenset[str]:
    """pyspellchecker's English words (MIT; the `spelling` extra), read from its package data."""
    data = resources.files("spellchecker") / "resources" / "en.json.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        return frozenset(json.load(handle))


def codespell_corrections() -> dict[str, set[str]]:
    """codespell's list of common misspellings (``dictionary.txt``, derived from Wikipedia's list,
    CC BY-SA 3.0; the `spelling` extra), misspelling -> corrections. Read here only, never shipped:
    it decides which words of the corpora or of the English list are misspellings, not words."""
    data = resources.files("codespell_lib") / "data" / "dictionary.txt"
    corrections: dict[str, set[str]] = {}
    for line in data.read_text(encoding="utf-8").splitlines():
        wrong, _, right = line.partition("->")
        corrections[wrong.lower()] = {word.strip().lower() for word in right.split(",") if word.strip()}
    return corrections


def copied_misspellings(words: Iterable[str], targets: dict[str, int], corrections: dict[str, set[str]]) -> set[str]:
    """The *words* codespell calls misspellings of the very target CS502 would suggest (``commited``,
    ``hierachy``, ``dependancy``): notes that copy them do not make them words, nor does a subtitle
    list. A word codespell corrects to something else (``adaptee`` to "adapted") stays a word."""
    return {
        word
        for word in words
        if word in corrections and word not in EXTRA_KNOWN and best_target(word, targets, targets) in corrections[word]
    }


def english_near(targets: Iterable[str], english: frozenset[str]) -> set[str]:
    """The English words one edit from a target: the only ones the check needs to tell apart from
    a misspelling, so a run reads these few thousand instead of the whole English list."""
    return {variant for target in targets for variant in edits1(target) if variant in english}


def camel_form(word: str, written: Counter[str]) -> str:
    """A fourth column for a word notes mostly write with a capital inside (JavaScript,
    PostgreSQL, setTimeout): a misspelling written so is compared with such words only."""
    form = written.most_common(1)[0][0] if written else word
    return f"\t{form}" if any(c.isupper() for c in form[1:]) and not form.isupper() else ""


def prose(text: str) -> str:
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"`[^`\n]*`", " ", text)
    return re.sub(r"\]\([^)]*\)|https?://\S+|<[^>]*>", " ", text)


def main() -> int:
    heldback = set(tomllib.loads((ROOT / "bench" / "knowledge" / "heldback.toml").read_text())["heldback"])
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = defaultdict(Counter)  # how each word is written
    repos: dict[str, set[str]] = defaultdict(set)
    for corpus in ("corpus-train", "corpus-dev"):
        for repo in sorted(p for p in (SHARED / corpus).iterdir() if p.is_dir()):
            if repo.name in heldback or repo.name.startswith("_"):
                continue
            for path in repo.rglob("*.md"):
                for word in _WORD.findall(prose(path.read_text(encoding="utf-8", errors="replace"))):
                    if word.isupper():
                        continue
                    lower = word.lower()
                    counts[lower] += 1
                    forms[lower][word] += 1
                    repos[lower].add(repo.name)
    # Targets: words a near miss may be corrected to. Known: words never reported (used in two
    # repositories or more), both less the misspellings that notes copy.
    common = {w: c for w, c in counts.items() if c >= 10 and len(repos[w]) >= 3}
    english = english_words()

    def copied_misspelling(word: str) -> bool:
        return word not in english and any(common.get(e, 0) >= 5 * counts[word] for e in edits1(word) if e != word)

    targets = {w for w in common if not copied_misspelling(w)}
    known = {w for w in counts if len(repos[w]) >= 2 and w not in english and not copied_misspelling(w)}
    known |= set(EXTRA_KNOWN)
    corrections = codespell_corrections()
    counted = {w: counts[w] for w in targets}
    targets -= copied_misspellings(targets, counted, corrections)
    known -= copied_misspellings(known, {w: counts[w] for w in targets}, corrections)
    listed = targets | known
    lines = [
        f"{w}\t{counts.get(w, 0)}\t{'target' if w in targets else 'known'}" + camel_form(w, forms[w])
        for w in sorted(listed)
    ]
    near = english_near(targets, english) - listed
    near -= copied_misspellings(near, {w: counts[w] for w in targets}, corrections)
    lines += [f"{w}\t0\tenglish" for w in sorted(near)]
    header = (
        "# Technical words of Korean CS study notes and their counts: built by scripts/build_technical_words.py\n"
        "# from ../shared (held-back repositories excluded); read by checker/spelling.py. Then, as `english`,\n"
        "# the words of pyspellchecker's English list (MIT) one edit from a target. No word codespell's\n"
        "# list of misspellings (read at build time) corrects to the target it is one edit from.\n"
    )
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    more = len(listed) - len(targets)
    print(f"{len(targets)} targets, {more} more known words, {len(near)} English words -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
