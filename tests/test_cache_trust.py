"""Nothing committed in `.cscheck_cache/` can steer, poison or write through a run (red team F1–F3,
F13, F14): cache files are authenticated with a per-user key kept outside every repository, and
written under fresh random names that never follow a link.

Each test builds the attack the red team reproduced (../shared/reading/redteam.md) and checks that
the run sees exactly what a run without the cache sees.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from checker import cachestore
from checker.config_file import _cache_file as config_cache_file
from checker.knowledge import builtin_pack_paths
from checker.knowledge.packs import _cache_name as knowledge_cache_name
from tests.conftest import require_tool

# Symbolic links and FIFOs are what a clone brings on Linux and macOS; Windows needs privileges for
# the one and has none of the other.
posix_only = pytest.mark.skipif(os.name == "nt", reason="symbolic links and FIFOs as a POSIX clone has them")

BROKEN_NOTE = (
    "# 네트워크\n\n"
    "<<<<<<< HEAD\n#### 💡 HTTPS의 포트는?\n\nHTTPS는 433번 포트를 사용한다.\n=======\n"
    "#### 💡 HTTPS의 포트는?\n\nHTTPS는 443번 포트.\n>>>>>>> feature\n\n"
    "![그림](img/missing.png)\n"
)
FORGED_CONFIG = {
    "include": [], "exclude": ["**"], "select": None, "extend_select": [], "ignore": ["ALL"],
    "per_file_ignores": {}, "severity": {}, "lang": None, "max_file_size": 10485760,
    "conflict_example_languages": ["diff"], "rules": {},
    "questions": {"presets": ["ssafy"], "patterns": [], "placeholders": []},
    "knowledge": {"packs": [], "disable": []},
}  # fmt: skip
FORGED_PACK = {
    "entries": [
        {"id": "x", "kind": "term", "pattern": "zzzz", "message": {"ko": "x", "en": "x"},
         "source": "x", "bad": ["zzzz"], "good": ["y"]}
    ],
    "needles": {"x": ["\u0000never"]},
}  # fmt: skip


def _git(folder: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}  # fmt: skip
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=env)


def _plant_hostile_cache(repo: Path, victim: Path) -> None:
    """A `.cscheck_cache/` as a pull request can commit it: forged config and pack caches under
    the names cscheck computes, a forged results file, and symlinks to ``victim`` under every
    name cscheck writes (the temp names of earlier versions for the next pids included)."""
    cache = repo / ".cscheck_cache"
    cache.mkdir()
    config = repo / "cscheck.toml"
    _, config_name = config_cache_file(config, config.read_bytes())
    (cache / config_name).write_text(json.dumps(FORGED_CONFIG))
    for pack in builtin_pack_paths():
        (cache / knowledge_cache_name(pack.read_bytes())).write_text(json.dumps(FORGED_PACK))
    # A tag of the right shape but made with a key that is not this user's.
    forged = json.dumps({"format": 1, "files": {}}).encode()
    (cache / "results-0123456789abcdef01234567.json").write_bytes(b"0" * 64 + b"\n" + forged)
    pid = os.getpid()
    for number in range(pid, pid + 200):
        os.symlink(victim, cache / f".{config_name}.{number}.tmp")
        os.symlink(victim, cache / f".results-x.{number}.tmp")
    os.symlink(victim, cache / ".gitignore")
    os.symlink(victim, cache / "key")


@pytest.fixture
def hostile_clone(tmp_path: Path) -> dict[str, Path]:
    """A study repository with a committed hostile cache, freshly cloned (as CI checks it out)."""
    require_tool("git")
    victim = tmp_path / "victim" / "bashrc"
    victim.parent.mkdir()
    victim.write_text("export PATH=$PATH:/usr/local/bin\n")
    origin = tmp_path / "origin"
    (origin / "notes").mkdir(parents=True)
    (origin / "cscheck.toml").write_text('lang = "en"\n')
    (origin / "notes" / "bad.md").write_text(BROKEN_NOTE, encoding="utf-8")
    _plant_hostile_cache(origin, victim)
    _git(origin, "init", "-q")
    _git(origin, "add", "-A")
    _git(origin, "add", "-f", ".cscheck_cache")
    _git(origin, "commit", "-qm", "notes")
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", str(origin), str(clone))
    assert (clone / ".cscheck_cache").is_dir() and len(list((clone / ".cscheck_cache").iterdir())) > 400
    plain = tmp_path / "plain"
    _git(tmp_path, "clone", "-q", str(origin), str(plain))
    shutil.rmtree(plain / ".cscheck_cache")
    return {"clone": clone, "plain": plain, "victim": victim}


def _run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def _json_without_paths(output: str) -> object:
    data = json.loads(output)
    return [(f["path"], f["diagnostics"]) for f in data["files"]], data["summary"]


@posix_only
@pytest.mark.integration
def test_a_clone_with_a_committed_hostile_cache_checks_exactly_as_one_without(hostile_clone: dict[str, Path]) -> None:
    clone, plain, victim = hostile_clone["clone"], hostile_clone["plain"], hostile_clone["victim"]
    before = victim.read_bytes()
    expected = _run(plain, "check", "--output-format", "json", ".")
    assert expected.returncode == 1, expected.stderr
    codes = {d["code"] for f in json.loads(expected.stdout)["files"] for d in f["diagnostics"]}
    assert {"CS101", "CS301"} <= codes
    for attempt in range(2):  # the first run writes the cache, the second reads what it wrote
        got = _run(clone, "check", "--output-format", "json", ".")
        assert got.returncode == 1, (attempt, got.stderr)
        assert _json_without_paths(got.stdout) == _json_without_paths(expected.stdout)
        gate = _run(clone, "check", "--force-exclude", "notes/bad.md")
        assert gate.returncode == 1 and "CS101" in gate.stdout
    assert victim.read_bytes() == before, "cscheck wrote through a committed symlink"
    assert (clone / ".cscheck_cache" / ".gitignore").is_symlink()  # left alone, never written through


def test_a_forged_config_cache_does_not_replace_the_config(cli: Callable[..., Result], in_tmp: Path) -> None:
    """F2: `config-<key>.json` with `ignore = ["ALL"]`, under the name anyone can compute."""
    (in_tmp / ".git").mkdir()
    (in_tmp / "cscheck.toml").write_text('lang = "en"\n')
    (in_tmp / "bad.md").write_text(BROKEN_NOTE, encoding="utf-8")
    folder, name = config_cache_file(in_tmp / "cscheck.toml", (in_tmp / "cscheck.toml").read_bytes())
    folder.mkdir()
    (folder / name).write_text(json.dumps(FORGED_CONFIG))
    for _ in range(2):
        result = cli("check", "--output-format", "concise", "bad.md")
        assert result.exit_code == 1 and "CS101" in result.stdout and "CS301" in result.stdout


def test_forged_knowledge_caches_do_not_replace_the_shipped_packs(cli: Callable[..., Result], in_tmp: Path) -> None:
    """F3: one harmless entry per shipped pack, in a repository with no config at all."""
    (in_tmp / ".git").mkdir()
    (in_tmp / "facts.md").write_text("# 네트워크\n\nHTTPS는 433번 포트를 사용한다.\n", encoding="utf-8")
    cache = in_tmp / ".cscheck_cache"
    cache.mkdir()
    for pack in builtin_pack_paths():
        (cache / knowledge_cache_name(pack.read_bytes())).write_text(json.dumps(FORGED_PACK))
    for _ in range(2):
        result = cli("check", "--output-format", "concise", "--lang", "en", "facts.md")
        assert result.exit_code == 1 and "CS501" in result.stdout, result.output


def test_a_cache_file_tagged_with_another_users_key_is_ignored(
    cli: Callable[..., Result], in_tmp: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A results file that is well formed and tagged — by somebody else's cscheck — says nothing."""
    (in_tmp / "cscheck.toml").write_text("")
    (in_tmp / "a.md").write_text("# A\n\n![그림](missing.png)\n", encoding="utf-8")
    first = cli("check", "--output-format", "concise", "--lang", "en", ".")
    assert first.exit_code == 1
    (results,) = (in_tmp / ".cscheck_cache").glob("results-*.json")
    payload = cachestore.read(results.parent, results.name)
    assert payload is not None
    data = json.loads(payload)
    for entry in data["files"].values():
        entry["diagnostics"] = []
    with monkeypatch.context() as other_user:
        other_user.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("someone-else")))
        assert cachestore.write(results.parent, results.name, json.dumps(data).encode())
    assert cli("check", "--output-format", "concise", "--lang", "en", ".").stdout == first.stdout


# -- F13: entries this user's cscheck wrote, then damaged -----------------------------------------

MUTATIONS: list[tuple[str, object]] = [
    ("location", ["x", "y", "z", "w"]),
    ("location", [1, 2]),
    ("message", [None, None]),
    ("message", [1, 2]),
    ("code", 5),
    ("code", None),
    ("name", None),
    ("qualifier", 7),
    ("severity", "fatal"),
    ("span", [True, 3]),
    ("span", "0-3"),
    ("fix", {"edits": "x", "applicability": "safe", "title": ["a", "b"]}),
    ("fix", {"edits": [[0, 1]], "applicability": "safe", "title": ["a", "b"]}),
    ("fix", {"edits": [[0, 1, "x"]], "applicability": "sometimes", "title": ["a", "b"]}),
]
FORMATS = ["text", "concise", "json", "sarif", "github", "junit", "markdown"]


def _damage(folder: Path, mutate: Callable[[dict[str, object]], None]) -> None:
    (results,) = folder.glob("results-*.json")
    payload = cachestore.read(folder, results.name)
    assert payload is not None
    data = json.loads(payload)
    for entry in data["files"].values():
        mutate(entry)
    assert cachestore.write(folder, results.name, json.dumps(data).encode())


@pytest.mark.parametrize(("field", "value"), MUTATIONS)
def test_a_malformed_entry_never_reaches_a_reporter(
    cli: Callable[..., Result], in_tmp: Path, field: str, value: object
) -> None:
    (in_tmp / "cscheck.toml").write_text("")
    (in_tmp / "a.md").write_text("# A\n\n![그림](missing.png)\n\n####💡 질문?\n\n답\n", encoding="utf-8")
    expected = {fmt: cli("check", "--no-cache", "--output-format", fmt, "--lang", "en", ".").stdout for fmt in FORMATS}
    assert cli("check", "--lang", "en", ".").exit_code == 1

    def mutate(entry: dict[str, object]) -> None:
        diagnostics = entry["diagnostics"]
        assert isinstance(diagnostics, list) and diagnostics
        for diagnostic in diagnostics:
            diagnostic[field] = value

    for fmt in FORMATS:
        _damage(in_tmp / ".cscheck_cache", mutate)
        result = cli("check", "--output-format", fmt, "--lang", "en", ".")
        assert result.exit_code == 1
        assert result.stdout == expected[fmt]
        fixed = cli("fix", "--diff", "--lang", "en", ".")
        assert fixed.exit_code == 1


@pytest.mark.parametrize(
    "deps",
    [{"listings": [], "notes": []}, {"listings": {}, "notes": {"x": 5}}, None, "x", {"notes": {}}],
)
def test_malformed_dependencies_are_a_miss(cli: Callable[..., Result], in_tmp: Path, deps: object) -> None:
    (in_tmp / "cscheck.toml").write_text("")
    (in_tmp / "a.md").write_text("# A\n\n![그림](missing.png)\n", encoding="utf-8")
    expected = cli("check", "--no-cache", "--output-format", "json", ".").stdout
    cli("check", ".")
    _damage(in_tmp / ".cscheck_cache", lambda entry: entry.__setitem__("deps", deps))
    assert cli("check", "--output-format", "json", ".").stdout == expected


def test_a_dependency_outside_the_root_is_never_opened(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`deps.notes` naming a file outside the root: a miss, and that file is not read."""
    root = tmp_path / "root"
    root.mkdir()
    secret = tmp_path / "secret.md"
    secret.write_text("# secret\n")
    monkeypatch.chdir(root)
    (root / "cscheck.toml").write_text("")
    (root / "a.md").write_text("# A\n\n본문\n", encoding="utf-8")
    cli("check", ".")
    _damage(
        root / ".cscheck_cache", lambda entry: entry.__setitem__("deps", {"listings": {}, "notes": {str(secret): None}})
    )
    opened: list[str] = []
    real_open = open

    def spy(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", spy)
    assert cli("check", ".").exit_code == 0
    assert str(secret) not in opened


# -- F1 and F14: how cache files are written --------------------------------------------------------


@posix_only
def test_a_symlink_under_a_cache_name_is_replaced_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep\n")
    folder = tmp_path / ".cscheck_cache"
    folder.mkdir()
    os.symlink(victim, folder / "results-x.json")
    assert cachestore.write(folder, "results-x.json", b"{}")
    assert victim.read_text() == "keep\n"
    assert not (folder / "results-x.json").is_symlink()
    assert cachestore.read(folder, "results-x.json") == b"{}"


@posix_only
def test_a_linked_cache_folder_is_neither_read_nor_written(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, tmp_path / ".cscheck_cache")
    assert not cachestore.write(tmp_path / ".cscheck_cache", "results-x.json", b"{}")
    assert list(elsewhere.iterdir()) == []


@posix_only
def test_a_fifo_or_device_under_a_cache_name_is_no_cache(tmp_path: Path) -> None:
    folder = tmp_path / ".cscheck_cache"
    folder.mkdir()
    os.mkfifo(folder / "results-fifo.json")
    os.symlink("/dev/zero", folder / "results-zero.json")
    started = time.monotonic()
    assert cachestore.read(folder, "results-fifo.json") is None
    assert cachestore.read(folder, "results-zero.json") is None
    assert time.monotonic() - started < 5


def test_temp_files_of_killed_runs_are_removed_by_the_next_write(tmp_path: Path) -> None:
    """F14: a SIGKILL during a cache write leaves its temp file; the next write removes the old ones."""
    folder = tmp_path / ".cscheck_cache"
    folder.mkdir()
    old = time.time() - cachestore.STALE_TEMP_SECONDS - 5
    stale = [".tmp-0123456789abcdef.cscheck", ".results-ns.4242.tmp", ".config-k.json.77.tmp", "knowledge-k.json.9.tmp"]
    for name in stale:
        (folder / name).write_bytes(b"x" * 1000)
        os.utime(folder / name, (old, old))
    (folder / ".tmp-fedcba9876543210.cscheck").write_bytes(b"being written by another run")
    (folder / "notes.tmp").write_bytes(b"not ours")
    os.utime(folder / "notes.tmp", (old, old))
    assert cachestore.write(folder, "results-x.json", b"{}")
    left = sorted(p.name for p in folder.iterdir())
    assert left == [".gitignore", ".tmp-fedcba9876543210.cscheck", "notes.tmp", "results-x.json"]


def test_killed_cache_writes_leave_nothing_after_the_next_run(cli: Callable[..., Result], in_tmp: Path) -> None:
    """Through the command line: temp files as a killed `check` leaves them are gone after a run."""
    (in_tmp / "cscheck.toml").write_text("")
    (in_tmp / "a.md").write_text("# A\n\n![그림](missing.png)\n", encoding="utf-8")
    cli("check", ".")
    folder = in_tmp / ".cscheck_cache"
    old = time.time() - 3600
    for number in range(10):
        leftover = folder / f".tmp-{number:016x}.cscheck"
        leftover.write_bytes(b"{" * 100_000)
        os.utime(leftover, (old, old))
    (in_tmp / "a.md").write_text("# A\n\n![그림](missing2.png)\n", encoding="utf-8")
    cli("check", ".")
    assert list(folder.glob(".tmp-*")) == []


@posix_only
def test_without_a_usable_key_there_is_no_cache(
    cli: Callable[..., Result], in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key that is a link, or no home at all: no cache is read or written (never an unkeyed one)."""
    home = in_tmp.parent / "home-with-a-linked-key"
    (home / "cscheck").mkdir(parents=True)
    os.symlink(in_tmp / "stolen-key", home / "cscheck" / "key")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    (in_tmp / "cscheck.toml").write_text("")
    (in_tmp / "a.md").write_text("# A\n", encoding="utf-8")
    assert cli("check", ".").exit_code == 0
    assert not (in_tmp / ".cscheck_cache").exists()
    assert not (in_tmp / "stolen-key").exists()
