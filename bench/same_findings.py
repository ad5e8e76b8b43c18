"""Record every finding on the seed and the corpora, and compare two recordings byte for byte.

A restructuring must not change what cscheck reports. This script runs
`cscheck check --output-format json --select ALL --no-cache` on the seed, on each repository of
corpus-dev and on each of corpus-train (each one its own root, run from inside it so paths read
the same), with the code of a given checkout, and keeps each run's standard output and exit code.

    python bench/same_findings.py record OUT_DIR [--checkout DIR]
    python bench/same_findings.py compare BEFORE_DIR AFTER_DIR

`compare` exits 1 and names each root whose output differs (with its first differing line).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
COMMAND = ["check", ".", "--root", ".", "--output-format", "json", "--select", "ALL", "--no-cache", "--exit-zero"]
RUNNER = "import sys; sys.path.insert(0, sys.argv.pop(1)); from checker.cli import run; run()"


def roots(shared: Path) -> list[tuple[str, Path]]:
    """(name, folder) of every root: the seed, then each repository of the two corpora."""
    found = [("seed", shared / "seed")]
    for corpus in ("corpus-dev", "corpus-train"):
        for repo in sorted((shared / corpus).iterdir()):
            if repo.is_dir():
                found.append((f"{corpus}__{repo.name}", repo))
    return found


def record(out: Path, checkout: Path, shared: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "NO_COLOR": "1", "PYTHONHASHSEED": "0"}
    env.pop("CSCHECK_LANG", None)
    for name, folder in roots(shared):
        result = subprocess.run(
            [sys.executable, "-c", RUNNER, str(checkout.resolve()), *COMMAND],
            cwd=folder,
            env=env,
            capture_output=True,
            check=False,
        )
        (out / f"{name}.json").write_bytes(result.stdout)
        (out / f"{name}.rc").write_text(f"{result.returncode}\n", encoding="utf-8")
        findings = result.stdout.count(b'"code":')
        print(f"{name}: exit {result.returncode}, {findings} findings", flush=True)
        if result.returncode not in (0, 1):
            print(result.stderr.decode("utf-8", "replace"), file=sys.stderr)


def compare(before: Path, after: Path) -> int:
    names = sorted({p.name for p in before.iterdir()} | {p.name for p in after.iterdir()})
    differing = 0
    for name in names:
        old, new = before / name, after / name
        if not old.exists() or not new.exists():
            print(f"{name}: only in {'the second' if new.exists() else 'the first'} recording")
            differing += 1
            continue
        if old.read_bytes() == new.read_bytes():
            continue
        differing += 1
        for number, (a, b) in enumerate(
            zip(old.read_bytes().splitlines(), new.read_bytes().splitlines(), strict=False), 1
        ):
            if a != b:
                print(f"{name}: line {number} differs\n  - {a[:200]!r}\n  + {b[:200]!r}")
                break
        else:
            print(f"{name}: one recording is longer")
    print(f"{len(names) - differing} of {len(names)} files identical")
    return 1 if differing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("record")
    rec.add_argument("out", type=Path)
    rec.add_argument("--checkout", type=Path, default=Path(__file__).resolve().parents[1])
    rec.add_argument("--shared", type=Path, default=SHARED)
    cmp = commands.add_parser("compare")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "record":
        if not args.shared.is_dir():
            print(f"{args.shared}: no shared folder (seed and corpora)", file=sys.stderr)
            return 2
        record(args.out, args.checkout, args.shared)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
