"""Checking many files: cached results first, the rest serially or in worker processes.

Output never depends on how the work was split: reports come back in the order the files were
given (sorted by path), whatever order the workers finish in.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path

from checker import __version__
from checker.cache import ResultCache
from checker.engine import Engine, FileReport
from checker.source import SourceText

# Below this many files (or bytes) to check, starting workers costs more than it saves: two
# workers check a 13-note repository of 26 KB notes in 0.78 x the time one process takes.
PARALLEL_MIN_FILES = 24
PARALLEL_MIN_BYTES = 192 * 1024
BATCH = 8

_WORKER_ENGINE: Engine | None = None


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def namespace(engine: Engine) -> str:
    """What cached results depend on besides a file's own bytes and its recorded look-ups."""
    rules = [
        [rule.code, asdict(rule.options), engine.selection.severities.get(rule.code)] for rule in engine.selection.rules
    ]
    parts: dict[str, object] = {
        "version": __version__,
        "code": _code_fingerprint(),
        "config": engine.config.to_json(),
        "rules": rules,
        "root": str(engine.root),
    }
    if engine.uses_knowledge:
        parts["packs"] = [[str(p), _file_hash(p)] for p in engine.knowledge_paths()]
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


def _code_fingerprint() -> list[object]:
    """cscheck's own files (size, mtime): a changed rule invalidates results even within a version."""
    checker = Path(__file__).resolve().parent
    rules = checker.parent / "rules"
    paths = [
        *checker.glob("*.py"),
        *checker.glob("reporters/*.py"),
        *rules.glob("*.py"),
        *rules.glob("knowledge/*.toml"),
    ]
    found: list[object] = []
    for path in sorted(paths):
        info = path.stat()
        found.append([path.name, info.st_size, info.st_mtime_ns])
    return found


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def check_files(
    engine: Engine,
    files: Sequence[tuple[Path, str]],
    *,
    cache: ResultCache | None,
    jobs: int,
    progress: Callable[[int], None] | None = None,
    keep_questions: bool = True,
    before_checking: Callable[[], None] | None = None,
) -> list[FileReport]:
    """A report per (path, display) in ``files``, in that order; ``before_checking`` is called
    once before the first file the cache does not hold is checked.

    Without ``keep_questions`` the reports carry no questions (only JSON output and the progress
    report show them): a run over 20 000 notes would otherwise hold a million of them.
    """
    reports: list[FileReport | None] = [None] * len(files)
    todo: list[int] = []
    for index, (path, display) in enumerate(files):
        if cache is None or (hit := cache.lookup(path, engine.context.workspace, questions=keep_questions)) is None:
            todo.append(index)
            continue
        diagnostics, questions, count = hit
        reports[index] = FileReport(
            path,
            display,
            diagnostics=diagnostics,
            questions=questions,
            question_count=count,
            digest=cache.digest_of(path),
        )
        if progress:
            progress(1)
    if todo and before_checking is not None:
        before_checking()
    if jobs > 1 and len(todo) > 1 and sys.platform == "linux" and _worth_workers(files, todo):
        for index, checked in _in_workers(engine, files, todo, jobs, progress, keep_questions):
            reports[index] = checked
    else:
        for index in todo:
            path, display = files[index]
            reports[index] = _checked(engine, path, display, keep_questions)
            if progress:
                progress(1)
    if cache is not None:
        for index in todo:
            fresh = reports[index]
            if fresh and fresh.digest and fresh.dependencies is not None and not fresh.internal_errors:
                kept = fresh.questions if keep_questions else None
                cache.store(fresh, kept)
        cache.save()
    return [report for report in reports if report is not None]


def _worth_workers(files: Sequence[tuple[Path, str]], todo: Sequence[int]) -> bool:
    if len(todo) >= PARALLEL_MIN_FILES:
        return True
    return sum(_size(files[index][0]) for index in todo) >= PARALLEL_MIN_BYTES


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _in_workers(
    engine: Engine,
    files: Sequence[tuple[Path, str]],
    todo: Sequence[int],
    jobs: int,
    progress: Callable[[int], None] | None,
    keep_questions: bool,
) -> Iterator[tuple[int, FileReport]]:
    """Check ``todo`` in forked workers, which inherit the engine (rules, config, packs) as is."""
    import multiprocessing  # noqa: PLC0415 — a one-file run never needs them
    from concurrent.futures import ProcessPoolExecutor, as_completed  # noqa: PLC0415
    from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

    global _WORKER_ENGINE  # noqa: PLW0603 — handed to the forked children, read-only there
    _WORKER_ENGINE = engine
    # Longest notes first, in batches small enough that the last ones end together: with few
    # notes, one 80 KB note in a batch of eight would keep one worker busy alone at the end.
    ordered = sorted(todo, key=lambda index: _size(files[index][0]), reverse=True)
    size = max(1, min(BATCH, len(ordered) // (jobs * 4)))
    batches = [[(i, *files[i]) for i in ordered[start : start + size]] for start in range(0, len(ordered), size)]
    done: set[int] = set()
    try:
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_die_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            futures = [pool.submit(_check_batch, batch, keep_questions) for batch in batches]
            for future in as_completed(futures):
                results = future.result()
                if progress:
                    progress(len(results))
                done.update(index for index, _ in results)
                yield from results
    except BrokenProcessPool:
        # A worker died (killed for memory, or crashed): check what is left here, one by one,
        # rather than ending the run with a traceback and no report.
        left = [index for index in todo if index not in done]
        print(f"cscheck: warning: a worker process died; checking {len(left)} files in this one", file=sys.stderr)
        for index in left:
            path, display = files[index]
            if progress:
                progress(1)
            yield index, _checked(engine, path, display, keep_questions)
    finally:
        _WORKER_ENGINE = None


def _die_with_parent(parent: int) -> None:
    """Make a worker end when the run that started it does.

    A run killed outright (SIGKILL, a timeout) cannot stop its pool, and a worker waiting for
    work never sees the queue close (its siblings hold the pipe open): it would sleep forever.
    Linux's PR_SET_PDEATHSIG sends it SIGKILL when its parent dies.
    """
    import ctypes  # noqa: PLC0415
    import signal  # noqa: PLC0415

    pr_set_pdeathsig = 1
    try:
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux (parallel runs are Linux-only anyway)
        return
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def _checked(engine: Engine, path: Path, display: str, keep_questions: bool) -> FileReport:
    report = engine.check_file(path, display)
    if not keep_questions:
        report.questions = []
    return report


def _check_batch(batch: Sequence[tuple[int, Path, str]], keep_questions: bool) -> list[tuple[int, FileReport]]:
    assert _WORKER_ENGINE is not None
    results = []
    for index, path, display in batch:
        report = _checked(_WORKER_ENGINE, path, display, keep_questions)
        if report._source is not None:
            # Send the text back without the views computed from it: smaller to pickle.
            report.source = SourceText(report._source.raw, report._source.bom)
        results.append((index, report))
    return results
