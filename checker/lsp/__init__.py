"""``cscheck server``: a Language Server over standard input and output (the ``lsp`` extra).

Everything it knows comes from the engine the command line uses (checker.api, checker.engine,
checker.fixer); this package only turns findings, fixes and the document model into LSP messages.
pygls is imported only by :mod:`checker.lsp.server`, so cscheck without the extra still works.
"""

from __future__ import annotations

from importlib.util import find_spec

MISSING_EXTRA = (
    "`cscheck server` needs the language-server extra: pip install 'cscheck[lsp]' "
    "(언어 서버에는 추가 패키지가 필요합니다: pip install 'cscheck[lsp]')"
)


def extra_installed() -> bool:
    """Whether pygls (and with it lsprotocol) can be imported."""
    return find_spec("pygls") is not None and find_spec("lsprotocol") is not None
