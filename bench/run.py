"""cscheck's benchmark: every figure a median of repeated runs, beside its baseline, in one run.

    python bench/run.py                 # 2000 generated notes, 5 runs each
    python bench/run.py --files 200     # quicker
    python bench/run.py --large         # also 20 000 notes: time ratio and peak memory
    python bench/run.py --repositories-only --runs 3   # only the real repositories (below)

With ../shared/corpus-dev beside the repository, its real notes are timed too (on a copy); with
../shared/corpus-train too, each repository of both corpora is checked in a fresh ``git clone``
(no cache), then warm, beside rumdl (and markdownlint-cli2, one run each); one changed note in the
repository closest to 300 notes is checked as the pre-commit hook runs it; and a fresh run's time
is split into its phases (bench/phases.py). The end prints issue 21's four ratios.

Baselines measured in the same invocation, because these machines are shared and noisy:
the import floor (`python -c "import click, markdown_it"`), markdown-it-py parsing the same
files in one process, and — when installed — rumdl (`pip install rumdl`) and markdownlint-cli2
(`npm install markdownlint-cli2`, found on PATH or under bench/node_modules). Nothing here is a
test: the test suite has no timed assertions.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from corpus import build, defect_note  # noqa: E402

PYTHON = sys.executable
CSCHECK = [PYTHON, "-m", "checker", "check", "--exit-zero", "--output-format", "concise"]


def timed(command: Sequence[str], cwd: Path, before: Callable[[], None] | None = None) -> tuple[float, int]:
    """Wall time of one run, and the peak resident memory (KiB) of it and its children."""
    if before:
        before()
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss


def median(command: Sequence[str], cwd: Path, runs: int, before: Callable[[], None] | None = None) -> float:
    return statistics.median(timed(command, cwd, before)[0] for _ in range(runs))


def parse_only(files: Sequence[Path], runs: int) -> float:
    """markdown-it-py alone, one process, the same files (read + parse), as a median."""
    script = (
        "import sys, time\n"
        "from markdown_it import MarkdownIt\n"
        "md = MarkdownIt('commonmark', {'html': True}).enable(['table', 'strikethrough'])\n"
        "paths = open(sys.argv[1], encoding='utf-8').read().split('\\n')\n"
        "start = time.perf_counter()\n"
        "for p in paths:\n"
        "    md.parse(open(p, encoding='utf-8', errors='replace').read())\n"
        "print(time.perf_counter() - start)\n"
    )
    listing = files[0].parent.parent / "files.txt"
    listing.write_text("\n".join(str(f) for f in files), encoding="utf-8")
    results = []
    for _ in range(runs):
        out = subprocess.run([PYTHON, "-c", script, str(listing)], capture_output=True, text=True, check=True)
        results.append(float(out.stdout))
    return statistics.median(results)


def _compiled_before(python: str) -> list[str]:
    """The check command of the earlier checkout behind *python*, its sources compiled as ours are."""
    where = subprocess.run(
        [python, "-c", "import checker, pathlib; print(pathlib.Path(checker.__file__).parent.parent)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run([python, "-m", "compileall", "-q", f"{where}/checker", f"{where}/rules"], check=False)
    return [python, *CSCHECK[1:]]


def find_markdownlint() -> str | None:
    local = HERE / "node_modules" / ".bin" / "markdownlint-cli2"
    if local.exists():
        return str(local)
    return shutil.which("markdownlint-cli2")


def row(name: str, seconds: float, baseline: float | None = None, baseline_name: str = "", target: str = "") -> str:
    text = f"  {name:<44} {seconds * 1000:9.1f} ms"
    if baseline:
        text += f"   {seconds / baseline:6.2f} × {baseline_name}"
    if target:
        text += f"   (target {target})"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description="cscheck benchmark")
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--large", action="store_true", help="also 10x the files: scaling and peak memory")
    parser.add_argument("--repositories-only", action="store_true", help="only the real study repositories")
    parser.add_argument(
        "--before",
        metavar="PYTHON",
        help="the interpreter of an earlier checkout's environment: its fresh and warm runs of the real "
        "repositories are timed beside this one's, interleaved, in the same run",
    )
    args = parser.parse_args()
    runs = args.runs
    cores = os.cpu_count() or 1
    # Measure cscheck, not Python compiling its sources: these machines set PYTHONDONTWRITEBYTECODE,
    # so an editable install would recompile every module on every run.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(REPO / "checker"), str(REPO / "rules")], check=False)
    with tempfile.TemporaryDirectory(prefix="cscheck-bench-") as scratch:
        root = Path(scratch)
        before = _compiled_before(args.before) if args.before else None
        if args.repositories_only:
            real_repositories(root / "repositories", REPO.parent / "shared", runs, find_markdownlint(), before)
            return
        corpus = root / "corpus"
        files = build(corpus, args.files)
        (corpus / "cscheck.toml").write_text("# a project root: the cache lives here\n", encoding="utf-8")
        (root / "defects").mkdir()
        (root / "defects" / "all-defects.md").write_text(defect_note(), encoding="utf-8")
        one = files[0]
        cache = corpus / ".cscheck_cache"

        def clear_cache() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        size = one.stat().st_size // 1024
        print(f"cscheck benchmark — {args.files} notes of {size} KB, {runs} runs each, {cores} cores")
        print("\none file")
        floor = median([PYTHON, "-c", "import click, markdown_it"], root, runs)
        print(row("import floor (python -c 'import click, markdown_it')", floor))
        subprocess.run([*CSCHECK, str(one)], cwd=corpus, capture_output=True, check=False)  # config, packs cached
        edits = iter(range(1_000_000))

        def change_one() -> None:  # what pre-commit hands over: a note that changed since the last run
            with one.open("a", encoding="utf-8") as note:
                note.write(f"\n<!-- edit {next(edits)} -->\n")

        single = median([*CSCHECK, str(one)], corpus, runs, before=change_one)
        print(row("cscheck check one.md, changed (pre-commit)", single, floor, "floor", "≤ 1.5 × floor"))
        single_warm = median([*CSCHECK, str(one)], corpus, runs)
        print(row("cscheck check one.md, unchanged", single_warm, floor, "floor"))
        single_cold = median([*CSCHECK, "--no-cache", str(one)], root, runs)
        print(row("cscheck check one.md --no-cache (first run)", single_cold, floor, "floor"))
        defects = median([*CSCHECK, str(root / "defects")], root, runs)
        print(row("cscheck check all-defects.md", defects, floor, "floor"))
        markdownlint = find_markdownlint()
        if markdownlint:
            mdl_one = median([markdownlint, str(one)], root, runs)
            print(row("markdownlint-cli2 one.md", mdl_one, floor, "floor"))
            print(f"  {'cscheck speed-up over markdownlint-cli2':<44} {mdl_one / single:9.2f} ×   (target ≥ 4 ×)")

        print(f"\n{args.files} notes")
        parse = parse_only(files, runs)
        per_core = parse / cores
        print(row("markdown-it-py parse only, one process", parse))
        cold = median([*CSCHECK, "."], corpus, runs, before=clear_cache)
        print(row("cscheck check, cold (cache emptied)", cold, per_core, f"parse/{cores} cores", "≤ 1.3 ×"))
        no_cache = median([*CSCHECK, "--no-cache", "."], corpus, runs)
        print(row("cscheck check --no-cache", no_cache, per_core, f"parse/{cores} cores"))
        subprocess.run([*CSCHECK, "."], cwd=corpus, capture_output=True, check=False)
        warm = median([*CSCHECK, "."], corpus, runs)
        print(row("cscheck check, warm (nothing changed)", warm, per_core, f"parse/{cores} cores"))
        # beside this Python first: `pip install rumdl` into the venv without activating it
        rumdl = shutil.which("rumdl", path=os.pathsep.join([str(Path(PYTHON).parent), os.environ.get("PATH", "")]))
        if rumdl:
            rumdl_cold = median([rumdl, "check", "--no-cache", "."], corpus, runs)
            subprocess.run([rumdl, "check", "."], cwd=corpus, capture_output=True, check=False)
            rumdl_warm = median([rumdl, "check", "."], corpus, runs)
            print(row("rumdl check --no-cache", rumdl_cold))
            print(row("rumdl check (its cache)", rumdl_warm))
            print(f"  {'cscheck warm ÷ rumdl cached':<44} {warm / rumdl_warm:9.2f} ×   (target ≤ 1 ×)")
        if markdownlint:
            print(row("markdownlint-cli2", median([markdownlint, "**/*.md"], corpus, min(runs, 3))))

        shared = REPO.parent / "shared" / "corpus-dev"
        if shared.is_dir():
            # a copy: the cache must not be written into ../shared
            real = root / "corpus-dev"
            shutil.copytree(shared, real, symlinks=True)
            (real / "cscheck.toml").write_text("", encoding="utf-8")
            real_files = sorted(p for p in real.rglob("*.md") if p.is_file())
            real_cache = real / ".cscheck_cache"
            print(f"\n../shared/corpus-dev ({len(real_files)} notes from five study repositories)")
            real_parse = parse_only(real_files, runs)
            print(row("markdown-it-py parse only, one process", real_parse))
            real_cold = median(
                [*CSCHECK, "."], real, runs, before=lambda: shutil.rmtree(real_cache, ignore_errors=True)
            )
            print(row("cscheck check, cold (cache emptied)", real_cold, real_parse / cores, f"parse/{cores} cores"))
            subprocess.run([*CSCHECK, "."], cwd=real, capture_output=True, check=False)
            real_warm = median([*CSCHECK, "."], real, runs)
            print(row("cscheck check, warm (nothing changed)", real_warm, real_parse / cores, f"parse/{cores} cores"))

        shared_root = REPO.parent / "shared"
        if (shared_root / "corpus-train").is_dir():
            real_repositories(root / "repositories", shared_root, runs, markdownlint)

        if args.large:
            big = root / "big"
            build(big, args.files * 10)
            (big / "cscheck.toml").write_text("", encoding="utf-8")
            big_cache = big / ".cscheck_cache"
            seconds, peak = timed([*CSCHECK, "."], big, lambda: shutil.rmtree(big_cache, ignore_errors=True))
            print(f"\n{args.files * 10} notes (one run)")
            print(row("cscheck check, cold", seconds, cold, f"{args.files}-note time", "≤ 10.5 ×"))
            print(f"  {'peak memory (largest process)':<44} {peak / 1024:9.1f} MB   (target ≤ 200 MB)")


# -- real study repositories, each in a fresh clone as a CI job gets it --------------------------

GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@cscheck.invalid", "-c", "commit.gpgsign=false"]
CONSOLE = str(Path(PYTHON).parent / "cscheck")  # what pre-commit runs: the console script
PHASES = ["imports", "config", "engine", "packs", "parse", "rules", "output", "other"]


def git_repository(source: Path, target: Path) -> Path:
    """``source``'s files committed in a new git repository at ``target`` (clones are made from it)."""
    shutil.copytree(source, target, symlinks=True)
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "--no-verify", "-m", "notes"]):
        subprocess.run([*GIT, *command], cwd=target, capture_output=True, check=True)
    return target


def fresh_clone(origin: Path, clone: Path) -> None:
    shutil.rmtree(clone, ignore_errors=True)
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(origin), str(clone)], capture_output=True, check=True)


def phases(clone: Path, origin: Path, runs: int) -> dict[str, float]:
    """Medians, per phase, of a fresh run (a new clone, no cache) in one process (bench/phases.py)."""
    results: dict[str, list[float]] = {}
    out = clone.parent / "phases.json"
    for _ in range(runs):
        fresh_clone(origin, clone)
        command = [PYTHON, str(HERE / "phases.py"), "check", "--exit-zero", "--jobs", "1", "."]
        subprocess.run(
            command, cwd=clone, env={**os.environ, "CSCHECK_PHASES": str(out)}, capture_output=True, check=True
        )
        for phase, value in json.loads(out.read_text(encoding="utf-8")).items():
            results.setdefault(phase, []).append(float(value))
    return {phase: statistics.median(values) for phase, values in results.items()}


def real_repositories(
    work: Path, shared_root: Path, runs: int, markdownlint: str | None, before: list[str] | None = None
) -> None:
    """Each corpus-dev and corpus-train repository cold in a fresh clone, warm, and beside rumdl
    (and beside the earlier checkout *before*, when given)."""
    work.mkdir()
    rumdl = shutil.which("rumdl", path=os.pathsep.join([str(Path(PYTHON).parent), os.environ.get("PATH", "")]))
    floor = median([PYTHON, "-c", "import click, markdown_it"], work, runs)
    print(f"\nreal study repositories, each in a fresh clone (git clone, no .cscheck_cache), {runs} runs each")
    print(
        f"  {'repository':<52} {'notes':>5} {'fresh':>8} {'warm':>8} {'rumdl':>8}"
        + (f" {'fresh<':>8} {'warm<':>8}" if before else "")
        + ("  mdlint" if markdownlint else "")
    )
    if before:
        print("  (fresh< and warm<: the earlier checkout, --before)")
    totals: dict[str, dict[str, float]] = {}
    origins: dict[str, tuple[Path, int]] = {}
    for corpus in ("corpus-dev", "corpus-train"):
        sums = totals.setdefault(
            corpus,
            dict.fromkeys(("fresh", "warm", "rumdl", "markdownlint", "before fresh", "before warm", "notes"), 0.0),
        )
        for source in sorted(p for p in (shared_root / corpus).iterdir() if p.is_dir() and not p.name.startswith("_")):
            origin = git_repository(source, work / "origins" / source.name)
            clone = work / "clone"
            notes = sum(
                1 for p in origin.rglob("*") if p.suffix.lower() in (".md", ".markdown") and ".git" not in p.parts
            )
            origins[source.name] = (origin, notes)
            fresh = median([*CSCHECK, "."], clone, runs, before=functools.partial(fresh_clone, origin, clone))
            warm = median([*CSCHECK, "."], clone, runs)
            theirs = median([rumdl, "check", "--no-cache", "."], clone, runs) if rumdl else 0.0
            line = (
                f"  {source.name[:52]:<52} {notes:>5} {fresh * 1000:6.0f}ms {warm * 1000:6.0f}ms {theirs * 1000:6.0f}ms"
            )
            if before:
                old_fresh = median([*before, "."], clone, runs, before=functools.partial(fresh_clone, origin, clone))
                old_warm = median([*before, "."], clone, runs)
                sums["before fresh"] += old_fresh
                sums["before warm"] += old_warm
                line += f" {old_fresh * 1000:6.0f}ms {old_warm * 1000:6.0f}ms"
            if markdownlint:  # slow: one run each
                mdl = timed([markdownlint, "**/*.md", "#node_modules"], clone)[0]
                sums["markdownlint"] += mdl
                line += f" {mdl * 1000:6.0f}ms"
            print(line)
            sums["fresh"] += fresh
            sums["warm"] += warm
            sums["rumdl"] += theirs
            sums["notes"] += notes
    for corpus, sums in totals.items():
        label = corpus + ", all one after the other"
        line = f"  {label:<52} {int(sums['notes']):>5} {sums['fresh']:7.2f}s {sums['warm']:7.2f}s"
        line += f" {sums['rumdl']:7.2f}s"
        line += f" {sums['before fresh']:7.2f}s {sums['before warm']:7.2f}s" if before else ""
        line += f" {sums['markdownlint']:7.2f}s" if markdownlint else ""
        print(line)

    small_name, (small, small_notes) = min(origins.items(), key=lambda item: abs(item[1][1] - 13))
    big_name, (big, big_notes) = min(origins.items(), key=lambda item: abs(item[1][1] - 300))
    clone = work / "clone"
    small_fresh = median([*CSCHECK, "."], clone, runs, before=lambda: fresh_clone(small, clone))
    small_warm = median([*CSCHECK, "."], clone, runs)
    fresh_clone(big, clone)
    subprocess.run([CONSOLE, "check", "--exit-zero", "."], cwd=clone, capture_output=True, check=False)  # a warm cache
    note = next(p for p in sorted(clone.rglob("*.md")) if ".git" not in p.parts)
    edits = iter(range(1_000_000))

    def change_note() -> None:
        with note.open("a", encoding="utf-8") as handle:
            handle.write(f"\n<!-- edit {next(edits)} -->\n")

    hook = [CONSOLE, "check", "--force-exclude", str(note.relative_to(clone))]  # the hook's entry and one file
    one_changed = median(hook, clone, runs, before=change_note)
    one_changed_before = 0.0
    if before:
        console = str(Path(before[0]).parent / "cscheck")
        fresh_clone(big, clone)
        subprocess.run([console, "check", "--exit-zero", "."], cwd=clone, capture_output=True, check=False)
        one_changed_before = median([console, *hook[1:]], clone, runs, before=change_note)
    train = totals["corpus-train"]

    print(f"\nwhere a fresh run's time goes (bench/phases.py, --jobs 1, medians of {runs} fresh clones), ms")
    print(f"  {'repository':<44} " + " ".join(f"{p:>7}" for p in PHASES) + f" {'process':>8} {'wall':>7}")
    for name, origin in ((small_name, small), (big_name, big)):
        split = phases(clone, origin, runs)
        wall = median(
            [PYTHON, str(HERE / "phases.py"), "check", "--exit-zero", "--jobs", "1", "."],
            clone,
            runs,
            before=functools.partial(fresh_clone, origin, clone),
        )
        print(
            f"  {name[:44]:<44} "
            + " ".join(f"{split.get(p, 0.0):7.1f}" for p in PHASES)
            + f" {split['in-process']:8.1f} {wall * 1000:7.1f}"
        )
    print("  (process: from the first import to exit; wall adds the interpreter's start-up)")

    print("\nissue 21's targets, each a ratio within this run")
    print(row("import floor (python -c 'import click, markdown_it')", floor))
    print(
        row(f"one changed note, pre-commit, {big_notes}-note repository", one_changed, floor, "floor", "≤ 1.5 × floor")
    )
    if before:
        print(row("the same, the earlier checkout (--before)", one_changed_before, floor, "floor"))
    print(row(f"fresh clone, {small_notes}-note repository ({small_name[:20]})", small_fresh))
    print(row("the same, warm", small_warm))
    extra = (small_fresh - small_warm) * 1000
    print(f"  {'fresh − warm':<44} {extra:9.1f} ms   (target ≤ 100 ms)")
    if train["rumdl"]:
        ratio = train["fresh"] / train["rumdl"]
        print(f"  {'corpus-train fresh, one after the other ÷ rumdl':<44} {ratio:9.2f} ×   (target ≤ 4 ×)")
    if before:
        print(
            f"  {'corpus-train warm ÷ the earlier checkout':<44} {train['warm'] / train['before warm']:9.2f} ×   "
            "(target: warm runs unchanged or faster)"
        )
        print(f"  {'corpus-train fresh ÷ the earlier checkout':<44} {train['fresh'] / train['before fresh']:9.2f} ×")
    else:
        print(
            f"  {'corpus-train warm ÷ fresh':<44} {train['warm'] / train['fresh']:9.2f} ×   "
            "(warm runs unchanged or faster: run with --before to compare)"
        )


if __name__ == "__main__":
    main()
