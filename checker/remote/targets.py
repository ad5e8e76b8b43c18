"""The http(s) URLs of a note as a browser would request them, and which of them may be asked.

Private and loopback addresses (``localhost``, ``127.0.0.1``, ``10.…``, ``192.168.…``, ``::1``) are
never asked unless a host in ``allow`` names them: a note in a cloned repository must not make
cscheck probe the machine's own network. The address a name resolves to is checked again when
the request is made (:func:`private_address`), so a public name pointing inside is refused too.
"""

from __future__ import annotations

import fnmatch
import ipaddress
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import unescape as html_unescape
from urllib.parse import urlsplit

from markdown_it.common.utils import unescapeAll

from checker.destination import Destination, Kind
from checker.document import Document

LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


@dataclass(frozen=True)
class Target:
    url: str  # without the fragment: what is requested
    image: bool
    host: str  # lower case, no port
    netloc: str  # the host with its port when one is written: what the per-host limits count


def note_targets(doc: Document) -> Iterator[tuple[Destination, Target]]:
    """Each http(s) image and link of ``doc`` with the URL a reader's browser requests."""
    for link in doc.links:
        dest = link.dest
        if dest.kind is not Kind.REMOTE:
            continue
        target = target_of(dest, image=link.image)
        if target is not None:
            yield dest, target


def target_of(dest: Destination, *, image: bool) -> Target | None:
    written = dest.path + dest.query
    url = (html_unescape(written) if dest.html else unescapeAll(written)).strip()
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:  # `http://[::1`, `http://a:x/` — not a URL a browser could request either
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return Target(url, image, host, f"{host}:{port}" if port else host)


def host_matches(pattern: str, url: str, host: str) -> bool:
    """``pattern`` is a host (``example.com``; ``*.example.com`` for its subdomains) or, with
    ``://`` in it, a URL glob (``https://example.com/private/*``)."""
    if "://" in pattern:
        return fnmatch.fnmatchcase(url, pattern)
    pattern = pattern.lower().strip("[]")
    if pattern.startswith("*."):
        return host.endswith(pattern[1:]) or host == pattern[2:]
    return host == pattern


def matches_any(patterns: Sequence[str], url: str, host: str) -> bool:
    return any(host_matches(pattern, url, host) for pattern in patterns)


def private_address(host: str) -> bool:
    """Whether ``host`` (a name or an address literal) is loopback, private, link-local or unspecified."""
    host = host.strip("[]").rstrip(".").lower()
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_unspecified
        or address.is_reserved
        or address.is_multicast
    )
