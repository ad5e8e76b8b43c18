"""The pre-commit hooks (``.pre-commit-hooks.yaml``) as a study repository uses them, with the real
``pre-commit`` and ``git``: integration tests (skip without them, fail in CI). pre-commit also
validates the hook manifest and this repository's own ``.pre-commit-config.yaml``.

A study repository names this repository and a commit (``repo:`` + ``rev:``). To test the working
tree as it is — uncommitted changes included, as ``pre-commit try-repo`` would — the module copies
the files git knows of (tracked and untracked, not ignored) into a throwaway repository and commits
them; that commit is the ``rev:``. pre-commit then clones it and pip-installs cscheck from PyPI's
dependencies into an environment under one temporary ``PRE_COMMIT_HOME`` shared by the module, so
the environment is built once.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker import __version__
from tests.conftest import IN_CI, REPO, require_tool, shared

# `####💡` is no heading (CS102, safely fixable); `#-질문` is dead until it is (CS401); wip.md is
# just as broken but excluded by the study repository's config.
NOTE = "# 네트워크\n\n- [질문](#-질문)\n\n####💡 질문\n\nTCP는 연결형 프로토콜이다.\n"
FIXED = NOTE.replace("####💡", "#### 💡")
CONFIG = 'exclude = ["drafts/"]\n'


def _pre_commit() -> list[str]:
    try:
        import pre_commit  # noqa: F401, PLC0415
    except ImportError:
        if IN_CI:
            pytest.fail("pre-commit is required in CI (a test dependency: pip install -e '.[test]')")
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    return [sys.executable, "-m", "pre_commit"]


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """git without the user's config, one PRE_COMMIT_HOME, English messages."""
    home = tmp_path_factory.mktemp("precommit-env")
    global_config = home / "gitconfig"
    global_config.write_text("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n", encoding="utf-8")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PRE_COMMIT", "LC_", "LANG", "SKIP"))
    }
    env.update(
        {
            "PRE_COMMIT_HOME": str(home / "cache"),
            "GIT_CONFIG_GLOBAL": str(global_config),
            "GIT_CONFIG_NOSYSTEM": "1",
            "LC_ALL": "C.UTF-8",
            "NO_COLOR": "1",
        }
    )
    return env


def _git(folder: Path, env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "user.name=cscheck tests", "-c", "user.email=tests@cscheck.invalid", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=check,
        timeout=600,
    )


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, environment: dict[str, str]) -> Iterator[tuple[Path, str]]:
    """A committed snapshot of this working tree: (its path, the commit to use as ``rev:``)."""
    require_tool("git")
    if not (REPO / ".git").exists():
        pytest.skip("needs a git checkout of cscheck (its files are listed with git)")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "surrogateescape")
    snapshot = tmp_path_factory.mktemp("cscheck-snapshot")
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if not source.is_file():  # deleted in the working tree, or a submodule
            continue
        target = snapshot / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    _git(snapshot, environment, "init", "-q")
    _git(snapshot, environment, "add", ".")
    _git(snapshot, environment, "commit", "-q", "--no-verify", "-m", "snapshot of the working tree")
    _git(snapshot, environment, "tag", f"v{__version__}")  # as each release is tagged: the rev init writes
    rev = _git(snapshot, environment, "rev-parse", "HEAD").stdout.strip()
    yield snapshot, rev


def _study_repo(folder: Path, env: dict[str, str], hook_repo: tuple[Path, str], hooks: list[str]) -> None:
    """A study repository with a broken note, an excluded draft and the hooks installed."""
    repo, rev = hook_repo
    _git(folder, env, "init", "-q")
    (folder / "note.md").write_text(NOTE, encoding="utf-8")
    (folder / "drafts").mkdir()
    (folder / "drafts" / "wip.md").write_text(NOTE, encoding="utf-8")
    (folder / "cscheck.toml").write_text(CONFIG, encoding="utf-8")
    hook_lines = "".join(f"      - id: {hook}\n" for hook in hooks)
    (folder / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo.as_posix()}\n    rev: {rev}\n    hooks:\n{hook_lines}", encoding="utf-8"
    )
    done = subprocess.run(
        [*_pre_commit(), "install"], cwd=folder, env=env, capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    _git(folder, env, "add", "note.md", "drafts/wip.md", "cscheck.toml", ".pre-commit-config.yaml")


def _commit(folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _git(folder, env, "commit", "-m", "노트 추가", check=False)


def _commits(folder: Path, env: dict[str, str]) -> int:
    done = _git(folder, env, "rev-list", "--count", "HEAD", check=False)
    return int(done.stdout.strip()) if done.returncode == 0 else 0


@pytest.mark.parametrize(
    ("command", "path"),
    [("validate-manifest", ".pre-commit-hooks.yaml"), ("validate-config", ".pre-commit-config.yaml")],
)
def test_pre_commit_accepts_the_files(command: str, path: str) -> None:
    done = subprocess.run(
        [*_pre_commit(), command, str(REPO / path)], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_hooks_pass_force_exclude_and_take_markdown() -> None:
    import yaml  # noqa: PLC0415 — comes with pre-commit

    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"cscheck", "cscheck-fix"}
    assert hooks["cscheck"]["entry"] == "cscheck check --force-exclude"
    assert hooks["cscheck-fix"]["entry"] == "cscheck fix --force-exclude"
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["types"] == ["markdown"]


@pytest.mark.integration
def test_check_hook_refuses_the_commit_with_cscheck_findings(
    tmp_path: Path, environment: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    _study_repo(tmp_path, environment, hook_repo, ["cscheck"])
    done = _commit(tmp_path, environment)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert _commits(tmp_path, environment) == 0
    assert "cscheck" in output and "Failed" in output
    # Korean notes, no `lang` and no Korean locale: the messages are Korean
    assert "note.md:5:1: CS102 [*] broken-heading: `####` 뒤에 공백이 없어" in output
    assert "note.md:3:" in output and "CS401 broken-anchor" in output
    assert "wip.md" not in output  # the study repo's `exclude` applies to the files pre-commit names
    assert (tmp_path / "note.md").read_text(encoding="utf-8") == NOTE  # the check hook writes nothing


@pytest.mark.integration
def test_fix_hook_fixes_and_the_restaged_commit_passes(
    tmp_path: Path, environment: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    _study_repo(tmp_path, environment, hook_repo, ["cscheck-fix", "cscheck"])
    first = _commit(tmp_path, environment)
    output = first.stdout + first.stderr
    assert first.returncode != 0, output
    assert "files were modified by this hook" in output
    assert "note.md: 1개 고침 (CS102)" in output
    assert (tmp_path / "note.md").read_text(encoding="utf-8") == FIXED
    assert (tmp_path / "drafts" / "wip.md").read_text(encoding="utf-8") == NOTE  # excluded: untouched
    assert _commits(tmp_path, environment) == 0

    _git(tmp_path, environment, "add", "note.md")
    second = _commit(tmp_path, environment)
    output = second.stdout + second.stderr
    assert second.returncode == 0, output
    assert "cscheck (fix)" in output and "Passed" in output
    assert _commits(tmp_path, environment) == 1


def _cscheck(folder: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checker", *args], cwd=folder, env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.integration
def test_init_then_the_hook_works_first_time_and_a_baseline_lets_only_new_findings_fail(
    tmp_path: Path, environment: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    """Issue 18's 'done when', in a scratch copy of a corpus-dev repository."""
    source = shared("corpus-dev", "SSAFY-CS-STUDY__Tech_interview")
    study = tmp_path / "study"
    shutil.copytree(source, study)
    _git(study, environment, "init", "-q")
    _git(study, environment, "add", "-A")
    _git(study, environment, "commit", "-q", "--no-verify", "-m", "notes")
    preview = _cscheck(study, environment, "init", "--dry-run")
    assert preview.returncode == 0, preview.stderr
    assert not (study / "cscheck.toml").exists() and not (study / ".pre-commit-config.yaml").exists()
    done = _cscheck(study, environment, "init")
    assert done.returncode == 0, done.stderr
    for name in ("cscheck.toml", ".pre-commit-config.yaml", ".github/workflows/cscheck.yml"):
        assert (study / name).is_file(), done.stdout
    again = _cscheck(study, environment, "init")
    assert again.returncode == 0 and "wrote" not in again.stdout and "썼습니다" not in again.stdout  # idempotent
    # CI has no internet: point the written `repo:` at a local snapshot of this checkout, tagged as
    # the release is; the `rev:` init wrote is kept, so it must be that tag
    repo, _ = hook_repo
    hooks = (study / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "repo: https://github.com/cscheck/cscheck" in hooks and f"rev: v{__version__}\n" in hooks
    (study / ".pre-commit-config.yaml").write_text(
        re.sub(r"repo: \S+", f"repo: {repo.as_posix()}", hooks), encoding="utf-8"
    )
    first = subprocess.run(
        [*_pre_commit(), "run", "--all-files"], cwd=study, env=environment, capture_output=True, text=True, check=False
    )
    output = first.stdout + first.stderr
    assert "cscheck" in output and "An unexpected error" not in output and "Traceback" not in output, output
    # the old findings recorded, a commit adding one broken image fails on that finding alone
    assert _cscheck(study, environment, "baseline").returncode == 0
    config = (study / "cscheck.toml").read_text(encoding="utf-8")
    (study / "cscheck.toml").write_text('baseline = "cscheck-baseline.json"\n' + config, encoding="utf-8")
    subprocess.run([*_pre_commit(), "install"], cwd=study, env=environment, capture_output=True, check=True)
    _git(study, environment, "add", "-A")
    clean = _git(study, environment, "commit", "-q", "-m", "cscheck", check=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    note = next(p for p in sorted(study.rglob("*.md")) if ".github" not in p.parts)
    with note.open("a", encoding="utf-8") as handle:
        handle.write("\n![새 그림](images/없는-그림.png)\n")
    _git(study, environment, "add", str(note.relative_to(study)))
    refused = _git(study, environment, "commit", "-m", "그림 추가", check=False)
    found = [line for line in (refused.stdout + refused.stderr).splitlines() if re.search(r":\d+:\d+: CS\d{3}", line)]
    assert refused.returncode != 0, refused.stdout + refused.stderr
    assert len(found) == 1, refused.stdout + refused.stderr
    assert len(found) == 1 and "CS301" in found[0] and "없는-그림.png" in found[0], found


@pytest.mark.integration
def test_the_readme_snippet_works_when_pasted_and_prints_each_finding_once(
    tmp_path: Path, environment: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    """Issue 18: the README's `.pre-commit-config.yaml`, pasted into a study repository (its `repo:`
    pointed at a local snapshot: CI has no internet)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    snippet = next(block for block in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL) if block.startswith("repos:"))
    repo, _ = hook_repo
    assert f"rev: v{__version__}\n" in snippet  # the release tag, kept: the snapshot is tagged so
    snippet = re.sub(r"repo: \S+", f"repo: {repo.as_posix()}", snippet)
    _git(tmp_path, environment, "init", "-q")
    (tmp_path / ".pre-commit-config.yaml").write_text(snippet, encoding="utf-8")
    (tmp_path / "note.md").write_text(NOTE, encoding="utf-8")
    installed = subprocess.run([*_pre_commit(), "install"], cwd=tmp_path, env=environment, capture_output=True, check=False)
    assert installed.returncode == 0
    _git(tmp_path, environment, "add", "-A")
    done = _commit(tmp_path, environment)
    output = done.stdout + done.stderr
    assert done.returncode != 0 and _commits(tmp_path, environment) == 0, output
    findings = [line for line in output.splitlines() if re.match(r"note\.md:\d+:\d+: CS\d{3}", line)]
    assert findings and len(findings) == len(set(findings)), output  # each finding once


@pytest.mark.integration
def test_a_repository_that_vendors_cscheck_uses_the_readmes_local_hook(
    tmp_path: Path, environment: dict[str, str]
) -> None:
    """Issue 18, item 7: the README's `repo: local` recipe, pasted into a study repository that
    keeps a copy of cscheck in tools/cscheck/: pre-commit builds the hook's environment from its
    `additional_dependencies` and the copy runs; the dependencies are cscheck's own."""
    import tomllib  # noqa: PLC0415

    import yaml  # noqa: PLC0415 — comes with pre-commit

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    snippet = next(
        block for block in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL) if "repo: local" in block
    )
    hook = yaml.safe_load(snippet)["repos"][0]["hooks"][0]
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"]
    assert hook["additional_dependencies"] == wanted
    _git(tmp_path, environment, "init", "-q")
    for package in ("checker", "rules"):
        shutil.copytree(REPO / package, tmp_path / "tools" / "cscheck" / package, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / ".pre-commit-config.yaml").write_text(snippet, encoding="utf-8")
    (tmp_path / "note.md").write_text(NOTE, encoding="utf-8")
    _git(tmp_path, environment, "add", "-A")
    done = subprocess.run(
        [*_pre_commit(), "run", "--files", "note.md"], cwd=tmp_path, env=environment, capture_output=True,
        text=True, check=False, timeout=600,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1 and "cscheck" in output and "Failed" in output, output
    assert "note.md:5:1: CS102 [*] broken-heading" in output, output
