"""The GitHub Actions integration, tested offline: ``.github/workflows/cscheck.yml`` (this repository's
gate) and the composite ``action.yml`` (for study repositories).

Both are parsed with PyYAML and validated against the workflow and action JSON Schemas that
``check-jsonschema`` vendors (a test dependency); their structure is pinned; every ``run:`` script
passes ``bash -n``; and the action's check script is run with bash the way the runner runs it — each
``${{ inputs.* }}`` in its ``env:`` replaced by the input's value or default — against a folder of
notes, once per ``fail-level``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import IN_CI, REPO, require_tool

WORKFLOW = REPO / ".github" / "workflows" / "cscheck.yml"
TESTS_WORKFLOW = REPO / ".github" / "workflows" / "tests.yml"
ACTION = REPO / "action.yml"
CSCHECK = Path(sys.executable).parent / "cscheck"
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def run_steps(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [step for step in steps if "run" in step]


# -- schema and structure -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "schema"),
    [(WORKFLOW, "vendor.github-workflows"), (TESTS_WORKFLOW, "vendor.github-workflows"), (ACTION, "vendor.github-actions")],
    ids=["workflow", "tests-workflow", "action"],
)
def test_valid_against_githubs_schema(path: Path, schema: str) -> None:
    try:
        import check_jsonschema  # noqa: F401, PLC0415
    except ImportError:
        if IN_CI:
            pytest.fail("check-jsonschema is required in CI (a test dependency: pip install -e '.[test]')")
        pytest.skip("check-jsonschema is not installed (pip install -e '.[test]')")
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_tests_run_on_windows_macos_and_linux() -> None:
    """Issue 18: Windows and macOS are first-class; the README's test command on each of them."""
    job = load(TESTS_WORKFLOW)["jobs"]["tests"]
    assert job["strategy"]["matrix"] == {
        "os": ["ubuntu-latest", "windows-latest", "macos-latest"],
        "python": ["3.11", "3.13"],
    }
    commands = [step.get("run", "") for step in job["steps"]]
    assert "python -m pytest -q" in commands


def test_workflow_checks_the_notes_and_uploads_sarif_always() -> None:
    workflow = load(WORKFLOW)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    job = workflow["jobs"]["notes"]
    assert job["permissions"]["security-events"] == "write"
    steps = job["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert uses[0].startswith("actions/checkout@")
    assert any(u.startswith("actions/setup-python@") for u in uses)
    runs = [step["run"].strip() for step in run_steps(steps)]
    assert any("pip install" in run for run in runs)
    assert "cscheck check content/ --output-format github" in runs
    sarif_step = next(step for step in steps if "--output-format sarif" in step.get("run", ""))
    assert sarif_step["if"] == "always()"
    assert sarif_step["run"].strip().endswith("> cscheck.sarif")
    upload = next(step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["if"] == "always()"
    assert upload["with"]["sarif_file"] == "cscheck.sarif"
    assert steps.index(sarif_step) < steps.index(upload)
    for step in run_steps(steps):
        assert step.get("shell") == "bash", step
    # the composite action, run on the notes as a study repository runs it
    action_steps = workflow["jobs"]["action"]["steps"]
    assert any(step.get("uses") == "./" and step["with"]["paths"] == "content/" for step in action_steps)


def test_workflow_check_commands_pass_on_the_notes(tmp_path: Path) -> None:
    """The check and SARIF steps, run in this checkout (the install step needs the network)."""
    require_tool("bash")
    steps = load(WORKFLOW)["jobs"]["notes"]["steps"]
    env = {**os.environ, "PATH": f"{CSCHECK.parent}{os.pathsep}{os.environ.get('PATH', '')}", "LC_ALL": "C.UTF-8"}
    env.pop("GITHUB_STEP_SUMMARY", None)
    sarif = tmp_path / "cscheck.sarif"
    checks = [step["run"] for step in run_steps(steps) if "cscheck check" in step["run"]]
    assert len(checks) == 2
    for check in checks:
        script = check.replace("> cscheck.sarif", f"> {sarif}")  # write nothing into the checkout
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, script + done.stdout + done.stderr
    assert '"version": "2.1.0"' in sarif.read_text(encoding="utf-8")


def test_action_inputs_and_steps() -> None:
    action = load(ACTION)
    inputs = action["inputs"]
    assert {"paths", "output-format", "fail-level", "version", "args"} <= set(inputs)
    assert inputs["paths"]["default"] == "."
    assert inputs["output-format"]["default"] == "github"
    assert inputs["fail-level"]["default"] == "warning"
    for name, spec in inputs.items():
        assert spec.get("description"), name
        assert spec.get("required", False) is False, name
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert run_steps(steps), "no run steps"
    for step in run_steps(steps):
        assert step.get("shell") == "bash", step.get("name")  # a composite run step must name its shell
        assert "${{" not in step["run"], f"{step.get('name')}: pass inputs through env:, not into the script"
    ids = [step.get("id") for step in steps]
    assert "check" in ids and "install" in ids
    assert action["outputs"]["exit-code"]["value"] == "${{ steps.check.outputs.exit-code }}"


@pytest.mark.parametrize("path", [WORKFLOW, ACTION], ids=["workflow", "action"])
def test_run_scripts_are_valid_bash(path: Path) -> None:
    require_tool("bash")
    data = load(path)
    steps = data["runs"]["steps"] if "runs" in data else [s for job in data["jobs"].values() for s in job["steps"]]
    for step in run_steps(steps):
        done = subprocess.run(["bash", "-n", "-c", step["run"]], capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{step.get('name')}: {done.stderr}"


# -- the action's check step, run with bash -----------------------------------------------------


def action_step(step_id: str) -> dict[str, Any]:
    steps = load(ACTION)["runs"]["steps"]
    step: dict[str, Any] = next(step for step in steps if step.get("id") == step_id)
    return step


def run_step(
    step: dict[str, Any], folder: Path, inputs: dict[str, str], context: dict[str, str], outputs: Path
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run one of the action's run steps as the runner does: ``${{ inputs.x }}`` and the ``context``
    expressions in its ``env:`` substituted, ``bash --noprofile --norc -eo pipefail``; returns the
    process and what the step wrote to ``$GITHUB_OUTPUT``."""
    defaults = {name: str(spec.get("default", "")) for name, spec in load(ACTION)["inputs"].items()}

    def resolve(match: re.Match[str]) -> str:
        expression = match.group(1)
        if expression.startswith("inputs."):
            name = expression.removeprefix("inputs.")
            assert name in defaults, f"unknown input {name}"
            return inputs.get(name, defaults[name])
        assert expression in context, f"the test does not know ${{{{ {expression} }}}}"
        return context[expression]

    env = {key: value for key, value in os.environ.items() if not key.startswith(("GITHUB_", "INPUT_", "LC_"))}
    env.update({"GITHUB_OUTPUT": str(outputs), "LC_ALL": "C.UTF-8", "NO_COLOR": "1"})
    for key, value in step["env"].items():
        env[key] = _EXPRESSION.sub(resolve, str(value))
    outputs.write_text("", encoding="utf-8")
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step["run"]],  # GitHub's `shell: bash`
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    written = dict(line.split("=", 1) for line in outputs.read_text(encoding="utf-8").splitlines() if "=" in line)
    return done, written


ActionRunner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_action(tmp_path: Path) -> ActionRunner:
    """Run the action's check step in ``folder`` with ``inputs`` (the rest take their defaults)."""
    require_tool("bash")
    step = action_step("check")

    def run(folder: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
        named = {name.replace("_", "-"): value for name, value in inputs.items()}
        context = {"steps.install.outputs.cscheck": str(CSCHECK)}
        done, written = run_step(step, folder, named, context, tmp_path / "github_output")
        assert written.get("exit-code") == str(done.returncode), (written, done.stderr)
        return done

    return run


# A stand-in for the Python that setup-python provides: `-m venv DIR` makes a venv whose python
# records its arguments (the pip install) and whose cscheck prints a version.
FAKE_PYTHON = """#!/usr/bin/env bash
set -e
[ "$1 $2" = "-m venv" ]
mkdir -p "$3/bin"
printf '#!/usr/bin/env bash\nprintf "%%s\\n" "$@" > "$(dirname "$0")/pip-args"\n' > "$3/bin/python"
printf '#!/bin/sh\necho "cscheck, version 0.0.0"\n' > "$3/bin/cscheck"
chmod +x "$3/bin/python" "$3/bin/cscheck"
"""


@pytest.mark.parametrize(
    ("version", "repository", "requirement"),
    [
        ("", "cscheck/cscheck", f"{REPO}"),  # the action's own checkout, at the ref in `uses:`
        ("v0.2.0", "cscheck/cscheck", "cscheck @ git+https://github.com/cscheck/cscheck@v0.2.0"),
        ("cscheck==0.1.0", "cscheck/cscheck", "cscheck==0.1.0"),
        ("git+https://example.invalid/x.git", "", "git+https://example.invalid/x.git"),
        ("v0.2.0", "", None),  # `uses: ./` has no repository to take a ref of
    ],
)
def test_action_install_step_picks_what_to_install(
    tmp_path: Path, version: str, repository: str, requirement: str | None
) -> None:
    require_tool("bash")
    python = tmp_path / "python"
    python.write_text(FAKE_PYTHON, encoding="utf-8")
    python.chmod(0o755)
    context = {
        "steps.python.outputs.python-path": str(python),
        "github.action_path": str(REPO),
        "github.action_repository": repository,
        "github.server_url": "https://github.com",
    }
    step = action_step("install")
    step["env"] = {**step["env"], "RUNNER_TEMP": str(tmp_path)}
    done, written = run_step(step, tmp_path, {"version": version}, context, tmp_path / "github_output")
    venv = tmp_path / "cscheck-venv"
    if requirement is None:
        assert done.returncode == 2 and done.stdout.startswith("::error title=cscheck::version 'v0.2.0' names a ref")
        return
    assert done.returncode == 0, done.stdout + done.stderr
    pip = (venv / "bin" / "pip-args").read_text(encoding="utf-8").splitlines()
    assert pip[:3] == ["-m", "pip", "install"] and pip[-1] == requirement
    assert written == {"cscheck": str(venv / "bin" / "cscheck")}
    assert "cscheck, version 0.0.0" in done.stdout


def notes(folder: Path, severity: str) -> Path:
    """A study folder whose one finding (a merge conflict) has ``severity``; a clean note beside it."""
    (folder / "notes").mkdir(parents=True)
    (folder / "cscheck.toml").write_text(f'[severity]\nmerge-conflict = "{severity}"\n', encoding="utf-8")
    (folder / "notes" / "tcp.md").write_text("#### 💡 TCP란?\n\n<<<<<<< HEAD\n연결형\n=======\n비연결형\n>>>>>>> x\n")
    (folder / "notes" / "udp.md").write_text("#### 💡 UDP란?\n\n비연결형 전송 계층 프로토콜이다.\n")
    return folder


@pytest.mark.parametrize(
    ("severity", "expected"),
    [
        ("error", {"error": 1, "warning": 1, "info": 1, "none": 0}),
        ("warning", {"error": 0, "warning": 1, "info": 1, "none": 0}),
        ("info", {"error": 0, "warning": 0, "info": 1, "none": 0}),
    ],
)
def test_action_fail_levels(run_action: ActionRunner, tmp_path: Path, severity: str, expected: dict[str, int]) -> None:
    folder = notes(tmp_path / "study", severity)
    for level, code in expected.items():
        done = run_action(folder, fail_level=level)
        assert done.returncode == code, (level, done.stdout, done.stderr)
        command, file = f"::{severity if severity != 'info' else 'notice'} ", "file=notes/tcp.md,line=3"
        assert command in done.stdout and file in done.stdout, done.stdout  # annotations, the default format
    assert run_action(folder).returncode == expected["warning"]  # the default fail-level


def test_action_paths_args_and_output_file(run_action: ActionRunner, tmp_path: Path) -> None:
    folder = notes(tmp_path / "study", "error")
    clean = run_action(folder, paths="notes/udp.md")
    assert clean.returncode == 0 and clean.stdout == "", clean.stdout
    several = run_action(folder, paths="notes/udp.md\n  notes/tcp.md ", output_format="concise", args="--lang ko")
    assert several.returncode == 1
    assert "notes/tcp.md:3:1: CS101" in several.stdout and "병합 충돌" in several.stdout
    ignored = run_action(folder, args="--ignore CS101 --output-format json")
    assert ignored.returncode == 0 and '"version": 1' in ignored.stdout
    globbed = run_action(folder, paths="notes/*.md")  # no globbing: cscheck is told of a missing file
    assert globbed.returncode == 2
    (folder / "01. 네트워크 정리").mkdir()
    (folder / "01. 네트워크 정리" / "a.md").write_text("# 정리\n\n![그림](없는.png)\n", encoding="utf-8")
    spaced = run_action(folder, paths="01. 네트워크 정리\nnotes/udp.md\n", output_format="concise")
    assert spaced.returncode == 1 and "01. 네트워크 정리/a.md:3:" in spaced.stdout, spaced.stderr
    one_spaced_line = run_action(folder, paths="01. 네트워크 정리", output_format="concise")
    assert one_spaced_line.returncode == 1 and "01. 네트워크 정리/a.md:3:" in one_spaced_line.stdout
    sarif = run_action(folder, output_format="sarif", output_file="cscheck.sarif")
    assert sarif.returncode == 1 and sarif.stdout == ""
    assert '"ruleId": "CS101"' in (folder / "cscheck.sarif").read_text(encoding="utf-8")


def test_action_refuses_an_unknown_fail_level(run_action: ActionRunner, tmp_path: Path) -> None:
    done = run_action(notes(tmp_path / "study", "error"), fail_level="sometimes")
    assert done.returncode == 2
    assert done.stdout.startswith("::error title=cscheck::fail-level must be error, warning, info or none")


# -- the README's recipes use what the files define ---------------------------------------------


def _readme_yaml_blocks() -> list[Any]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Using cscheck in a study repository") :]
    section = section[: section.index("\n## ", 1)]
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)]


def test_readme_recipes_match_the_hooks_and_the_action() -> None:
    blocks = _readme_yaml_blocks()
    hook_ids = {hook["id"] for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    configs = [block for block in blocks if isinstance(block, dict) and "repos" in block]
    assert configs, "no .pre-commit-config.yaml recipe"
    for repo in configs[0]["repos"]:
        assert repo["rev"] and {hook["id"] for hook in repo["hooks"]} <= hook_ids
    inputs = set(load(ACTION)["inputs"])
    steps = [
        step
        for block in blocks
        for step in (
            [s for job in block["jobs"].values() for s in job["steps"]]
            if isinstance(block, dict) and "jobs" in block
            else block
            if isinstance(block, list)
            else []
        )
    ]
    action_steps = [step for step in steps if re.fullmatch(r"[\w-]+/cscheck@\S+", step.get("uses", ""))]
    assert len(action_steps) >= 2
    for step in action_steps:
        assert set(step.get("with", {})) <= inputs, step


# -- the README's workflows (and init's), pasted into a study repository and run ----------------


def _readme_yaml_workflows() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return [block for block in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL) if block.startswith("name:")]


def _readme_workflows() -> list[str]:
    """The README's check workflows (a `cscheck` job); the weekly links one is tested apart."""
    return [block for block in _readme_yaml_workflows() if "cscheck" in yaml.safe_load(block)["jobs"]]


def test_the_readme_links_workflow_is_the_one_init_writes() -> None:
    """tests/test_remote.py validates what init writes against GitHub's schema; the README shows the same."""
    from checker.init import links_workflow_text  # noqa: PLC0415

    others = [block for block in _readme_yaml_workflows() if block not in _readme_workflows()]
    assert others == [links_workflow_text()]


def _workflow_cases() -> list[Any]:
    from checker.init import workflow_text  # noqa: PLC0415

    readme = _readme_workflows()
    cases = [pytest.param(text, id=f"readme-{number}") for number, text in enumerate(readme, 1)]
    return [*cases, pytest.param(workflow_text(), id="init")]


def test_the_readme_has_the_two_workflows() -> None:
    workflows = [yaml.safe_load(text) for text in _readme_workflows()]
    formats = [step.get("with", {}).get("output-format") for w in workflows for step in w["jobs"]["cscheck"]["steps"]]
    assert "github" in formats and "sarif" in formats


@pytest.mark.integration
@pytest.mark.parametrize("text", _workflow_cases())
def test_a_pasted_workflow_is_valid_and_its_steps_work(tmp_path: Path, text: str) -> None:
    """Issue 18, item 7: a workflow snippet, pasted as `.github/workflows/cscheck.yml` into a study
    repository, passes GitHub's schema, pins the release tag `init` writes, and its steps run:
    the checkout is a local clone, the action is installed from this checkout (its install step
    with a stand-in Python, the check step with the real cscheck and the snippet's inputs), and an
    upload finds the file the check wrote — even though the check failed the job."""
    from checker import __version__  # noqa: PLC0415

    require_tool("git")
    require_tool("bash")
    origin = notes(tmp_path / "origin", "error")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@cscheck.invalid", "-c", "commit.gpgsign=false"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "notes"]):
        subprocess.run([*git, *command], cwd=origin, capture_output=True, check=True)
    study = tmp_path / "study"
    subprocess.run(["git", "clone", "-q", str(origin), str(study)], capture_output=True, check=True)  # the checkout
    workflow = study / ".github" / "workflows" / "cscheck.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(text, encoding="utf-8")
    test_valid_against_githubs_schema(workflow, "vendor.github-workflows")

    steps = yaml.safe_load(text)["jobs"]["cscheck"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@v")
    failed = False
    uploaded = []
    for step in steps[1:]:
        if failed and step.get("if") != "always()":
            continue
        uses = step.get("uses", "")
        if uses.startswith("cscheck/cscheck@"):
            assert uses == f"cscheck/cscheck@v{__version__}"  # the tag of this release, as init writes it
            inputs = {name: str(value) for name, value in step.get("with", {}).items()}
            assert set(inputs) <= set(load(ACTION)["inputs"])
            (tmp_path / "install").mkdir()
            test_action_install_step_picks_what_to_install(
                tmp_path / "install", inputs.get("version", ""), "cscheck/cscheck", f"{REPO}"
            )
            context = {"steps.install.outputs.cscheck": str(CSCHECK)}
            done, written = run_step(action_step("check"), study, inputs, context, tmp_path / "github_output")
            assert written.get("exit-code") == str(done.returncode) == "1", done.stdout + done.stderr
            if inputs.get("output-format", "github") == "github":
                assert "::error " in done.stdout and "file=notes/tcp.md,line=3" in done.stdout, done.stdout
            failed = True  # the conflict in notes/tcp.md fails the job
        elif uses.startswith("github/codeql-action/upload-sarif@"):
            sarif = study / step["with"]["sarif_file"]
            report = sarif.read_text(encoding="utf-8")
            assert '"version": "2.1.0"' in report and '"ruleId": "CS101"' in report
            uploaded.append(sarif)
        elif "run" in step:
            env = {**os.environ, "PATH": f"{CSCHECK.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
            script = ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step["run"]]
            failed = subprocess.run(script, cwd=study, env=env, capture_output=True, check=False).returncode != 0
        else:
            pytest.fail(f"a step the test does not know: {step}")
    assert failed  # the job fails on the finding ...
    if any("upload-sarif" in step.get("uses", "") for step in steps):
        assert uploaded  # ... and the upload ran anyway
