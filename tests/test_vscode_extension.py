"""The VS Code extension's package: `.ci/run` builds editors/vscode/cscheck.vsix with @vscode/vsce.

Without the package (a contributor who did not run npm) the test skips; in CI it must be there.
"""

from __future__ import annotations

import json
import zipfile

import pytest

from tests.conftest import IN_CI, REPO

EXTENSION = REPO / "editors" / "vscode"
PACKAGE = EXTENSION / "cscheck.vsix"


def test_the_vsix_starts_cscheck_server_for_markdown() -> None:
    if not PACKAGE.exists():
        if IN_CI:
            pytest.fail("editors/vscode/cscheck.vsix is missing: .ci/run builds it")
        pytest.skip("editors/vscode/cscheck.vsix is not built (cd editors/vscode && npm ci && npm run compile && npx vsce package --out cscheck.vsix)")
    with zipfile.ZipFile(PACKAGE) as package:
        names = set(package.namelist())
        manifest = json.loads(package.read("extension/package.json"))
        code = package.read("extension/out/extension.js").decode("utf-8")
    assert manifest["main"] == "./out/extension.js"
    assert "onLanguage:markdown" in manifest["activationEvents"]
    assert manifest["version"] == json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))["version"]
    assert "extension/node_modules/vscode-languageclient/package.json" in names  # shipped with its client library
    assert '"server", "--stdio"' in code and '"-m", "checker"' in code
    assert not any(name.startswith("extension/src/") for name in names)  # the TypeScript stays out
