"""The result cache: reused when nothing changed, re-checked when anything a file depends on did."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

import checker.engine
from checker import cachestore
from checker.cache import FOLDER


def _codes(cli: Callable[..., Result], *args: str) -> dict[str, list[str]]:
    result = cli("check", "--output-format", "json", "--lang", "en", *args)
    assert result.exit_code in (0, 1), result.output
    return {
        f["path"]: [f"{d['code']}:{d['line']}" for d in f["diagnostics"]] for f in json.loads(result.stdout)["files"]
    }


@pytest.fixture
def notes(in_tmp: Path) -> Path:
    (in_tmp / "cscheck.toml").write_text("")
    (in_tmp / "a.md").write_text("# A\n\n![그림](./img/x.png)\n\n[B의 절](b.md#절)\n")
    (in_tmp / "b.md").write_text("# B\n\n## 절\n\n내용\n")
    (in_tmp / "img").mkdir()
    return in_tmp


def test_second_run_reuses_results(cli: Callable[..., Result], notes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _codes(cli, ".")
    assert first == {"a.md": ["CS301:3"], "b.md": []}
    assert (notes / FOLDER / ".gitignore").read_text().strip().endswith("*")

    # With the cache warm, no note is parsed again.
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(checker.engine.Engine, "parse", refuse)
    assert _codes(cli, ".") == first


def test_a_warm_run_reads_no_knowledge_pack_and_a_broken_one_still_stops_the_run(
    cli: Callable[..., Result], notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 21: loading the packs was a quarter of a warm run that checks no file. Results are
    kept under the packs' digests, so a broken pack (new bytes) misses the cache and still ends
    the run with exit 2 before any file is checked."""
    pack = notes / "mine.toml"
    pack.write_text(
        '[[entry]]\nid = "mine"\nkind = "fact"\npattern = "433"\nseverity = "error"\n'
        'message = { ko = "443입니다.", en = "It is 443." }\nsource = "RFC 9110"\nbad = ["433"]\ngood = ["443"]\n',
        encoding="utf-8",
    )
    (notes / "cscheck.toml").write_text('[knowledge]\npacks = ["mine.toml"]\n')
    first = _codes(cli, ".")
    loads: list[object] = []
    original = checker.engine.Engine.load_knowledge

    def counting(self: checker.engine.Engine) -> object:
        loads.append(self)
        return original(self)

    monkeypatch.setattr(checker.engine.Engine, "load_knowledge", counting)
    assert _codes(cli, ".") == first
    assert loads == []
    pack.write_text(pack.read_text(encoding="utf-8").replace('pattern = "433"', 'pattern = "433("'), encoding="utf-8")
    result = cli("check", "--lang", "en", ".")
    assert result.exit_code == 2
    assert "mine.toml: entry 'mine': pattern does not compile" in result.stderr
    assert result.stdout == ""


def test_an_added_image_clears_the_finding(cli: Callable[..., Result], notes: Path) -> None:
    assert _codes(cli, ".")["a.md"] == ["CS301:3"]
    (notes / "img" / "x.png").write_bytes(b"")
    assert _codes(cli, ".")["a.md"] == []


def test_a_changed_heading_in_another_note_rechecks_links_to_it(cli: Callable[..., Result], notes: Path) -> None:
    assert _codes(cli, "a.md") == {"a.md": ["CS301:3"]}
    (notes / "b.md").write_text("# B\n\n## 다른 절\n\n내용\n")
    assert _codes(cli, "a.md") == {"a.md": ["CS301:3", "CS403:5"]}


def test_an_edited_note_is_checked_again(cli: Callable[..., Result], notes: Path) -> None:
    _codes(cli, ".")
    (notes / "b.md").write_text("# B\n\n#### 💡 빈 질문?\n\n## 절\n")
    assert _codes(cli, ".")["b.md"] == ["CS201:3"]


def test_same_bytes_new_mtime_is_still_a_hit(cli: Callable[..., Result], notes: Path) -> None:
    first = _codes(cli, ".")
    os.utime(notes / "b.md", ns=(1, 1))
    assert _codes(cli, ".") == first


def test_settings_change_the_namespace(cli: Callable[..., Result], notes: Path) -> None:
    assert _codes(cli, ".")["a.md"] == ["CS301:3"]
    (notes / "cscheck.toml").write_text('ignore = ["CS301"]\n')
    assert _codes(cli, ".")["a.md"] == []
    (notes / "cscheck.toml").write_text('[severity]\nbroken-image = "warning"\n')
    assert _codes(cli, ".")["a.md"] == ["CS301:3"]


def test_no_cache_and_clean(cli: Callable[..., Result], notes: Path) -> None:
    _codes(cli, "--no-cache", ".")
    assert not (notes / FOLDER).exists()
    _codes(cli, ".")
    assert (notes / FOLDER).is_dir()
    result = cli("clean")
    assert result.exit_code == 0 and not (notes / FOLDER).exists()


def test_unwritable_cache_is_skipped_silently(cli: Callable[..., Result], notes: Path) -> None:
    (notes / FOLDER).write_text("not a folder")  # the cache cannot be created there
    assert _codes(cli, ".") == {"a.md": ["CS301:3"], "b.md": []}
    assert _codes(cli, ".") == {"a.md": ["CS301:3"], "b.md": []}


def test_corrupt_cache_is_ignored(cli: Callable[..., Result], notes: Path) -> None:
    _codes(cli, ".")
    for path in (notes / FOLDER).glob("results-*.json"):
        path.write_text('{"format": 1, "files": {"x": {"sha256": 5, "diagnostics": "nonsense"}}}')
    assert _codes(cli, ".") == {"a.md": ["CS301:3"], "b.md": []}


def test_parallel_output_equals_serial(cli: Callable[..., Result], in_tmp: Path) -> None:
    for n in range(60):
        answer = "답\n" if n % 3 else ""
        (in_tmp / f"n{n:02}.md").write_text(f"# {n}\n\n![x](./{n}.png)\n\n#### 💡 질문 {n}?\n\n{answer}\n## 끝\n")
    serial = cli("check", "--no-cache", "--jobs", "1", "--output-format", "json", ".").stdout
    parallel = cli("check", "--no-cache", "--jobs", "2", "--output-format", "json", ".").stdout
    assert parallel == serial
    assert json.loads(serial)["summary"]["by_code"] == {"CS201": 20, "CS301": 60}


def test_a_few_long_notes_are_checked_in_workers(
    cli: Callable[..., Result], in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 21: workers started only from 24 notes, so a repository of 13 long notes (340 KB)
    was checked in one process; two workers take 0.69 x its time. The output stays the same."""
    import checker.runner  # noqa: PLC0415

    sizes = {"a.md": 900, "b.md": 3000, "c.md": 1000}  # lines of ~80 bytes
    for name, lines in sizes.items():
        body = "".join(f"- 줄 {n}: TCP는 연결형이고 UDP는 비연결형이다 ![x](./{name}-{n}.png)\n" for n in range(lines))
        (in_tmp / name).write_text(f"# {name}\n\n{body}", encoding="utf-8")
    size = {name: (in_tmp / name).stat().st_size for name in sizes}
    assert size["a.md"] + size["c.md"] < checker.runner.PARALLEL_MIN_BYTES <= sum(size.values())
    serial = cli("check", "--no-cache", "--jobs", "1", "--output-format", "json", ".").stdout
    batches: list[list[str]] = []
    in_workers = checker.runner._in_workers

    def spy(engine: object, files: list[tuple[Path, str]], todo: list[int], *args: object) -> object:
        batches.append([files[index][0].name for index in todo])
        return in_workers(engine, files, todo, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(checker.runner, "_in_workers", spy)
    assert cli("check", "--no-cache", "--jobs", "2", "--output-format", "json", ".").stdout == serial
    assert batches == [["a.md", "b.md", "c.md"]]
    assert cli("check", "--no-cache", "--jobs", "2", "--output-format", "json", "a.md", "c.md").stdout
    assert len(batches) == 1  # below the bytes that pay for workers: one process


def test_a_text_run_keeps_no_questions_and_a_json_run_gets_them_back(
    cli: Callable[..., Result], in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Text output drops each file's questions (20 000 notes hold a million); JSON still lists them."""
    (in_tmp / "cscheck.toml").write_text("")
    (in_tmp / "q.md").write_text("# 네트워크\n\n#### 💡 TCP란 무엇인가요?\n\n연결 지향 프로토콜입니다.\n")
    assert cli("check", ".").exit_code == 0
    (results,) = (in_tmp / FOLDER).glob("results-*.json")
    payload = cachestore.read(in_tmp / FOLDER, results.name)
    assert payload is not None
    (entry,) = json.loads(payload)["files"].values()
    assert entry["questions"] is None

    result = cli("check", "--output-format", "json", ".")
    (listed,) = json.loads(result.stdout)["files"]
    assert [q["text"] for q in listed["questions"]] == ["TCP란 무엇인가요?"]

    # Now the cache holds them: the next JSON run parses nothing.
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(checker.engine.Engine, "parse", refuse)
    again = cli("check", "--output-format", "json", ".")
    assert json.loads(again.stdout)["files"][0]["questions"] == listed["questions"]
    assert cli("check", ".").exit_code == 0


def test_a_file_name_that_is_not_utf8_is_cached_too(
    cli: Callable[..., Result], in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name from a CP949 archive is a str with lone surrogates: saving the cache died on it."""
    (in_tmp / "cscheck.toml").write_text("")
    (in_tmp / os.fsdecode(b"\xc7\xd1.md")).write_bytes(b"# x\n\n![a](nope.png)\n")
    first = cli("check", "--output-format", "concise", ".")
    assert first.exit_code == 1 and "CS301" in first.stdout, first.output
    assert list((in_tmp / FOLDER).glob(".tmp-*")) == []

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(checker.engine.Engine, "parse", refuse)
    assert cli("check", "--output-format", "concise", ".").stdout == first.stdout


def test_a_note_edited_while_it_is_checked_is_checked_again(
    cli: Callable[..., Result], in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F7: the stat was taken when results were stored, after every note was checked: an edit in
    between was cached with the old verdict, and a broken note passed every later run."""
    (in_tmp / "cscheck.toml").write_text("")
    note = in_tmp / "a.md"
    note.write_text("# 노트\n\nHTTPS는 443번 포트를 사용한다.\n", encoding="utf-8")
    old = time.time() - 60
    os.utime(note, (old, old))
    real = checker.engine.Engine.check_file

    def edited_meanwhile(self: checker.engine.Engine, path: Path, display: str) -> checker.engine.FileReport:
        report = real(self, path, display)
        note.write_text("# 노트\n\nHTTPS는 433번 포트를 사용한다.\n", encoding="utf-8")  # the same size
        os.utime(note, (old + 1, old + 1))
        return report

    monkeypatch.setattr(checker.engine.Engine, "check_file", edited_meanwhile)
    assert cli("check", "a.md").exit_code == 0  # it checked the bytes it read
    monkeypatch.undo()
    monkeypatch.chdir(in_tmp)
    for _ in range(2):
        result = cli("check", "--lang", "en", "--output-format", "concise", "a.md")
        assert result.exit_code == 1 and "CS501" in result.stdout


def test_an_edit_within_the_same_mtime_tick_is_not_missed(cli: Callable[..., Result], in_tmp: Path) -> None:
    """A note saved twice within one timestamp tick, same size: a fresh stat vouches for nothing."""
    (in_tmp / "cscheck.toml").write_text("")
    note = in_tmp / "a.md"
    note.write_text("# 노트\n\nHTTPS는 443번 포트를 사용한다.\n", encoding="utf-8")
    assert cli("check", "a.md").exit_code == 0
    stamp = note.stat().st_mtime_ns
    note.write_text("# 노트\n\nHTTPS는 433번 포트를 사용한다.\n", encoding="utf-8")
    os.utime(note, ns=(stamp, stamp))  # as a coarse file system would leave it
    assert cli("check", "--lang", "en", "a.md").exit_code == 1
