"""Running file-level rules: they need real bytes on disk, so they go through the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from click.testing import Result


def check_json(cli: Callable[..., Result], *args: str) -> tuple[int, dict[str, Any]]:
    result = cli("check", "--output-format", "json", "--lang", "en", *args)
    return result.exit_code, json.loads(result.stdout)


def codes(data: dict[str, Any]) -> dict[str, list[str]]:
    return {f["path"]: [d["code"] for d in f["diagnostics"]] for f in data["files"]}
