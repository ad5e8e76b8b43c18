"""Shared by the path rules: where notes keep their pictures, and how a destination with spaces
is written so that GitHub parses it (CS303, CS304, CS306, CS307)."""

from __future__ import annotations

# Folders where notes keep their pictures: a same-named file there is the likely copy.
IMAGE_FOLDERS = ("img", "imgs", "image", "images", "assets", "asset", "res", "resources", "static", "pics", "pic")


def encode_spaces(written: str) -> str:
    return written.replace(" ", "%20").replace("\t", "%09")
