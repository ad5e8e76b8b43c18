"""Write rules/knowledge/compiled.json: the shipped packs validated once, read by every run; then
the regexes compiled ahead of time (scripts/build_regex_tables.py).

    python scripts/compile_knowledge.py

Run it after editing a pack in rules/knowledge/ (tests/test_knowledge.py fails until you do).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from checker.knowledge import COMPILED_NAME, builtin_pack_paths, compile_packs


def main() -> None:
    paths = builtin_pack_paths()
    target = Path(paths[0]).parent / COMPILED_NAME
    text = json.dumps(compile_packs(paths), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target} ({len(paths)} packs)")
    subprocess.run([sys.executable, str(Path(__file__).with_name("build_regex_tables.py"))], check=True)


if __name__ == "__main__":
    main()
