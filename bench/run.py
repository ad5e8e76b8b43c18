"""cscheck's benchmark: every figure a median of repeated runs, beside its baseline, in one run.

    python bench/run.py                 # 2000 generated notes, 5 runs each
    python bench/run.py --files 200     # quicker
    python bench/run.py --large         # also 20 000 notes: time ratio and peak memory

With ../shared/corpus-dev beside the repository, its real notes are timed too (on a copy).

Baselines measured in the same invocation, because these machines are shared and noisy:
the import floor (`python -c "import click, markdown_it"`), markdown-it-py parsing the same
files in one process, and — when installed — rumdl (`pip install rumdl`) and markdownlint-cli2
(`npm install markdownlint-cli2`, found on PATH or under bench/node_modules). Nothing here is a
test: the test suite has no timed assertions.
"""

from __future__ import annotations

import argparse
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
    args = parser.parse_args()
    runs = max(args.runs, 5)
    cores = os.cpu_count() or 1
    # Measure cscheck, not Python compiling its sources: these machines set PYTHONDONTWRITEBYTECODE,
    # so an editable install would recompile every module on every run.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(REPO / "checker"), str(REPO / "rules")], check=False)
    with tempfile.TemporaryDirectory(prefix="cscheck-bench-") as scratch:
        root = Path(scratch)
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

        if args.large:
            big = root / "big"
            build(big, args.files * 10)
            (big / "cscheck.toml").write_text("", encoding="utf-8")
            big_cache = big / ".cscheck_cache"
            seconds, peak = timed([*CSCHECK, "."], big, lambda: shutil.rmtree(big_cache, ignore_errors=True))
            print(f"\n{args.files * 10} notes (one run)")
            print(row("cscheck check, cold", seconds, cold, f"{args.files}-note time", "≤ 10.5 ×"))
            print(f"  {'peak memory (largest process)':<44} {peak / 1024:9.1f} MB   (target ≤ 200 MB)")


if __name__ == "__main__":
    main()
