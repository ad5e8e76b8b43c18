from __future__ import annotations

RULE = "machine-path"



