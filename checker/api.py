"""The Python interface: lint or fix a string the way ``cscheck check``/``fix`` would.

>>> from checker.api import lint_text
>>> [d.code for d in lint_text("<<<<<<< HEAD\\na\\n=======\\nb\\n>>>>>>> x\\n")]
['CS101']
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from checker.config import Config
from checker.diagnostic import Diagnostic
from checker.engine import Engine
from checker.registry import builtin_rules, select_rules
from checker.source import SourceText

if TYPE_CHECKING:
    from checker.fixer import FixOutcome


def make_engine(
    config: Config | None = None,
    *,
    root: Path | None = None,
    config_dir: Path | None = None,
    select: Sequence[str] | None = None,
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    source: str = "configuration",
    cache_dir: Path | None = None,
    remote: bool = False,
) -> Engine:
    """An engine with the built-in rules; raises ConfigError on a bad selection or option.

    The rules that read what ``--remote`` fetched run only with ``remote``: in any other run they
    are not selected, so a suppression of their findings is not reported as unused (CS901).
    """
    config = config or Config()
    available = builtin_rules()
    selection = select_rules(
        config, available, select=select, extend_select=extend_select, ignore=ignore, source=source
    )
    if not remote:
        selection = replace(selection, rules=tuple(rule for rule in selection.rules if not rule.needs_network))
    return Engine(
        selection,
        config,
        # normalized: a root spelled `sub/..` must still contain the notes under it
        root=Path(os.path.normpath((root or config_dir or Path.cwd()).absolute())),
        config_dir=config_dir,
        available=available,
        config_source=source,
        cache_dir=cache_dir,
    )


def lint_text(text: str, engine: Engine, *, path: Path | str = "note.md") -> list[Diagnostic]:
    """The findings for ``text`` as if it were the file ``path`` (relative to the root)."""
    file = _path(engine, path)
    return engine.check_loaded(file, str(path), SourceText(text, bom=False)).diagnostics


def fix_text(text: str, engine: Engine, *, path: Path | str = "note.md", unsafe: bool = False) -> FixOutcome:
    """Run the fix loop on ``text``; ``outcome.final.raw`` is the fixed text."""
    from checker.fixer import fix_source  # noqa: PLC0415 — a check run never loads the fix loop

    lint = engine.linter(_path(engine, path), [])  # a rule that raises is left out, as in lint_text
    return fix_source(SourceText(text, bom=False), lint, unsafe=unsafe, may_fix_conflicted=engine.may_fix_conflicted)


def _path(engine: Engine, path: Path | str) -> Path:
    path = Path(path)
    return path if path.is_absolute() else engine.root / path
