"""Writing a fixed note without ever leaving it half-written.

The new bytes go to ``.<name>.cscheck-<pid>-<token>.tmp`` in the same folder (created new, never
through a link), are flushed to disk, get the original's mode, and replace the original in one
``os.replace``. Right before replacing, the original is read again: if it changed since cscheck
read it, the write is refused.

A temp file left by a killed run is removed by the next run once it is provably stale — and only
if it is provably cscheck's: ``<token>`` is a tag of the note's name and the pid under this
user's cache key (:mod:`checker.cachestore`), so a file a pull request commits under a
look-alike name is never deleted. Stale means: its process is gone (POSIX), or, on Windows, where
probing a pid is not safe, an hour old.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import re
import stat
import time
from hashlib import sha256
from pathlib import Path

from checker import cachestore

_TEMP = re.compile(r"\.(?P<name>.+)\.cscheck-(?P<pid>[0-9]{1,10})-(?P<token>[0-9a-f]{16})\.tmp")
_MAX_PID = 2**31 - 1  # pid_t: a longer digit run is no process (os.kill would overflow)
_WINDOWS = os.name == "nt"
_WINDOWS_STALE_SECONDS = 3600
_NEW_FILE = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
)  # O_BINARY: Windows would otherwise turn every "\n" written into "\r\n"


class WriteRefused(Exception):
    """The file was not written; ``str()`` is one line for the user."""


def _token(name: str, pid: int) -> str | None:
    key = cachestore.user_key()
    if key is None:
        return None
    message = b"cscheck-temp/1\0" + os.fsencode(name) + b"\0" + str(pid).encode()
    return hmac.new(key, message, sha256).hexdigest()[:16]


def temp_path(target: Path) -> Path:
    """This run's temp name for ``target``; without a key, a random token (then never cleaned up
    by name, as nothing proves it ours)."""
    pid = os.getpid()
    token = _token(target.name, pid) or os.urandom(8).hex()
    return target.with_name(f".{target.name}.cscheck-{pid}-{token}.tmp")


def write_atomic(path: Path, data: bytes, *, expected: bytes, root: Path | None = None) -> None:
    """Replace ``path``'s content with ``data`` if it still holds ``expected``.

    A symlink is written through only when its target lies inside ``root``; nor is a path inside
    the root written when a linked folder on the way leads it outside (``notes -> /elsewhere``).
    """
    target = path
    if path.is_symlink():
        target = path.resolve()
        if root is not None and not _inside(target, root.resolve()):
            raise WriteRefused(f"{path}: not written: it is a link to {target}, outside the root")
    elif root is not None:
        real = path.resolve()
        named_inside = _inside(Path(os.path.normpath(path.absolute())), Path(os.path.normpath(root.absolute())))
        if named_inside and not _inside(real, root.resolve()):
            raise WriteRefused(f"{path}: not written: a linked folder leads it to {real}, outside the root")
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError as error:
        raise WriteRefused(f"{path}: not written: {error.strerror or error}") from None
    temporary = temp_path(target)
    try:
        descriptor = os.open(temporary, _NEW_FILE, 0o600)
        try:
            view = memoryview(data)
            while view:
                written = os.write(descriptor, view)
                view = view[written:]
            _set_mode(descriptor, temporary, mode)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if target.read_bytes() != expected:
            raise WriteRefused(f"{path}: not written: it changed on disk while cscheck was fixing it")
        os.replace(temporary, target)
    except WriteRefused:
        _remove(temporary)
        raise
    except OSError as error:
        _remove(temporary)
        raise WriteRefused(f"{path}: not written: {error.strerror or error}") from None
    _sync_folder(target.parent)


def replace_text(path: Path, text: str) -> None:
    """Write a small file cscheck makes (a baseline, `init`'s config) whole or not at all, with
    "\n" line ends on every system; OSError when it cannot."""
    temporary = path.with_name(f".{path.name}.cscheck-{os.getpid()}-{os.urandom(8).hex()}.tmp")
    try:
        with open(temporary, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except OSError:
        _remove(temporary)
        raise


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every file system allows it)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _set_mode(descriptor: int, path: Path, mode: int) -> None:
    """The original's permissions on the new file (os.fchmod exists on Windows only from 3.13)."""
    if hasattr(os, "fchmod"):
        os.fchmod(descriptor, mode)
    else:  # pragma: no cover - Windows, Python < 3.13: only the read-only bit means anything there
        os.chmod(path, mode)


def _alive(pid: int) -> bool:
    """Whether the process ``pid`` may still be writing (POSIX only: os.kill probes nothing on
    Windows, it ends the process)."""
    if pid <= 0 or pid > _MAX_PID:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    except OSError:
        return True
    return True


def _stale(folder: Path, name: str, pid: int) -> bool:
    if _WINDOWS:
        try:
            return time.time() - os.lstat(folder / name).st_mtime > _WINDOWS_STALE_SECONDS
        except OSError:
            return False
    return not _alive(pid)


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete cscheck's own temp files of runs that are gone; a live run's file, and any file
    that merely looks like one, is left alone."""
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = _TEMP.fullmatch(name)
        if match is None:
            continue
        pid = int(match.group("pid"))
        if pid > _MAX_PID:
            continue
        expected = _token(match.group("name"), pid)
        if expected is None or not hmac.compare_digest(expected, match.group("token")):
            continue
        if _stale(folder, name, pid):
            stale = folder / name
            _remove(stale)
            removed.append(stale)
    return removed
