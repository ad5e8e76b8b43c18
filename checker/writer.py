"""Writing a fixed note without ever leaving it half-written.

The new bytes go to ``.<name>.cscheck-<pid>.tmp`` in the same folder, are flushed to disk, get
the original's mode, and replace the original in one ``os.replace``. Right before replacing, the
original is read again: if it changed since cscheck read it, the write is refused. A temp file
left by a killed run is removed by the next run once its process is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from pathlib import Path

_TEMP = re.compile(r"\.(?P<name>.+)\.cscheck-(?P<pid>\d+)\.tmp")


class WriteRefused(Exception):
    """The file was not written; ``str()`` is one line for the user."""


def temp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.cscheck-{os.getpid()}.tmp")


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
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(data)
            while view:
                written = os.write(descriptor, view)
                view = view[written:]
            os.fchmod(descriptor, mode)
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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete temp files of runs whose process is gone; a live run's file is left alone."""
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = _TEMP.fullmatch(name)
        if match and not _alive(int(match.group("pid"))):
            stale = folder / name
            _remove(stale)
            removed.append(stale)
    return removed
