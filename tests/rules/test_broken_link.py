from __future__ import annotations

RULE = "broken-link"



