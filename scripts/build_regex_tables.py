"""Write rules/knowledge/regex-code/<cache tag>.bin: the shipped regexes compiled ahead of time.

    python scripts/build_regex_tables.py            # for this interpreter and every CPython 3.11+ found
    python scripts/build_regex_tables.py --only-this

scripts/compile_knowledge.py runs it after writing compiled.json. It needs only the standard library,
so any CPython can run it from a checkout; tests/test_regex_code.py fails while this interpreter's
table is out of step with compiled.json, and checks the other tables with their interpreters where
they are installed. An interpreter with no table (or a stale one) compiles the regexes as it goes.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checker.knowledge.regex_code import FOLDER_NAME, build_table, shipped_sources, table_name  # noqa: E402

KNOWLEDGE = ROOT / "rules" / "knowledge"


def other_interpreters() -> list[str]:
    """CPython 3.11 and later on PATH, and pyenv's, other than this one."""
    found: list[str] = []
    for minor in range(11, 20):
        found += [path for path in [shutil.which(f"python3.{minor}")] if path]
        pyenv = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
        found += sorted(glob.glob(os.path.join(pyenv, "versions", f"3.{minor}.*", "bin", f"python3.{minor}")))
    runnable = []
    for path in dict.fromkeys(found):
        done = subprocess.run(
            [path, "-c", "import sys; print(sys.implementation.cache_tag)"], check=False, capture_output=True, text=True
        )
        if done.returncode == 0 and done.stdout.strip() != sys.implementation.cache_tag:
            runnable.append((done.stdout.strip(), path))
    return list(dict(runnable).values())


def expected_table() -> bytes:
    compiled = json.loads((KNOWLEDGE / "compiled.json").read_text(encoding="utf-8"))
    return build_table(shipped_sources(compiled))


def main() -> int:
    name = table_name()
    if name is None:
        print(f"{sys.implementation.name} has no regex table; nothing written")
        return 0
    target = KNOWLEDGE / FOLDER_NAME / name
    table = expected_table()
    if "--check" in sys.argv:
        if not target.is_file() or target.read_bytes() != table:
            print(f"{target} is stale: run python scripts/build_regex_tables.py")
            return 1
        return 0
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(table)
    print(f"wrote {target.relative_to(ROOT)} ({len(table) // 1024} KB)")
    if "--only-this" not in sys.argv:
        for interpreter in other_interpreters():
            subprocess.run([interpreter, __file__, "--only-this"], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
