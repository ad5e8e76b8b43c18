"""The selector grammar: how ``CS3``, ``CS301``, ``broken-link``, ``ALL`` and
``known-error:https-port`` name rules — for selection, per-file ignores and suppression comments."""

from __future__ import annotations

import re
from collections.abc import Iterable


def match_selector(selector: str, code: str, name: str) -> int | None:
    """How specifically ``selector`` names the rule (longer is more specific), or None."""
    if selector == "ALL":
        return 0
    if selector == name:
        return 10
    upper = selector.upper()
    if re.fullmatch(r"CS\d{0,3}", upper) and code.startswith(upper):
        return len(selector)
    return None


def selects(selectors: Iterable[str], code: str, name: str, qualifier: str | None = None) -> bool:
    """Whether a suppression or per-file-ignore target list covers a finding.

    A target may narrow a rule to one qualifier: ``known-error:https-port``.
    """
    for selector in selectors:
        base, _, detail = selector.partition(":")
        if detail and detail != qualifier:
            continue
        if match_selector(base, code, name) is not None:
            return True
    return False
