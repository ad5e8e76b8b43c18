"""The knowledge base's benchmark: recall and precision of CS501/CS502 on hand-checked real notes.

    python bench/knowledge/run.py                  # every listed file (needs ../shared)
    python bench/knowledge/run.py --limit 20       # the first 20 files only (a smoke run)
    python bench/knowledge/run.py --check-data     # only parse and validate the data files

``items.toml`` lists wrong statements found in ``../shared/corpus-train`` and ``corpus-dev`` and
checked by hand (file, line, the short wrong phrase, class, topic, what is right, a source) and
``[[true]]`` statements that look like errors.  ``heldback.toml`` names the corpus-train
repositories that were never mined for knowledge entries; their figures are printed apart.

cscheck runs once, as a user would: ``cscheck check --no-cache --select CS5 --output-format json``
over the listed files.  An item is *found* when a CS5xx finding is on its line.  Every finding on
a listed file is judged: on an item's line it is a true positive, on a ``[[true]]`` line a false
positive, anywhere else *unjudged* — counted as a false positive too (precision is a lower
bound) and listed, so it can be read and added to the data.  A finding's class is its code
(CS501 fact, CS502 term); its topic is that of the line's item.

It is a benchmark, not a test: nothing here asserts a figure.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CLASSES = ("fact", "term")
TOPICS = ("network", "web/HTTP", "security/TLS/auth", "OS", "databases", "data structures", "Java/JS")
CODE_CLASS = {"CS501": "fact", "CS502": "term"}
# How an item was found: by cscheck itself (then read and confirmed), by an edit-distance survey of
# the corpus's English words, by searching the notes, by a copy survey, or by reading notes whole.
# Recall is fair on word-survey, search and read.
FOUND_BY = ("cscheck", "word-survey", "search", "copy-survey", "read")


@dataclass(frozen=True)
class Item:
    file: str
    line: int
    phrase: str
    cls: str
    topic: str
    right: str
    source: str
    found_by: str


@dataclass(frozen=True)
class TrueLine:
    file: str
    line: int
    phrase: str
    topic: str
    note: str


def load_data(folder: Path = HERE) -> tuple[list[Item], list[TrueLine], list[str]]:
    """The items, the true look-alikes and the held-back repositories; ValueError when malformed."""
    data = tomllib.loads((folder / "items.toml").read_text(encoding="utf-8"))
    heldback = tomllib.loads((folder / "heldback.toml").read_text(encoding="utf-8"))["heldback"]
    items = [
        Item(i["file"], i["line"], i["phrase"], i["class"], i["topic"], i["right"], i["source"], i["found_by"])
        for i in data.get("item", [])
    ]
    trues = [TrueLine(t["file"], t["line"], t["phrase"], t["topic"], t["note"]) for t in data.get("true", [])]
    problems = []
    for item in items:
        if item.cls not in CLASSES:
            problems.append(f"{item.file}:{item.line}: class {item.cls!r}")
        if item.topic not in TOPICS:
            problems.append(f"{item.file}:{item.line}: topic {item.topic!r}")
        if item.found_by not in FOUND_BY:
            problems.append(f"{item.file}:{item.line}: found_by {item.found_by!r}")
        if not (item.phrase.strip() and item.right.strip() and item.source.strip()):
            problems.append(f"{item.file}:{item.line}: empty phrase, right or source")
    for true in trues:
        if true.topic not in TOPICS:
            problems.append(f"{true.file}:{true.line}: topic {true.topic!r}")
    for entry in (*items, *trues):
        if not entry.file.startswith(("corpus-train/", "corpus-dev/")) or entry.line < 1:
            problems.append(f"{entry.file}:{entry.line}: not a corpus file and line")
    keys = Counter((i.file, i.line, i.phrase) for i in items)
    problems += [f"{f}:{n}: listed twice ({p!r})" for (f, n, p), c in keys.items() if c > 1]
    item_lines = {(i.file, i.line) for i in items}
    problems += [f"{t.file}:{t.line}: both an item and a true line" for t in trues if (t.file, t.line) in item_lines]
    if len(heldback) < 6:
        problems.append("fewer than six held-back repositories")
    if problems:
        raise ValueError("; ".join(problems))
    return items, trues, list(heldback)


def repository(file: str) -> str:
    return file.split("/")[1]


def check_lines(shared: Path, items: list[Item], trues: list[TrueLine]) -> list[str]:
    """Items whose phrase is not on their line (the corpus changed, or a typo in the data)."""
    cache: dict[str, list[str]] = {}
    missing = []
    for entry in (*items, *trues):
        if entry.file not in cache:
            text = (shared / entry.file).read_text(encoding="utf-8", errors="replace")
            cache[entry.file] = text.replace("\r\n", "\n").split("\n")
        lines = cache[entry.file]
        if entry.line > len(lines) or entry.phrase not in lines[entry.line - 1]:
            missing.append(f"{entry.file}:{entry.line}: {entry.phrase!r} not on the line")
    return missing


def run_cscheck(shared: Path, files: list[str]) -> dict[tuple[str, int], list[str]]:
    """CS5xx codes per (file relative to ``shared``, line), from one cscheck run over *files*."""
    command = [sys.executable, "-m", "checker", "check", "--no-cache", "--select", "CS5"]
    command += ["--output-format", "json", "--exit-zero", "--lang", "en", *(str(shared / f) for f in files)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"cscheck failed ({done.returncode}): {done.stderr.strip()[:500]}")
    found: dict[tuple[str, int], list[str]] = defaultdict(list)
    base = shared.resolve()
    for report in json.loads(done.stdout)["files"]:
        path = Path(report["path"]).resolve().relative_to(base).as_posix()
        for diagnostic in report["diagnostics"]:
            found[(path, diagnostic["line"])].append(diagnostic["code"])
    return found


def entry_counts() -> tuple[int, Counter[str]]:
    sys.path.insert(0, str(REPO))
    from checker.knowledge import builtin_pack_paths, load_packs  # noqa: PLC0415

    kb = load_packs(builtin_pack_paths())
    by_pack: Counter[str] = Counter(kb.origins[e.id].stem for e in kb)
    return len(kb), by_pack


@dataclass
class Tally:
    items: int = 0
    found: int = 0
    findings: int = 0
    true_positives: int = 0
    false_positives: int = 0

    def recall(self) -> str:
        return f"{100 * self.found / self.items:5.1f}%" if self.items else "    -"

    def precision(self) -> str:
        return f"{100 * self.true_positives / self.findings:5.1f}%" if self.findings else "    -"


def measure(
    items: list[Item], trues: list[TrueLine], found: dict[tuple[str, int], list[str]], files: set[str]
) -> tuple[dict[str, Tally], list[str]]:
    """Tallies keyed ``class:X`` and ``topic:Y`` (and ``all``), and the unjudged findings."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    by_line: dict[tuple[str, int], list[Item]] = defaultdict(list)
    for item in items:
        if item.file in files:
            by_line[(item.file, item.line)].append(item)
    true_lines = {(t.file, t.line): t for t in trues if t.file in files}
    for item in items:
        if item.file not in files:
            continue
        hit = bool(found.get((item.file, item.line)))
        for key in ("all", f"class:{item.cls}", f"topic:{item.topic}", f"found_by:{item.found_by}"):
            tallies[key].items += 1
            tallies[key].found += hit
    unjudged = []
    for (file, line), codes in sorted(found.items()):
        if file not in files:
            continue
        line_items = by_line.get((file, line), [])
        true = true_lines.get((file, line))
        topic = line_items[0].topic if line_items else true.topic if true else "unjudged"
        for code in codes:
            cls = CODE_CLASS.get(code, "?")
            good = bool(line_items)
            if not good and true is None:
                unjudged.append(f"{file}:{line}: {code}")
            for key in ("all", f"class:{cls}", f"topic:{topic}"):
                tallies[key].findings += 1
                tallies[key].true_positives += good
                tallies[key].false_positives += not good
    return tallies, unjudged


def print_table(title: str, tallies: dict[str, Tally]) -> None:
    print(f"\n{title}")  # rows "found by …": recall only, by how the items were found
    print(f"  {'':22} {'items':>5} {'found':>5} {'recall':>7}   {'findings':>8} {'FP':>3} {'precision':>9}")
    keys = ["all", *(f"class:{c}" for c in CLASSES), *(f"topic:{t}" for t in TOPICS), "topic:unjudged"]
    keys += [f"found_by:{f}" for f in FOUND_BY]
    for key in keys:
        if key not in tallies:
            continue
        t = tallies[key]
        label = key.split(":", 1)[-1] if not key.startswith("found_by:") else "found by " + key[9:]
        print(
            f"  {label:22} {t.items:5} {t.found:5} {t.recall():>7}   {t.findings:8} {t.false_positives:3} "
            f"{t.precision():>9}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="folder holding corpus-train/")
    parser.add_argument("--limit", type=int, default=0, help="run on the first N listed files only")
    parser.add_argument("--check-data", action="store_true", help="only parse and validate the data")
    parser.add_argument("--json", action="store_true", help="print the tallies as JSON")
    args = parser.parse_args(argv)
    try:
        items, trues, heldback = load_data()
    except (ValueError, KeyError, tomllib.TOMLDecodeError) as exc:
        print(f"bench data is malformed: {exc}", file=sys.stderr)
        return 2
    repos = {repository(i.file) for i in items}
    print(f"{len(items)} wrong statements from {len(repos)} repositories, {len(trues)} true look-alikes")
    print(f"held back: {', '.join(heldback)}")
    if args.check_data:
        return 0
    if not (args.shared / "corpus-train").is_dir():
        print(f"{args.shared / 'corpus-train'} not found: nothing to measure", file=sys.stderr)
        return 2
    missing = check_lines(args.shared, items, trues)
    if missing:
        print("data out of step with the corpus:\n  " + "\n  ".join(missing), file=sys.stderr)
        return 2
    files = sorted({i.file for i in items} | {t.file for t in trues})
    if args.limit:
        files = files[: args.limit]
    found = run_cscheck(args.shared, files)
    total, by_pack = entry_counts()
    print(f"knowledge entries: {total} ({', '.join(f'{k} {v}' for k, v in sorted(by_pack.items()))})")
    held = {f for f in files if repository(f) in heldback}
    results: dict[str, Any] = {}
    unjudged_all: list[str] = []
    for title, subset in (
        ("mined repositories (corpus-train and corpus-dev, not held back)", set(files) - held),
        ("held-back repositories (never mined for entries)", held),
        ("everything", set(files)),
    ):
        tallies, unjudged = measure(items, trues, found, subset)
        if title == "everything":
            unjudged_all = unjudged
        results[title] = {key: vars(t) for key, t in tallies.items()}
        if not args.json:
            print_table(title, tallies)
    if args.json:
        print(json.dumps(results, indent=1))
    if unjudged_all:
        print(f"\n{len(unjudged_all)} unjudged findings (counted as false positives; read and add them):")
        for line in unjudged_all:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
