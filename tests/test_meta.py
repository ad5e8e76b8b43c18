"""The rules keep their promises: docs, tests, unique codes, fresh README, one-way imports."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from checker.api import make_engine
from checker.diagnostic import Diagnostic
from checker.docs import REQUIRED_SECTIONS, REQUIRED_SECTIONS_KO, rules_markdown
from checker.registry import builtin_rules
from checker.rule import FixAvailability
from tests.conftest import REPO, shared

RULES = builtin_rules()


def test_codes_and_names_are_unique_and_in_order() -> None:
    codes = [rule.code for rule in RULES]
    names = [rule.name for rule in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    assert codes == sorted(codes)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_is_documented(rule: type) -> None:
    docs = rule.documentation()  # type: ignore[attr-defined]
    for section in REQUIRED_SECTIONS:
        assert f"## {section}" in docs, f"{rule.__name__} lacks '## {section}'"
    assert rule.summary.ko and rule.summary.en  # type: ignore[attr-defined]


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_is_documented_in_korean(rule: type) -> None:
    """Issue 18: `cscheck rule CODE --lang ko`; the Korean docs are rules/<module>.ko.md, the same
    five sections, in the same order, with the English docs' examples (their indented blocks)."""
    module = rule.__module__.removeprefix("rules.")
    assert (REPO / "rules" / f"{module}.ko.md").is_file(), f"rules/{module}.ko.md is missing"
    docs = rule.documentation("ko")  # type: ignore[attr-defined]
    headings = [line.removeprefix("## ") for line in docs.splitlines() if line.startswith("## ")]
    assert headings == list(REQUIRED_SECTIONS_KO), f"rules/{module}.ko.md: sections {headings}"
    assert any("\uac00" <= ch <= "\ud7a3" for ch in docs.replace(rule.summary.ko, ""))  # type: ignore[attr-defined]

    def examples(text: str) -> list[str]:
        return [line for line in text.splitlines() if line.startswith("    ") and line.strip()]

    assert examples(docs) == examples(rule.documentation()), f"rules/{module}.ko.md: the examples differ"  # type: ignore[attr-defined]


def test_every_korean_doc_belongs_to_a_rule() -> None:
    modules = {rule.__module__.removeprefix("rules.") for rule in RULES}
    docs = {p.name.removesuffix(".ko.md") for p in (REPO / "rules").glob("*.ko.md")} - {"README"}
    assert docs == modules


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_has_tests(rule: type) -> None:
    """Its cases as data (tests/rules/cases/CODE.toml), or a test module of its own (file-level rules)."""
    module = rule.__module__.removeprefix("rules.")
    cases = REPO / "tests" / "rules" / "cases" / f"{rule.code}.toml"  # type: ignore[attr-defined]
    assert cases.is_file() or (REPO / "tests" / "rules" / f"test_{module}.py").is_file()


def test_every_rule_module_is_registered() -> None:
    modules = {p.stem for p in (REPO / "rules").glob("*.py") if not p.stem.startswith("_")}
    assert modules == {rule.__module__.removeprefix("rules.") for rule in RULES}


def test_shared_rule_code_is_shared() -> None:
    """Code several rules use lives in ``rules/_*.py``, not in one of them: each such module
    serves at least two rules, and no rule module imports a sibling rule."""
    helpers = {p.stem for p in (REPO / "rules").glob("_*.py") if p.stem != "__init__"}
    users: dict[str, set[str]] = {helper: set() for helper in helpers}
    for rule in RULES:
        module = rule.__module__.removeprefix("rules.")
        for line in (REPO / "rules" / f"{module}.py").read_text(encoding="utf-8").splitlines():
            if line.startswith("from rules."):
                imported = line.split()[1].removeprefix("rules.")
                assert imported in helpers, f"{module} imports the rule module {imported}"
                users[imported].add(module)
    assert all(len(modules) >= 2 for modules in users.values()), users


def test_rules_readme_is_fresh() -> None:
    readme = (REPO / "rules" / "README.md").read_text(encoding="utf-8")
    assert readme == rules_markdown(RULES), "regenerate: cscheck rules --output-format markdown --lang en > rules/README.md"


def test_korean_rules_readme_is_fresh() -> None:
    readme = (REPO / "rules" / "README.ko.md").read_text(encoding="utf-8")
    assert readme == rules_markdown(RULES, "ko"), (
        "regenerate: cscheck rules --output-format markdown --lang ko > rules/README.ko.md"
    )


def test_checker_does_not_import_rules() -> None:
    code = (
        "import sys, checker.cli, checker.engine, checker.document, checker.fixer;"
        "print(sorted(m for m in sys.modules if m == 'rules' or m.startswith('rules.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout.strip() == "[]"


def test_rules_only_import_the_engine_package() -> None:
    for path in (REPO / "rules").glob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(("import ", "from ")) and "checker" not in line and "rules" not in line:
                top = line.split()[1].split(".")[0]
                assert top in sys.stdlib_module_names or top == "__future__", f"{path.name}: {line}"


def test_runtime_dependencies_match_the_local_hook() -> None:
    """The repo-local pre-commit hook installs the same runtime dependencies as pyproject."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    config = (REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    for requirement in project["dependencies"]:
        assert requirement in config, f"{requirement} missing from .pre-commit-config.yaml"


def _findings_of(folder: Path) -> list[Diagnostic]:
    engine = make_engine(root=folder)
    found: list[Diagnostic] = []
    for path in sorted(folder.rglob("*.md")):
        found.extend(engine.check_file(path, str(path)).diagnostics)
    return found


def _assert_fixes_match_the_declared_availability(found: list[Diagnostic]) -> set[str]:
    by_code = {rule.code: rule for rule in RULES}
    for diagnostic in found:
        availability = by_code[diagnostic.code].fix_availability
        if availability is FixAvailability.NONE:
            assert diagnostic.fix is None, f"{diagnostic.code} declares no fix but offered one"
        if availability is FixAvailability.ALWAYS:
            assert diagnostic.fix is not None, f"{diagnostic.code} declares a fix always but offered none"
    return {d.code for d in found}


def test_rules_offer_fixes_as_they_declare_on_the_specimens() -> None:
    """`cscheck rules` and the docs show each rule's fix availability: the findings must agree."""
    codes = _assert_fixes_match_the_declared_availability(_findings_of(REPO / "tests" / "fixtures"))
    declared_none = {rule.code for rule in RULES if rule.fix_availability is FixAvailability.NONE}
    assert codes & declared_none and codes - declared_none  # both kinds were looked at


def test_rules_offer_fixes_as_they_declare_on_the_corpus() -> None:
    _assert_fixes_match_the_declared_availability(_findings_of(shared("corpus-dev")))
