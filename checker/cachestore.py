"""The files of ``.cscheck_cache/``: written safely, read back only if this user's cscheck wrote them.

A repository is untrusted input, and its ``.cscheck_cache/`` can arrive with a clone — crafted,
stale, copied from another machine, or full of symlinks leading out. So every cache file
(results, validated configs, validated knowledge packs) goes through this module:

- **Authenticated.** A file starts with an HMAC-SHA256 tag over its name and its bytes, under a
  random key made once per user and kept outside every repository (:func:`user_dir`). A file
  whose tag does not verify — committed, edited, renamed, or written with another user's key — is
  ignored as if it were absent. Without a usable key there is no cache at all.
- **Never written through a link.** The folder is opened with ``O_NOFOLLOW`` (a linked
  ``.cscheck_cache`` is not used) and every write opens a fresh random name with
  ``O_CREAT | O_EXCL | O_NOFOLLOW`` inside it, then renames it over the target name; a rename
  replaces a symlink planted under that name, it never follows it.
- **Never read through a link** or from anything but a regular file (a FIFO or ``/dev/zero``
  planted under a cache name cannot block or fill a run).
- **No leftovers.** Temp files of a run killed while writing are removed by a later write once
  they are a minute old (removing a live one only costs its writer that save).
"""

from __future__ import annotations

import contextlib
import hmac
import os
import secrets
import stat
import sys
import time
from collections.abc import Mapping
from hashlib import sha256
from pathlib import Path

FOLDER = ".cscheck_cache"
_TAG_BYTES = 64  # hex digits of the HMAC-SHA256 tag, then a newline, then the payload
_KEY_HEX = 64
_DOMAIN = b"cscheck-cache/1\0"
_TEMP_PREFIX, _TEMP_SUFFIX = ".tmp-", ".cscheck"
STALE_TEMP_SECONDS = 60
_GITIGNORE = b"# Created by cscheck: the cache is never committed.\n*\n"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY  # never an existing name
# Folder descriptors need openat()/renameat(); Windows has neither, and there the path is used
# after checking that the folder is no link.
_AT_FUNCTIONS = os.open in os.supports_dir_fd and os.replace in os.supports_dir_fd and _DIRECTORY != 0

_key_cache: dict[str, bytes | None] = {}


def user_dir(environ: Mapping[str, str] = os.environ) -> Path | None:
    """The per-user folder that holds the cache key: outside every repository.

    ``%LOCALAPPDATA%\\cscheck`` on Windows, ``~/Library/Caches/cscheck`` on macOS,
    ``$XDG_CACHE_HOME/cscheck`` (default ``~/.cache/cscheck``) elsewhere.
    """
    if os.name == "nt":
        base = environ.get("LOCALAPPDATA")
        return Path(base) / "cscheck" if base else None
    if sys.platform == "darwin":
        home = environ.get("HOME")
        return Path(home) / "Library" / "Caches" / "cscheck" if home else None
    xdg = environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "cscheck"
    home = environ.get("HOME")
    return Path(home) / ".cache" / "cscheck" if home else None


def user_key() -> bytes | None:
    """This user's cache key, made on first use; None when it cannot be read or made (no cache)."""
    folder = user_dir()
    if folder is None:
        return None
    cache_key = str(folder)
    if cache_key not in _key_cache:
        _key_cache[cache_key] = _load_or_make_key(folder)
    return _key_cache[cache_key]


def _load_or_make_key(folder: Path) -> bytes | None:
    path = folder / "key"
    existing = _read_key(path)
    if existing is not None:
        return existing
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = folder / f"{_TEMP_PREFIX}{secrets.token_hex(8)}{_TEMP_SUFFIX}"
        descriptor = os.open(temporary, _NEW_FILE, 0o600)
        with open(descriptor, "wb") as handle:
            handle.write(secrets.token_hex(_KEY_HEX // 2).encode("ascii"))
        try:
            os.link(temporary, path)  # never replaces a key another run made a moment ago
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not os.path.lexists(path):
                os.replace(temporary, path)
        with contextlib.suppress(OSError):
            temporary.unlink()
    except OSError:
        return None
    return _read_key(path)


def _read_key(path: Path) -> bytes | None:
    try:
        descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | _BINARY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with open(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None
        if hasattr(os, "geteuid") and info.st_uid != os.geteuid():  # someone else's key is no secret of ours
            return None
        data = handle.read(_KEY_HEX + 1)
    if len(data) != _KEY_HEX:
        return None
    try:
        return bytes.fromhex(data.decode("ascii"))
    except ValueError:
        return None


def _tag(key: bytes, name: str, payload: bytes) -> bytes:
    message = _DOMAIN + name.encode("utf-8", "surrogatepass") + b"\0" + payload
    return hmac.new(key, message, sha256).hexdigest().encode("ascii")


# -- the folder ---------------------------------------------------------------------------------


class _Folder:
    """The cache folder, opened once without following a link; names inside it are relative."""

    def __init__(self, path: Path, descriptor: int | None) -> None:
        self.path = path
        self.fd = descriptor

    def open(self, name: str, flags: int, mode: int = 0o600) -> int:
        if self.fd is not None:
            return os.open(name, flags, mode, dir_fd=self.fd)
        return os.open(self.path / name, flags, mode)

    def replace(self, source: str, target: str) -> None:
        if self.fd is not None:
            os.replace(source, target, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        else:
            os.replace(self.path / source, self.path / target)

    def unlink(self, name: str) -> None:
        if self.fd is not None:
            os.unlink(name, dir_fd=self.fd)
        else:
            os.unlink(self.path / name)

    def entries(self) -> list[tuple[str, os.stat_result]]:
        """Names with their own lstat (a link is not followed)."""
        found = []
        with os.scandir(self.fd if self.fd is not None else self.path) as listing:
            for entry in listing:
                with contextlib.suppress(OSError):
                    found.append((entry.name, entry.stat(follow_symlinks=False)))
        return found

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)


def _open_folder(path: Path, *, create: bool) -> _Folder | None:
    """The folder, or None when it is missing (and not to be made), a link, or no folder."""
    if create:
        try:
            os.mkdir(path, 0o755)  # never follows a link at that name: EEXIST
        except FileExistsError:
            pass
        except OSError:
            return None
    if _AT_FUNCTIONS:
        try:
            return _Folder(path, os.open(path, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC))
        except OSError:
            return None
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or _is_reparse_point(info):
        return None
    return _Folder(path, None)


def _is_reparse_point(info: os.stat_result) -> bool:
    """A Windows junction or symlink: as much a link out of the folder as a POSIX symlink."""
    attributes = getattr(info, "st_file_attributes", 0)
    return bool(attributes & getattr(stat, "FILE_ATTRIBUTE_REPARSE_POINT", 0))


# -- reading and writing ------------------------------------------------------------------------


def read(folder: Path, name: str, *, limit: int = 1 << 31) -> bytes | None:
    """The payload of ``folder/name`` if this user's cscheck wrote it there; else None."""
    key = user_key()
    if key is None:
        return None
    opened = _open_folder(folder, create=False)
    if opened is None:
        return None
    try:
        descriptor = opened.open(name, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | _BINARY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    finally:
        opened.close()
    try:
        with open(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                return None
            data = handle.read(limit + 1)
    except OSError:
        return None
    if len(data) <= _TAG_BYTES or data[_TAG_BYTES : _TAG_BYTES + 1] != b"\n":
        return None
    tag, payload = data[:_TAG_BYTES], data[_TAG_BYTES + 1 :]
    if not hmac.compare_digest(tag, _tag(key, name, payload)):
        return None
    return payload


def write(folder: Path, name: str, payload: bytes) -> bool:
    """Put ``payload`` at ``folder/name`` atomically, tagged; False when it could not be (the
    cache is an optimisation: a read-only folder only costs the next run some work)."""
    key = user_key()
    if key is None or "/" in name or os.sep in name:
        return False
    opened = _open_folder(folder, create=True)
    if opened is None:
        return False
    try:
        _ensure_gitignore(opened)
        temporary = f"{_TEMP_PREFIX}{secrets.token_hex(8)}{_TEMP_SUFFIX}"
        try:
            descriptor = opened.open(temporary, _NEW_FILE)
        except OSError:
            return False
        try:
            with open(descriptor, "wb") as handle:
                handle.write(_tag(key, name, payload) + b"\n")
                handle.write(payload)
            opened.replace(temporary, name)
        except OSError:
            with contextlib.suppress(OSError):
                opened.unlink(temporary)
            return False
        remove_stale_temporaries(opened)
        return True
    finally:
        opened.close()


def _ensure_gitignore(opened: _Folder) -> None:
    """A ``*`` .gitignore, so the cache is never committed by accident (a name taken is left alone)."""
    try:
        descriptor = opened.open(".gitignore", _NEW_FILE, 0o644)
    except OSError:
        return
    with contextlib.suppress(OSError), open(descriptor, "wb") as handle:
        handle.write(_GITIGNORE)


def _is_temporary(name: str) -> bool:
    """Ours, and the names earlier cscheck versions wrote theirs under."""
    return (name.startswith(_TEMP_PREFIX) and name.endswith(_TEMP_SUFFIX)) or (
        name.endswith(".tmp") and name.startswith((".results-", ".config-", "knowledge-"))
    )


def remove_stale_temporaries(opened: _Folder, *, now: float | None = None) -> int:
    """Remove temp files older than :data:`STALE_TEMP_SECONDS`; how many were removed."""
    now = time.time() if now is None else now
    removed = 0
    try:
        entries = opened.entries()
    except OSError:
        return 0
    for name, info in entries:
        if _is_temporary(name) and not stat.S_ISDIR(info.st_mode) and now - info.st_mtime > STALE_TEMP_SECONDS:
            with contextlib.suppress(OSError):
                opened.unlink(name)
                removed += 1
    return removed


def names(folder: Path) -> list[tuple[str, float]]:
    """The cache files in ``folder`` (regular files only) with their modification times."""
    opened = _open_folder(folder, create=False)
    if opened is None:
        return []
    try:
        return [(name, info.st_mtime) for name, info in opened.entries() if stat.S_ISREG(info.st_mode)]
    except OSError:
        return []
    finally:
        opened.close()


def remove(folder: Path, name: str) -> None:
    """Remove one cache file (a link under that name is removed itself, never followed)."""
    opened = _open_folder(folder, create=False)
    if opened is None:
        return
    try:
        with contextlib.suppress(OSError):
            opened.unlink(name)
    finally:
        opened.close()


__all__ = ["FOLDER", "STALE_TEMP_SECONDS", "names", "read", "remove", "user_dir", "user_key", "write"]
