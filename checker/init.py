"""``cscheck init``: set a study repository up in one step — config, pre-commit hook, CI workflow.

It reads the repository's notes first: which question styles they use (each preset is tried and
its questions and answers counted), and whether they are Korean. Then it writes what is missing,
after showing it; a file that exists is never overwritten (it says so, and what to add by hand).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from checker import __version__
from checker.config import Config, QuestionsConfig
from checker.document import Document
from checker.files import discover
from checker.question_styles import StyleCount, count_styles
from checker.source import SourceText, load
from checker.writer import replace_text

SAMPLE = 400  # notes read to tell the styles apart: enough for any study repository's mix
REPOSITORY = "https://github.com/cscheck/cscheck"
SHARE = 0.2  # a style that finds a fifth of what the best finds is in use too


@dataclass(frozen=True)
class Survey:
    notes: int
    counts: tuple[StyleCount, ...]
    korean: bool
    templates: tuple[str, ...] = ()  # question templates, relative to the root (`template/`)

    @property
    def presets(self) -> tuple[str, ...]:
        best = max((c.questions for c in self.counts), default=0)
        chosen = tuple(c.preset for c in self.counts if c.questions >= 3 and c.questions >= best * SHARE)
        return chosen or ("ssafy",)


@dataclass(frozen=True)
class Planned:
    path: Path
    text: str
    exists: bool


def survey(root: Path) -> Survey:
    """Count each style's questions in (a sample of) the notes under ``root``."""
    every = discover([root], base=root).files
    found = every[:SAMPLE]
    documents = []
    korean = 0
    for path in found:
        loaded = load(path, Config().max_file_size)
        if isinstance(loaded, SourceText):
            documents.append(Document(loaded, path))
            korean += any("\uac00" <= ch <= "\ud7a3" for ch in loaded.text[:4000])
    counts = tuple(count_styles(documents, QuestionsConfig()))
    return Survey(len(documents), counts, korean * 2 >= len(documents) and bool(documents), find_templates(root, every))


_TEMPLATE_NAMES = frozenset({"template", "templates", "_template", "_templates"})


def find_templates(root: Path, notes: Sequence[Path]) -> tuple[str, ...]:
    """The repository's question templates: the top-most folders named ``template`` (or
    ``templates``, ``_template``) holding notes, and notes named so elsewhere — not GitHub's own
    issue and pull-request templates under ``.github/``."""
    found: set[str] = set()
    for note in notes:
        try:
            parts = note.relative_to(root).parts
        except ValueError:
            continue
        if parts[0] == ".github":
            continue
        folders = [i for i, part in enumerate(parts[:-1]) if part.lower() in _TEMPLATE_NAMES]
        if folders:
            found.add("/".join(parts[: folders[0] + 1]) + "/")
        elif Path(parts[-1]).stem.lower() in _TEMPLATE_NAMES:
            found.add("/".join(parts))
    return tuple(sorted(found))


def table(found: Survey, lang: str) -> str:
    """The survey as the table ``init`` shows."""
    head = ("질문 형식", "질문", "답한 질문", "노트") if lang == "ko" else ("style", "questions", "answered", "notes")
    rows = [head, *((c.preset, str(c.questions), str(c.answered), str(c.notes)) for c in found.counts)]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        cells = [cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(cells))
    return "\n".join(lines) + "\n"


def config_text(found: Survey, lang: str) -> str:
    presets = ", ".join(f'"{p}"' for p in found.presets)
    return (
        "# cscheck: https://github.com/cscheck/cscheck (written by `cscheck init`)\n"
        f'lang = "{lang}"\n'
        'exclude = [".github/"]\n'
        "\n"
        "[questions]\n"
        f"presets = [{presets}]\n"
        + (
            f"templates = [{', '.join(repr_toml(t) for t in found.templates)}]  # their answers are no answers\n"
            if found.templates
            else ""
        )
    )


def repr_toml(text: str) -> str:
    """A TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def precommit_text() -> str:
    return (
        "repos:\n"
        f"  - repo: {REPOSITORY}\n"
        f"    rev: v{__version__}\n"
        "    hooks:\n"
        "      - id: cscheck       # refuses a commit with findings, each printed once\n"
        "      # - id: cscheck-fix # instead: also applies the safe fixes (look, git add, commit again)\n"
    )


def workflow_text() -> str:
    return (
        "name: cscheck\n"
        "on: [push, pull_request]\n"
        "jobs:\n"
        "  cscheck:\n"
        "    runs-on: ubuntu-latest\n"
        "    permissions:\n"
        "      contents: read\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        f"      - uses: cscheck/cscheck@v{__version__}\n"
        "        with:\n"
        "          paths: .\n"
        "          output-format: github\n"
    )


LINKS_ISSUE = "Broken outside links (cscheck --remote)"


def links_workflow_text() -> str:
    """A weekly job: every outside image and link fetched (``--remote``), one issue kept up to date.

    The result cache and its key (``~/.cache/cscheck``) are kept between runs by actions/cache, so
    a run re-checks only what is older than ``[remote] cache``.
    """
    return (
        "name: cscheck outside links\n"
        "on:\n"
        "  schedule:\n"
        '    - cron: "23 4 * * 1"  # every Monday, 04:23 UTC\n'
        "  workflow_dispatch:\n"
        "jobs:\n"
        "  links:\n"
        "    runs-on: ubuntu-latest\n"
        "    permissions:\n"
        "      contents: read\n"
        "      issues: write\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        '          python-version: "3.12"\n'
        f'      - run: pip install "cscheck[remote] @ git+{REPOSITORY}@v{__version__}"\n'
        "      - uses: actions/cache@v4\n"
        "        with:\n"
        "          path: |\n"
        "            .cscheck_cache\n"
        "            ~/.cache/cscheck\n"
        "          key: cscheck-remote-${{ github.run_id }}\n"
        "          restore-keys: cscheck-remote-\n"
        "      - name: Fetch every outside image and link; one issue lists the broken ones\n"
        "        env:\n"
        "          GH_TOKEN: ${{ github.token }}\n"
        f'          TITLE: "{LINKS_ISSUE}"\n'
        "        run: |\n"
        "          status=0\n"
        "          cscheck check --remote --select CS312,CS313,CS314 --output-format markdown \\\n"
        "            --output-file links.md || status=$?\n"
        '          [ "$status" -le 1 ] || exit "$status"\n'
        '          cat links.md >> "$GITHUB_STEP_SUMMARY"\n'
        '          number=$(gh issue list --state open --search "$TITLE in:title" --json number --jq ".[0].number")\n'
        '          if [ "$status" -eq 1 ] && [ -n "$number" ]; then gh issue edit "$number" --body-file links.md\n'
        '          elif [ "$status" -eq 1 ]; then gh issue create --title "$TITLE" --body-file links.md\n'
        '          elif [ -n "$number" ]; then gh issue close "$number" --comment "No broken outside links any more."\n'
        "          fi\n"
    )


def plan(root: Path, found: Survey, lang: str) -> list[Planned]:
    """The files ``init`` would write, each with whether it is there already."""
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and not (root / "cscheck.toml").exists():
        config = Planned(pyproject, _as_tool_table(config_text(found, lang)), _has_tool_cscheck(pyproject))
    else:
        config = Planned(root / "cscheck.toml", config_text(found, lang), (root / "cscheck.toml").exists())
    hooks = root / ".pre-commit-config.yaml"
    workflow = root / ".github" / "workflows" / "cscheck.yml"
    links = root / ".github" / "workflows" / "cscheck-links.yml"
    return [
        config,
        Planned(hooks, precommit_text(), hooks.exists()),
        Planned(workflow, workflow_text(), workflow.exists()),
        Planned(links, links_workflow_text(), links.exists()),
    ]


def _as_tool_table(text: str) -> str:
    return text.replace('lang = "', '[tool.cscheck]\nlang = "', 1).replace("[questions]", "[tool.cscheck.questions]")


def _has_tool_cscheck(pyproject: Path) -> bool:
    return "[tool.cscheck" in pyproject.read_text(encoding="utf-8", errors="replace")


def write(planned: Sequence[Planned]) -> list[Path]:
    """Write what does not exist yet (a pyproject.toml gets the table appended); the paths written."""
    written = []
    for item in planned:
        if item.exists:
            continue
        item.path.parent.mkdir(parents=True, exist_ok=True)
        if item.path.name == "pyproject.toml":
            before = item.path.read_text(encoding="utf-8")
            separator = "" if before.endswith("\n\n") else ("\n" if before.endswith("\n") else "\n\n")
            text = before + separator + item.text
        else:
            text = item.text
        replace_text(item.path, text)
        written.append(item.path)
    return written
