"""Kill `cscheck fix` at random moments: every file must be either fully old or fully new.

    python -m tests.killharness --trials 200        # the documented long run
    CSCHECK_KILL_TRIALS=200 python -m pytest tests/test_kill.py

Each trial restores a folder of notes with fixable defects, starts `python -m checker fix` on it
in a child process, sends SIGKILL after a random delay within the time a full run takes, and
checks every file's bytes and that no process of the killed run (a worker of its pool) lives on.
A final unkilled run must then finish the job and leave no temp file.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIX = [sys.executable, "-m", "checker", "fix", "--unsafe-fixes", "--lang", "en", "--no-cache"]

NOTE = """# 네트워크 {n}

####💡 TCP와 UDP의 차이는?

TCP는 연결형, UDP는 비연결형이다. {filler}

<<<<<<< HEAD
#### 💡 HTTP란?
응용 계층 프로토콜
#### 💡 HTTPS란?
=======
#### 💡 HTTP란?
#### 💡 HTTPS란?
TLS 위의 HTTP
>>>>>>> feature/{n}

###💡 소켓이란?

통신의 끝점. {filler}
"""


def make_notes(folder: Path, count: int) -> dict[Path, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    originals = {}
    for n in range(count):
        path = folder / f"note{n:03}.md"
        ending = "\r\n" if n % 3 == 0 else "\n"
        text = NOTE.format(n=n, filler="본문 " * (200 + n)).replace("\n", ending)
        data = (b"\xef\xbb\xbf" if n % 4 == 0 else b"") + text.encode("utf-8")
        path.write_bytes(data)
        originals[path] = data
    return originals


@dataclass
class Expectation:
    old: dict[Path, bytes]
    new: dict[Path, bytes]
    seconds: float  # how long an unkilled run takes


def expected(folder: Path, count: int) -> Expectation:
    """Originals, and the fixed bytes from one complete run on a scratch copy."""
    old = make_notes(folder, count)
    scratch = folder.parent / (folder.name + "-expected")
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(folder, scratch)
    start = time.monotonic()
    subprocess.run([*FIX, str(scratch)], cwd=REPO, capture_output=True, check=False)
    seconds = time.monotonic() - start
    new = {folder / p.name: p.read_bytes() for p in sorted(scratch.glob("*.md"))}
    shutil.rmtree(scratch)
    assert all(new[p] != old[p] for p in old), "every note must change when fixed"
    return Expectation(old, new, seconds)


def check_files(folder: Path, expectation: Expectation) -> list[str]:
    problems = []
    for path, old in expectation.old.items():
        data = path.read_bytes()
        if data not in (old, expectation.new[path]):
            problems.append(f"{path.name}: neither old nor new ({len(data)} bytes)")
    return problems


def running(folder: Path) -> list[int]:
    """Processes whose command line names ``folder``: what is left of a killed run (Linux only)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    needle = os.fsencode(folder)
    found = []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if needle in command.split(b"\0"):
            found.append(int(entry.name))
    return found


def leftover_processes(folder: Path, grace: float = 5.0) -> list[str]:
    """A killed run's workers must end with it (they get SIGKILL when their parent dies)."""
    deadline = time.monotonic() + grace
    left = running(folder)
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = running(folder)
    return [f"processes of the killed run still running: {left}"] if left else []


def trial(folder: Path, expectation: Expectation, rng: random.Random, stats: Counter[str] | None = None) -> list[str]:
    for path, data in expectation.old.items():
        path.write_bytes(data)
    child = subprocess.Popen([*FIX, str(folder)], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0, expectation.seconds * 1.2))
    killed = child.poll() is None
    if killed:
        os.kill(child.pid, signal.SIGKILL)
    child.wait()
    if stats is not None:
        fixed = sum(path.read_bytes() == expectation.new[path] for path in expectation.old)
        stats["killed" if killed else "finished before the kill"] += 1
        stats[
            "no note fixed yet"
            if fixed == 0
            else "every note fixed"
            if fixed == len(expectation.old)
            else "some notes fixed"
        ] += 1
        if any(p.name.endswith(".tmp") for p in folder.iterdir()):
            stats["a temp file left (removed by the next run)"] += 1
    return [*check_files(folder, expectation), *leftover_processes(folder)]


def finish(folder: Path, expectation: Expectation) -> list[str]:
    """An unkilled run completes the job and removes the temp files killed runs left."""
    subprocess.run([*FIX, str(folder)], cwd=REPO, capture_output=True, check=False)
    problems = [
        f"{p.name}: not fixed by the final run" for p in expectation.old if p.read_bytes() != expectation.new[p]
    ]
    leftovers = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    if leftovers:
        problems.append(f"temp files left: {leftovers}")
    return problems


def run(
    trials: int, folder: Path, count: int = 30, seed: int | None = None, stats: Counter[str] | None = None
) -> list[str]:
    rng = random.Random(seed)
    expectation = expected(folder, count)
    problems: list[str] = []
    for number in range(trials):
        problems.extend(f"trial {number}: {p}" for p in trial(folder, expectation, rng, stats))
    problems.extend(finish(folder, expectation))
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--files", type=int, default=30)
    parser.add_argument("--seed", type=int)
    args = parser.parse_args()
    import tempfile  # noqa: PLC0415

    stats: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as scratch:
        problems = run(args.trials, Path(scratch) / "notes", args.files, args.seed, stats)
    for problem in problems:
        print(problem)
    print(", ".join(f"{what}: {count}" for what, count in sorted(stats.items())))
    print(f"{args.trials} trials, {args.files} files each: {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
