"""Build the knowledge packs that are tables: acronym expansions and HTTP status reason phrases.

    python scripts/build_knowledge_tables.py          # rewrite rules/knowledge/{acronyms,http-status}.toml
    python scripts/build_knowledge_tables.py --check  # exit 1 when a generated pack is stale

The tables live in ``rules/knowledge/tables/`` (data a study member edits); each row becomes
ordinary entries, so the loader, the guards and the test suite treat them like hand-written ones.
A row needs no examples of its own: the examples are made from the row by one template (the
wrong forms the matcher is built to find, the accepted forms it must leave alone).

Acronyms (``tables/acronyms.toml``), per acronym two entries:

- ``acronym-<x>`` (fact, CS501): an expansion whose initials spell the acronym but which is none
  of the accepted expansions and no near miss of one — ``DNAT(Direct Network Address
  Translation)``, ``MTU(Maximum Transfer Size)``;
- ``acronym-<x>-spelling`` (term, CS502): a near miss of an accepted expansion — every word with
  the same first letter, the same last letter (or the one before it: a dropped final letter) and
  a length within two — ``LRU(Least Recently Uesd)``.

Both look at ``ACR(expansion)``, ``expansion(ACR)`` and, for acronyms of three letters or more,
``ACR: expansion`` / ``ACR는 expansion``; case, spaces, hyphens and a plural ``s`` never matter.
A section ``[<topic>-<name>]`` holds more rows of ``<topic>`` (TOML defines a table only once).

HTTP status codes (``tables/http-status.toml``), per code:

- ``http-status-<n>`` (fact): the code followed by another code's reason phrase (``500 Bad Gateway``);
- ``http-status-<n>-phrase`` (term): a near miss of its own phrase (``201 Create``, ``204 No
  Contents``, ``429 Too Many Request``), in prose and in table rows (``| 201 | Create |``).
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TABLES = ROOT / "rules" / "knowledge" / "tables"
PACKS = ROOT / "rules" / "knowledge"
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

import knowledge_families  # noqa: E402 — the family tables' builders, beside this script

# Case is ignored for ASCII letters only: ``(?ai:…)`` compiles in half the time of ``(?i:…)``,
# whose Unicode case folding of every letter class is most of a fresh run's regex compiling, and
# the expansions are English words anyway.
ASCII_CASE = "(?ai:"
FILLERS = ("of", "and", "for", "the", "to", "on", "in", "a", "an", "by", "with", "over", "as")
TOPICS = {
    "network": ("네트워크", "network"),
    "security": ("보안", "security"),
    "os": ("운영체제", "operating systems"),
    "database": ("데이터베이스", "databases"),
    "languages": ("프로그래밍", "programming"),
    "algorithms": ("자료구조·알고리즘", "data structures and algorithms"),
    "ml": ("머신러닝·AI", "machine learning and AI"),
}


def words(phrase: str) -> list[str]:
    return [w for w in re.split(r"[\s,/-]+", phrase) if w]


def ci(text: str) -> str:
    """*text* as a case-insensitive regex fragment."""
    return f"{ASCII_CASE}{re.escape(text)})" if any(c.isalpha() for c in text) else re.escape(text)


def accepted_regex(phrases: list[str]) -> str:
    """Any accepted phrase, ignoring case, spacing, hyphens and a plural -s per word."""
    alternatives = []
    for phrase in phrases:
        parts = [_number_free(w.lower()) for w in words(phrase)]
        alternatives.append(r"[\s,/-]*".join(parts))
    return ASCII_CASE + "|".join(sorted(set(alternatives), key=lambda a: (-len(a), a))) + ")(?![a-zA-Z])"


def _number_free(word: str) -> str:
    """*word* in singular or plural: Page/Pages, Authority/Authorities (but Address stays)."""
    if len(word) > 3 and word.endswith("ies"):
        return re.escape(word[:-3]) + "(?:y|ies)"
    if len(word) > 3 and word.endswith("y") and word[-2] not in "aeiou":
        return re.escape(word[:-1]) + "(?:y|ies)"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return re.escape(word[:-1]) + "s?"
    return re.escape(word) + ("" if word.endswith("s") else "s?")


def near_word(word: str) -> str:
    """A near miss of *word* (lower case; used inside ``(?ai:…)``): same first letter, same last
    letter or the one before it (a dropped final letter), length within two, an optional -s."""
    word = word.lower()
    if len(word) <= 3 or not word.isalpha():
        return re.escape(word) + "s?"
    middle = len(word) - 2
    ends = "".join(sorted({word[-1], word[-2]}))
    return f"{word[0]}[a-z]{{{max(0, middle - 2)},{middle + 2}}}[{ends}]s?"


def near_regex(phrases: list[str]) -> str:
    alternatives = sorted({r"(?:\s?/\s?|[\s-]+)".join(near_word(w) for w in words(phrase)) for phrase in phrases})
    return ASCII_CASE + "|".join(alternatives) + ")(?![A-Za-z])"


def initials_regex(acronym: str, accepted: list[str]) -> str | None:
    """Words whose initials spell *acronym*; filler words ("of") only where an accepted one has them."""
    letters = [c for c in acronym if c.isupper()]
    lower = [c for c in acronym if c.islower()]
    if any(c != "o" for c in lower) or len(letters) < 2 or not acronym.isalpha():
        return None  # gRPC, NoSQL, V8: the letters do not spell the words
    fillers = sorted({w.lower() for p in accepted for w in words(p) if w.lower() in FILLERS})
    separator = r"(?:\s?/\s?|[\s-]+)" + (rf"(?:(?:{'|'.join(fillers)})[\s-]+)?" if fillers else "")
    return ASCII_CASE + separator.join(f"{c.lower()}[a-z]*" for c in letters) + ")"


def acronym_heads(acronym: str) -> tuple[str, str, str]:
    """The regex before an expansion, the regex after it, the regex of the reversed form's tail."""
    esc = re.escape(acronym)
    # Literal alternatives keep the prefilter's needles three characters or longer.
    opens = [f"{esc}(", f"{esc}（", f"{esc} (", f"{esc}**(", f"{esc}** ("]  # also **ACR** (…)
    forward = "(?:" + "|".join(re.escape(o).replace(r"\ ", " ") for o in opens) + ")"
    # Spaces next to the acronym are written " ?", not "\s?": the prefilter's needles then hold the
    # punctuation ("ACK(", "ACK :", "(ACK)"), and a note that names ACK without expanding it never
    # compiles the entry's regex.
    if len(acronym) >= 3:
        forward = "(?:" + forward + rf"|{esc} ?(?::| [-–]|는|은|란|이란)" + ")"
    head = rf"(?<![A-Za-z0-9_./-]){forward}\s?"
    tail = r"(?=\s?(?:[)）/,;.:]|의|이다|입니다|이며|이고|로|으로|를|을|\n|$))"
    if len(acronym) >= 3:
        reverse = rf"\s?[(（] ?{esc} ?[)）]"
    else:
        closes = [f"({acronym}", f"（{acronym}", f"( {acronym}"]
        reverse = r"\s?(?:" + "|".join(re.escape(c).replace(r"\ ", " ") for c in closes) + r") ?[)）]"
    return head, tail, reverse


def toml_str(text: str) -> str:
    if "'" not in text and "\n" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def entry_toml(fields: dict[str, object]) -> str:
    lines = ["[[entry]]"]
    for key, value in fields.items():
        if isinstance(value, bool):  # `guard = false`: was dropped, so negated rows kept the guards
            lines.append(f"{key} = {'true' if value else 'false'}")
        elif isinstance(value, str):
            rendered = toml_str(value) if key in ("pattern", "context", "unless") else _basic(value)
            lines.append(f"{key} = {rendered}")
        elif isinstance(value, dict):
            inner = ", ".join(f"{k} = {_basic(str(v))}" for k, v in value.items())
            lines.append(f"{key} = {{ {inner} }}")
        elif isinstance(value, list):
            lines.append(f"{key} = [")
            lines += [f"    {_basic(str(item))}," for item in value]
            lines.append("]")
    return "\n".join(lines)


def meanings(accepted: list[str]) -> list[str]:
    """The accepted expansions less their spelling variants (case, spaces, hyphens, a plural -s),
    six at most: the message names each meaning, so a note that means the fifth is not told the
    acronym stands for the first three only."""
    seen: dict[str, str] = {}
    for phrase in accepted:
        seen.setdefault("".join(w.lower().removesuffix("s") for w in words(phrase)), phrase)
    return list(seen.values())[:6]


def _basic(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def wrong_initials_example(acronym: str, accepted: list[str]) -> str | None:
    """An expansion with the right initials and a wrong word: the last word swapped for another."""
    letters = [c for c in acronym if c.isupper()]
    pool = {
        "A": "Array Agent Archive",
        "B": "Bridge Bucket Binding",
        "C": "Channel Cluster Cache",
        "D": "Driver Daemon Digest",
        "E": "Engine Event Element",
        "F": "Frame Filter Flag",
        "G": "Group Graph Gate",
        "H": "Handler Header Hash",
        "I": "Index Item Image",
        "J": "Junction Job Jar",
        "K": "Kernel Key Kit",
        "L": "Link Layer Lock",
        "M": "Module Mode Map",
        "N": "Node Name Net",
        "O": "Output Order Option",
        "P": "Packet Policy Page",
        "Q": "Queue Quota Query",
        "R": "Register Route Replica",
        "S": "Switch Stream Signal",
        "T": "Table Thread Token",
        "U": "Unit Update Union",
        "V": "Vector View Value",
        "W": "Window Worker Web",
        "X": "Xenon Xray Xfer",
        "Y": "Yield Year Yard",
        "Z": "Zone Zero Zip",
    }
    base = next((words(p) for p in accepted if initials_match(words(p), letters)), None)
    if base is None or not all(w.isalpha() for w in base):
        return None
    content = [w for w in base if w.lower() not in FILLERS] or base
    last = content[-1]
    rejects = re.compile(f"{near_regex(accepted)}|{accepted_regex(accepted)}")
    for candidate in pool[last[0].upper()].split():
        out = [*base[:-1], candidate] if base[-1] == last else base
        if candidate.lower() != last.lower() and not rejects.fullmatch(" ".join(out)):
            break
    else:
        return None
    return " ".join(out)


def initials_match(ws: list[str], letters: list[str]) -> bool:
    content = [w for w in ws if w.lower() not in FILLERS]
    return letters in ([w[0].upper() for w in content], [w[0].upper() for w in ws])


def misspelled_example(phrase: str) -> str | None:
    """The accepted phrase with two inner letters of its longest word swapped."""
    ws = words(phrase)
    longest = max(range(len(ws)), key=lambda i: len(ws[i]))
    word = ws[longest]
    if len(word) < 6 or not word.isalpha():
        return None
    i = len(word) // 2
    if word[i].lower() == word[i + 1].lower():
        i -= 1
    swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if swapped.lower() == word.lower():
        return None
    ws[longest] = swapped
    return " ".join(ws)


def acronym_entries(table: dict[str, dict[str, dict[str, object]]]) -> list[str]:
    blocks: list[str] = []
    for topic, rows in table.items():
        ko_topic, en_topic = TOPICS[topic.split("-", 1)[0]]  # `network-kb-net`: rows added by a branch
        for acronym, row in rows.items():
            accepted = [str(x) for x in row["x"]]  # type: ignore[union-attr]
            source = f"{row['source']} ({acronym}: {accepted[0]})"
            canonical = accepted[0]
            shown = " / ".join(meanings(accepted))
            acc = accepted_regex(accepted)
            head, tail, reverse = acronym_heads(acronym)
            # Words with the acronym's initials; where the letters do not spell the words (NoSQL,
            # gRPC), near misses of an accepted expansion only.
            initials = initials_regex(acronym, accepted)
            near = near_regex(accepted)
            if initials is None:
                expansion = near
            elif re.fullmatch(initials, canonical):
                expansion = initials
            else:  # DBMS = Database Management System: one word holds two letters
                expansion = f"(?:{initials}|{near})"
            candidates = (wrong_initials_example(acronym, accepted), misspelled_example(canonical))
            bad = [b for b in candidates if b and re.fullmatch(expansion, b) and not re.fullmatch(acc, b)]
            if not bad:
                continue
            blocks.append(
                entry_toml(
                    {
                        "id": f"acronym-{slug(acronym)}",
                        "kind": "fact",
                        "pattern": f"{head}(?!{acc}){expansion}{tail}|(?<![A-Za-z])(?!{acc}){expansion}{reverse}",
                        "severity": "warning",
                        "message": {
                            "ko": f"{acronym}는 {shown}의 약자입니다({ko_topic}). 풀이의 단어나 철자가 틀렸습니다.",
                            "en": f"{acronym} stands for {shown} ({en_topic}); this expansion has a wrong or "
                            "misspelled word.",
                        },
                        "source": source,
                        "bad": [form for b in bad for form in (f"{acronym}({b})", f"{b} ({acronym})")],
                        "good": [
                            f"{acronym}({canonical})",
                            f"{canonical}({acronym})",
                            f"{acronym} ( {canonical.upper()} )",
                            f"{acronym}(한국어 설명)",
                            f"{bad[0]} 같은 말을 {acronym.lower()}라고 줄이지 않는다",
                        ],
                    }
                )
            )
    return blocks


def phrase_regex(phrase: str) -> str:
    """A reason phrase: its first letter as written, the rest in any case, flexible spacing."""
    rest = r"[\s-]?".join(re.escape(w) for w in words(phrase))[1:]
    return re.escape(phrase[0]) + (f"{ASCII_CASE}{rest})" if rest else "")


FAMOUS = (200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 500, 502, 503, 504)


def status_entries(table: dict[str, object]) -> list[str]:
    codes = {int(k): [str(p) for p in v] for k, v in table["codes"].items()}  # type: ignore[union-attr]
    source = str(table["source"])
    sep = r"[ \t*`]{0,6}(?:[:(\-–=|][ \t*`]{0,6})?"
    blocks: list[str] = []
    for code, accepted in codes.items():
        # Its own phrase in any case ("429 too many requests"); another code's only as a name.
        acc = ASCII_CASE + "|".join(r"[\s-]?".join(re.escape(w) for w in words(p)) for p in accepted) + ")(?![A-Za-z])"
        own = {p.lower() for p in accepted}
        # Another code's phrase: any of the same class, and the famous ones of every class.
        others = sorted(
            {
                p
                for c, ps in codes.items()
                if c != code and (c // 100 == code // 100 or c in FAMOUS)
                for p in ps
                if p.lower() not in own
            },
            key=lambda p: (-len(p), p),
        )
        other_re = "(?:" + "|".join(phrase_regex(p) for p in others) + ")(?![A-Za-z])"
        head = rf"(?<![\w.,:/#-]){code}(?![\w.]){sep}"
        name = accepted[0]
        wrong_code = next(c for c in codes if codes[c][0] in others and codes[c][0] != "OK")
        wrong_phrase = codes[wrong_code][0]
        blocks.append(
            entry_toml(
                {
                    "id": f"http-status-{code}",
                    "kind": "fact",
                    "pattern": f"{head}(?!{acc}){other_re}",
                    "severity": "error",
                    "message": {
                        "ko": f"상태 코드 {code}의 이름은 {name}입니다. 다른 코드의 이유 구절을 붙였습니다.",
                        "en": f"Status code {code} is {name}; this is another code's reason phrase.",
                    },
                    "source": source,
                    "bad": [f"{code} {wrong_phrase} 응답을 보낸다", f"| {code} | {wrong_phrase} |"],
                    "good": [f"{code} {name}", f"{wrong_code} {wrong_phrase}", f"HTTP {code} 응답"],
                }
            )
        )
        misspelled = misspelled_example(name)
        if misspelled is None:
            continue
        near = near_regex([name])
        # Another code's phrase that happens to be a near miss of this one stays the fact's.
        near_full = re.compile(near)
        clashes = [p for c, ps in codes.items() if c != code for p in ps if near_full.fullmatch(p)]
        clash = "(?!" + "|".join(phrase_regex(p) for p in clashes) + ")" if clashes else ""
        blocks.append(
            entry_toml(
                {
                    "id": f"http-status-{code}-phrase",
                    "kind": "term",
                    "pattern": f"{head}(?!{acc}){clash}{near}",
                    "severity": "warning",
                    "message": {
                        "ko": f"상태 코드 {code}의 이유 구절은 {' / '.join(accepted)}입니다(철자와 단수·복수 확인).",
                        "en": f"The reason phrase of {code} is {' / '.join(accepted)} (check spelling and plural).",
                    },
                    "source": source,
                    "bad": [f"{code} {misspelled}", f"| {code} | {misspelled} |"],
                    "good": [f"{code} {name}", f"{code}: {name.upper()}", f"{code} 응답"],
                }
            )
        )
    return blocks


HEADER = (
    "# Generated by scripts/build_knowledge_tables.py from rules/knowledge/tables/{table}: do not edit.\n"
    "# Edit the table and run the script; a test fails when this file is stale.\n"
    "# Examples come from one template per table (see the script's docstring).\n\n"
)


def family_entries(table: dict[str, Any]) -> list[str]:
    return [
        *knowledge_families.port_entries(table["ports"], entry_toml),
        *knowledge_families.icmp_entries(table["icmp"], entry_toml),
        *knowledge_families.ip_class_entries(table["ip_classes"], entry_toml),
        *knowledge_families.isolation_entries(table["isolation"], entry_toml),
        *knowledge_families.normal_form_entries(table["normal_forms"], entry_toml),
        *knowledge_families.db_key_entries(table["db_keys"], entry_toml),
        *knowledge_families.size_entries(table["sizes"], entry_toml),
        *knowledge_families.range_entries(table["ranges"], entry_toml),
    ]


def build() -> dict[Path, str]:
    acronyms = tomllib.loads((TABLES / "acronyms.toml").read_text(encoding="utf-8"))
    status = tomllib.loads((TABLES / "http-status.toml").read_text(encoding="utf-8"))
    sentences = tomllib.loads((TABLES / "sentences.toml").read_text(encoding="utf-8"))
    families = tomllib.loads((TABLES / "families.toml").read_text(encoding="utf-8"))
    return {
        PACKS / "sentences.toml": HEADER.format(table="sentences.toml")
        + "\n\n".join(knowledge_families.sentence_entries(sentences["row"], entry_toml))
        + "\n",
        PACKS / "families.toml": HEADER.format(table="families.toml") + "\n\n".join(family_entries(families)) + "\n",
        PACKS / "acronyms.toml": HEADER.format(table="acronyms.toml") + "\n\n".join(acronym_entries(acronyms)) + "\n",
        PACKS / "http-status.toml": HEADER.format(table="http-status.toml")
        + "\n\n".join(status_entries(status))
        + "\n",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a generated pack is stale")
    args = parser.parse_args(argv)
    stale = []
    for path, text in build().items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("stale: " + ", ".join(str(p.relative_to(ROOT)) for p in stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
