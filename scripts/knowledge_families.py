"""Knowledge packs built from tables of variant families (issue 22, items 2 and 4).

Imported by ``scripts/build_knowledge_tables.py``, which writes and checks the generated packs.

- ``tables/sentences.toml`` → ``sentences.toml``: wrong statements that travel as sentences.  A row
  stores only short key phrases; the entry reports the first key and requires every other key in
  the same sentence, in any order (``context`` is one lookahead per key anchored at the sentence
  start), so a copy with reordered clauses, other particles or other spacing is still found.
- ``tables/families.toml`` → ``families.toml``: well-known ports, ICMP types, IPv4 address classes
  and their default masks, isolation levels and the anomalies they exclude, normal forms and the
  dependencies each one removes, database keys and their English names.  One row is one entry;
  the examples come from one template per family, made from the row (the wrong form the matcher
  is built for, accepted forms it must pass).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

Row = dict[str, object]
EntryToml = Callable[[dict[str, object]], str]

# A row's statement is negated or refuted in its own sentence: left alone (see the table's header).
NEGATIONS = "않|아니다|아닌|아니며|아니고|못하|못한|못함|틀린|틀렸|오해|잘못"
# "X가 아니라 Y" refutes X, but "X뿐만 아니라 Y" (not only X but also Y) asserts both.
NOT_BUT = r"(?<!뿐만)(?<!뿐만\s)(?<!뿐)(?<!뿐\s)아니라"


def key_regex(key: str) -> str:
    """A key phrase as a regex: ``|`` alternatives, optional spacing, case ignored."""
    alternatives = []
    for alternative in (a.strip() for a in key.split("|")):
        pieces = []
        for ch in alternative:
            if ch == " ":
                pieces.append(r"\s?")
            elif ch in "-_":
                pieces.append(r"[\s_-]?")
            else:
                pieces.append(re.escape(ch))
        alternatives.append("".join(pieces))
    ordered = sorted(set(alternatives), key=lambda a: (-len(a), a))
    return "(?i:" + "|".join(ordered) + ")"


def sentence_entries(rows: Sequence[Row], entry_toml: EntryToml) -> list[str]:
    blocks = []
    for row in rows:
        keys = [str(k) for k in row["keys"]]  # type: ignore[attr-defined]
        negated = bool(row.get("negated", False))
        unless = [str(u) for u in row.get("unless", [])]  # type: ignore[attr-defined]
        fields: dict[str, object] = {
            "id": str(row["id"]),
            "kind": "fact",
            # The last occurrence on its line only: one finding per sentence, however often the
            # first key recurs in it.
            "pattern": f"{key_regex(keys[0])}(?!.*{key_regex(keys[0])})",
            "context": r"(?s)\A" + "".join(f"(?=.*?{key_regex(k)})" for k in keys[1:]),
        }
        alternatives = [f"(?:{key_regex(u)})" for u in unless]
        if not negated:
            alternatives += [f"(?:{key_regex(NEGATIONS)})", f"(?:{NOT_BUT})"]
        if alternatives:
            fields["unless"] = "|".join(alternatives)
        if negated:
            fields["guard"] = False
        fields.update(
            {
                "severity": str(row["severity"]),
                "message": {"ko": str(row["ko"]), "en": str(row["en"])},
                "source": str(row["source"]),
                "bad": [str(b) for b in row["bad"]],  # type: ignore[attr-defined]
                "good": [str(g) for g in row["good"]]  # type: ignore[attr-defined]
                + _derived_goods(keys, str(row["bad"][0]), negated),  # type: ignore[index]
            }
        )
        blocks.append(entry_toml(fields))
    return blocks


def _derived_goods(keys: Sequence[str], bad: str, negated: bool) -> list[str]:
    """Two accepted forms every row gets: its first key alone (the other keys are what make it a
    claim) and, unless the claim is itself a negation, a bad example that is refuted."""
    goods = [f"{keys[0].split('|')[0].strip()}에 대해 정리한다."]
    if not negated:
        goods.append(f"{bad.rstrip('.')}라는 설명은 오해다.")
    return goods


def _alternation(phrases: Sequence[str]) -> str:
    return "(?:" + "|".join(sorted({key_regex(p) for p in phrases}, key=lambda a: (-len(a), a))) + ")"


def _first_letter(phrases: Sequence[str], *, exact: bool = False) -> str:
    """A look-ahead for the letters the phrases (with their ``|`` alternatives) start with.

    It changes no match, but a pattern that starts with look-behinds makes the regex engine try
    them at every character; with this in front it skips to the next place a phrase can start.
    """
    firsts = {a.strip()[:1] for p in phrases for a in p.split("|")}
    if not firsts or any(f in ("", "-", "_") for f in firsts):
        return ""
    letters = "".join(re.escape(f) for f in sorted(firsts))
    return f"(?=[{letters}])" if exact else f"(?=(?i:[{letters}]))"


def _numbers(values: Sequence[int]) -> str:
    return "(?:" + "|".join(str(v) for v in sorted(set(values), key=lambda v: (-len(str(v)), v))) + ")"


def port_entries(table: Row, entry_toml: EntryToml) -> list[str]:
    """Service → port: the service followed by another well-known port of the table."""
    rows: dict[str, Row] = table["rows"]  # type: ignore[assignment]
    known = {int(p) for row in rows.values() for p in row["ports"]} | {int(p) for p in table["also"]}  # type: ignore[attr-defined]
    gap = (
        r"\s?(?:[(:|=]|[-–]|는|은|의|에서는|에서)?\s?(?:기본\s?|default\s?|well-known\s?)?"
        r"(?:(?:포트|[Pp]ort)(?:\s?번호|\s?number)?\s?(?:는|은|:|is)?\s?)?(?:(?:TCP|UDP|tcp|udp)\s?)?"
    )
    blocks = []
    for service, row in rows.items():
        ports = sorted(int(p) for p in row["ports"])  # type: ignore[attr-defined]
        names = [service, *[str(n) for n in row.get("names", [])]]  # type: ignore[attr-defined]
        wrong = sorted(known - set(ports))
        name_re = r"(?<![A-Za-z0-9_./-])" + _alternation(names) + r"(?![A-Za-z0-9_])"
        shown = ", ".join(str(p) for p in ports)
        example = next(p for p in (21, 23, 25, 110, 53, 443, 80) if p not in ports)
        blocks.append(
            entry_toml(
                {
                    "id": f"port-{re.sub(r'[^a-z0-9]+', '-', service.lower()).strip('-')}",
                    "kind": "fact",
                    "pattern": f"{name_re}{gap}(?<![0-9]){_numbers(wrong)}(?![0-9])(?!\\s?(?:번째|개|명|ms|초|%))",
                    "context": "포트|[Pp]ort|PORT|번",
                    "context_scope": "block",
                    "severity": "error",
                    "message": {
                        "ko": f"{service}의 잘 알려진 포트는 {shown}번입니다. 다른 서비스의 포트를 적었습니다.",
                        "en": f"The well-known port of {service} is {shown}; this is another service's port.",
                    },
                    "source": f"IANA Service Name and Transport Protocol Port Number Registry; {row['source']}",
                    "bad": [f"{service}는 {example}번 포트를 사용한다.", f"| {service} | {example} | 포트 |"],
                    "good": [
                        f"{service}는 {ports[0]}번 포트를 사용한다.",
                        f"| {service} | {ports[-1]} | 포트 |",
                        f"{service} 서버 3대, 포트는 따로 정한다",
                        f"{service} {example}",  # a number beside the name, no port in sight
                    ],
                }
            )
        )
    return blocks


def icmp_entries(table: Row, entry_toml: EntryToml) -> list[str]:
    """ICMP type number → message name: a type with another type's name."""
    types: dict[str, list[str]] = table["types"]  # type: ignore[assignment]
    blocks = []
    for number, names in types.items():
        own = [n.lower() for n in names]
        others = sorted(
            {n for k, ns in types.items() if k != number for n in ns if n.lower() not in own},
            key=lambda n: (-len(n), n),
        )
        own_re = _alternation(names) + r"(?![\s-]?[A-Za-z])"
        head = (
            rf"(?:(?:(?i:type)|타입|유형)\s?{number}(?![0-9])\s?(?:[:(=|]|[-–]|번|은|는)?\s?|"
            rf"\|\s?{number}\s?\|\s?(?:[^|\n]{{0,4}}\|\s?)?)"
        )
        wrong = next(n for n in ("Echo Reply", "Echo Request", "Time Exceeded") if n.lower() not in own)
        blocks.append(
            entry_toml(
                {
                    "id": f"icmp-type-{number}",
                    "kind": "fact",
                    "pattern": f"{head}(?!{own_re}){_alternation(others)}(?![A-Za-z])",
                    "context": "ICMP|(?i:icmp)|[Pp]ing",
                    "context_scope": "block",
                    "severity": "error",
                    "message": {
                        "ko": f"ICMP 타입 {number}은 {' / '.join(names)}입니다. 다른 타입의 이름을 붙였습니다.",
                        "en": f"ICMP type {number} is {' / '.join(names)}; this is another type's name.",
                    },
                    "source": str(table["source"]),
                    "bad": [f"ICMP Type {number}: {wrong}", f"| ICMP | {number} | {wrong} |"],
                    "good": [
                        f"ICMP Type {number}: {names[0]}",
                        f"| ICMP | {number} | {names[0]} |",
                        f"Type {number} 메시지는 ICMP가 보낸다",
                        f"Type {number}: {wrong}",  # another protocol's type numbers
                    ],
                }
            )
        )
    return blocks


def ip_class_entries(table: Row, entry_toml: EntryToml) -> list[str]:
    """IPv4 classful ranges and default masks: a class given another first octet or mask."""
    classes: dict[str, Row] = table["classes"]  # type: ignore[assignment]
    blocks = []
    for letter, row in classes.items():
        starts = [int(s) for s in row["start"]]  # type: ignore[attr-defined]
        ends = [int(e) for e in row["end"]]  # type: ignore[attr-defined]
        head = rf"(?:(?:클래스|[Cc]lass|CLASS)\s?{letter}|(?<![A-Za-z]){letter}\s?클래스)(?![A-Za-z0-9])"
        lead = r"\s?(?:[:(|]|[-–]|는|은|의)?\s?(?:(?:범위|대역|주소)\s?(?:는|은|:)?\s?)?"
        octets = r"(?:\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}|)"  # a whole address or the first octet
        dash = r"\s?(?:~|[-–]|부터|에서)\s?"
        start_ok, end_ok = _numbers(starts), _numbers(ends)
        wrong_start = rf"(?!{start_ok}(?![0-9])){'[0-9]{1,3}'}{octets}{dash}[0-9]{{1,3}}(?![0-9])"
        wrong_end = rf"{start_ok}(?![0-9]){octets}{dash}(?!{end_ok}(?![0-9]))[0-9]{{1,3}}(?![0-9])"
        right = f"{starts[-1]}.0.0.0 ~ {ends[-1]}.255.255.255"
        wrong = f"{starts[-1]}.0.0.0 ~ {ends[-1] + 32 if ends[-1] < 223 else ends[-1] - 8}.255.255.255"
        blocks.append(
            entry_toml(
                {
                    "id": f"ip-class-{letter.lower()}-range",
                    "kind": "fact",
                    "pattern": f"{head}{lead}(?:{wrong_start}|{wrong_end})",
                    "severity": "error",
                    "message": {
                        "ko": f"클래스 {letter}의 첫 옥텟은 {starts[-1]}~{ends[-1]}입니다({row['bits']}).",
                        "en": f"A class {letter} address has a first octet of {starts[-1]}–{ends[-1]} "
                        f"({row['bits_en']}).",
                    },
                    "source": str(table["source"]),
                    "bad": [f"클래스 {letter}: {wrong}", f"{letter} 클래스는 {wrong} 범위이다"],
                    "good": [
                        f"클래스 {letter}: {right}",
                        f"{letter} 클래스의 범위는 {right}이다",
                        f"클래스 {letter} 주소는 여러 개다",
                    ],
                }
            )
        )
        mask = row.get("mask")
        if mask is None:
            continue
        other_masks = [str(m) for m in table["masks"] if m != mask]  # type: ignore[attr-defined]
        masks_re = "(?:" + "|".join(re.escape(m) for m in other_masks) + r")(?![0-9])"
        blocks.append(
            entry_toml(
                {
                    "id": f"ip-class-{letter.lower()}-mask",
                    "kind": "fact",
                    "pattern": rf"{head}[^\n.;]{{0,20}}?(?:기본\s?)?"
                    r"(?:서브넷\s?마스크|[Ss]ubnet\s?[Mm]ask|넷\s?마스크|[Nn]etmask)\s?(?:는|은|:|=|is)\s?" + masks_re,
                    "severity": "error",
                    "message": {
                        "ko": f"클래스 {letter}의 기본 서브넷 마스크는 {mask}입니다.",
                        "en": f"The default subnet mask of class {letter} is {mask}.",
                    },
                    "source": str(table["source"]),
                    "bad": [f"클래스 {letter}의 기본 서브넷 마스크는 {other_masks[0]}이다"],
                    "good": [
                        f"클래스 {letter}의 기본 서브넷 마스크는 {mask}이다",
                        f"클래스 {letter}를 서브넷 마스크 {other_masks[0]}로 나눈다.",
                    ],
                }
            )
        )
    return blocks


def _label(forms: Sequence[str]) -> str:
    return _alternation(forms)


def isolation_entries(table: Row, entry_toml: EntryToml) -> list[str]:
    """An anomaly said to occur at an isolation level that excludes it."""
    levels: dict[str, list[str]] = table["levels"]  # type: ignore[assignment]
    anomalies: dict[str, list[str]] = table["anomalies"]  # type: ignore[assignment]
    excluded: dict[str, list[str]] = table["excludes"]  # type: ignore[assignment]
    allows: dict[str, list[str]] = table["allows"]  # type: ignore[assignment]
    particle = r"(?:가|이|는|은|도|와|과)?\s?"
    occurs = (
        r"(?:발생(?:한다|합니다|하며|하고|함|된다|할\s?수\s?있)|일어(?:난다|납니다|날\s?수\s?있)"
        r"|나타(?:난다|납니다|날\s?수\s?있)|(?:can\s)?occurs?)"
    )
    blocks = []
    for level, names in levels.items():
        others = _label([n for other, ns in levels.items() if other != level for n in ns])
        gap = rf"(?:(?!{others})[^\n.;|]){{0,40}}?"
        for anomaly in excluded.get(level, []):
            level_re, anomaly_re = _label(names), _label(anomalies[anomaly])
            at = r"(?:에서도|에서는|에서|일\s?때도|일\s?때)"
            allowed = ", ".join(allows[anomaly])
            pattern = f"{level_re}{gap}{anomaly_re}{particle}{occurs}|{anomaly_re}{gap}{level_re}\\s?{at}\\s?{occurs}"
            blocks.append(
                entry_toml(
                    {
                        "id": f"isolation-{level.lower().replace(' ', '-')}-{anomaly.lower().replace(' ', '-')}",
                        "kind": "fact",
                        "pattern": pattern,
                        "severity": "error",
                        "message": {
                            "ko": f"{level}은 {anomaly}를 허용하지 않습니다. "
                            f"SQL 표준에서 {anomaly}가 가능한 수준은 {allowed}입니다.",
                            "en": f"{level} excludes {anomaly}; the SQL standard allows it only at {allowed}.",
                        },
                        "source": str(table["source"]),
                        "bad": [f"{level}에서도 {anomaly}가 발생한다.", f"{anomaly}는 {level}에서도 일어날 수 있다."],
                        "good": [
                            f"{level}에서는 {anomaly}가 발생하지 않는다.",
                            f"{level}은 {anomaly}를 막는다.",
                            f"{anomaly}가 무엇인지 {level}와 함께 설명한다.",
                        ],
                    }
                )
            )
    return blocks


def normal_form_entries(table: Row, entry_toml: EntryToml) -> list[str]:
    """A normal form said to remove a dependency that another normal form removes."""
    forms: dict[str, Row] = table["forms"]  # type: ignore[assignment]
    dependencies: dict[str, list[str]] = table["dependencies"]  # type: ignore[assignment]
    removes = (
        r"\s?(?:함수\s?)?(?:종속(?:성)?|의존(?:성)?|dependenc(?:y|ies))\s?(?:을|를|이|가)?\s?"
        r"(?:제거|없애|없앤|없도록|해결|분해|remov)"
    )
    blocks = []
    for name, row in forms.items():
        labels = [str(x) for x in row["labels"]]  # type: ignore[attr-defined]
        others = _label([str(x) for other, r in forms.items() if other != name for x in r["labels"]])  # type: ignore[attr-defined]
        gap = rf"(?:(?!{others})[^\n.;|]){{0,40}}?"
        wrong = [str(w) for w in row["wrong"]]  # type: ignore[attr-defined]
        wrong_re = _label([p for w in wrong for p in dependencies[w]])
        right = str(row["right_ko"])
        blocks.append(
            entry_toml(
                {
                    "id": f"normal-form-{name.lower()}-wrong-dependency",
                    "kind": "fact",
                    # "2NF: 1NF를 만족하고 …" names 1NF as the premise; "1NF(…) → 2NF" names a step.
                    "pattern": rf"{_label(labels)}(?!\s?(?:를|을|이|가|의)?\s?(?:만족|충족)){gap}{wrong_re}{removes}",
                    "unless": "->|→|=>|⇒",
                    "severity": "error",
                    "message": {"ko": f"{name}: {right}", "en": f"{name}: {row['right_en']}"},
                    "source": str(table["source"]),
                    "bad": [f"{labels[0]}는 {dependencies[wrong[0]][0]} 함수 종속을 제거한 것이다."],
                    "good": [
                        f"{labels[0]}는 {row['example_ko']}",
                        f"{labels[0]}를 만족하는지 {dependencies[wrong[0]][0]} 종속부터 본다.",
                        f"{labels[0]}({dependencies[wrong[0]][0]} 함수 종속 제거) → 다음 정규형",  # a step
                    ],
                }
            )
        )
    return blocks


def db_key_entries(table: Row, entry_toml: EntryToml) -> list[str]:
    """A database key's name paired, in parentheses, with another key's name in the other language."""
    keys: dict[str, Row] = table["keys"]  # type: ignore[assignment]
    blocks = []
    for name, row in keys.items():
        ko = [str(n) for n in row["ko"]]  # type: ignore[attr-defined]
        en = [str(n) for n in row["en"]]  # type: ignore[attr-defined]
        other_ko = [str(n) for k, r in keys.items() if k != name for n in r["ko"]]  # type: ignore[attr-defined]
        other_en = [str(n) for k, r in keys.items() if k != name for n in r["en"]]  # type: ignore[attr-defined]
        open_paren = r"(?:\*\*)?\s?[(（]\s?(?:\*\*)?"
        own_ko, own_en = _alternation(ko), _alternation(en)
        korean_first = rf"(?<![가-힣]){own_ko}{open_paren}(?!{own_en}){_alternation(other_en)}(?![A-Za-z])"
        english_first = rf"(?<![A-Za-z]){own_en}{open_paren}(?!{own_ko}){_alternation(other_ko)}(?![가-힣])"
        wrong_en = next(n for k, r in keys.items() if k != name for n in r["en"])  # type: ignore[attr-defined]
        wrong_ko = next(n for k, r in keys.items() if k != name for n in r["ko"])  # type: ignore[attr-defined]
        blocks.append(
            entry_toml(
                {
                    "id": f"db-key-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}-name",
                    "kind": "fact",
                    "pattern": f"{korean_first}|{english_first}",
                    # A name stays another key's name in a negated sentence ("…로 취급되지 않는다"):
                    # the negation guard is off, and only an explicit refutation silences the entry.
                    "unless": r"잘못|틀린|틀렸|오해|\((?:X|x)\)|❌",
                    "guard": False,
                    "severity": "error",
                    "message": {
                        "ko": f"{ko[0]}는 {en[0]}이고 뜻은 '{row['meaning_ko']}'입니다. "
                        "괄호 안은 다른 키의 이름입니다.",
                        "en": f"{en[0]} means {row['meaning_en']}; the name in parentheses is another key's.",
                    },
                    "source": str(table["source"]),
                    "bad": [
                        f"{ko[0]}({wrong_en}): {row['meaning_ko']}",
                        f"{en[0]} ({wrong_ko})",
                        f"결정자가 {ko[0]}({wrong_en})로 취급되지 않는다.",
                    ],
                    "good": [
                        f"{ko[0]}({en[0]}): {row['meaning_ko']}",
                        f"{en[0]} ({ko[0]})",
                        f"{ko[0]}(학번, 이름)",
                        f"{ko[0]}와 {wrong_ko}({wrong_en})",
                        f"{ko[0]}({wrong_en})라고 쓰면 틀린 이름이다.",
                    ],
                }
            )
        )
    return blocks


# Sizes and ranges (issue 22, session 28): a number with its unit right after the thing it
# measures — `UDP 헤더는 16바이트`, `| Sequence Number | 16 bit |` — or a port range label with
# another range.  Only the number next to the name counts, so a second number later in the
# sentence (an option's size, a field inside the header) never does.
_SIZE_GAP = (
    r"[ \t*`)）]{0,4}(?:의\s?)?(?:(?:크기|길이|size|length|Size|Length|필드|field|해시\s?값|해시|출력\s?값|출력|"
    r"결과\s?값|결괏값|다이제스트|digest)\s?)?"
    # A comma only before 총 or after 크기/길이: `포트 번호, 32비트 시퀀스 번호` lists two fields.
    r"(?:는|은|가|이|인|:|=|[(（]|\||is|[-–]|"
    r"(?:(?<=크기)|(?<=길이)|(?<=[Ss]ize)|(?<=[Ll]ength)),|,(?=\s?총))?[ \t*`]{0,4}"
    r"(?:(?:총|최소|최대|최저|기본|고정|항상|각각|보통|minimum|maximum|min\.?|max\.?|fixed|always)\s?)?"
)
_UNITS = {
    "bits": r"(?:비트|[Bb]its?|BITS?)(?![A-Za-z]|맵|코드|열|스트림)",
    "bytes": r"(?:바이트|[Bb]ytes?|BYTES?|B)(?![A-Za-z]|코드|열|스트림)",
}
_UNIT_WORDS = {"bits": ("비트", "bit"), "bytes": ("바이트", "byte")}
# A number that counts something else: "32비트 단위로", "4바이트 워드", "128비트 주소 두 개".
_NOT_A_SIZE = (
    r"(?!\s?(?:단위|씩|배수|짜리|워드|words?|블록|blocks?|주소|address|필드|fields?|정수|개|마다|씩|"
    r"의\s?(?:배수|블록|워드|필드|정수|단위))|[\s-]?(?:헤더|header))"
)
_NUMBER_END = r"(?![0-9]|[.,][0-9])"


def _grouped(value: int) -> str:
    """*value* as a regex that takes an optional thousands comma (65535, 65,535)."""
    text = str(value)
    return text if len(text) <= 3 else f"{text[:-3]},?{text[-3:]}"


def _wrong_number(values: Sequence[int]) -> str:
    """Any whole number but *values*."""
    ok = "|".join(_grouped(v) for v in sorted(set(values), key=lambda v: (-len(str(v)), v)))
    return rf"(?<![0-9.,])(?!(?:{ok}){_NUMBER_END})[0-9][0-9,]*{_NUMBER_END}"


def _sized(values: Sequence[int], unit: str) -> str:
    """A wrong size in *unit*, alone or at either end of a range (`20~80바이트`, `8 ~ 60 bytes`)."""
    wrong, unit_re = _wrong_number(values), _UNITS[unit]
    dash = rf"\s?(?:{unit_re}\s?)?(?:~|[-–]|부터|에서|,\s?(?:최대|max(?:imum)?))\s?"
    any_number = r"(?<![0-9.,])[0-9][0-9,]*"
    return rf"(?:{wrong}{dash}{any_number}|(?:{any_number}{dash})?{wrong})\s?{unit_re}{_NOT_A_SIZE}"


def _example_wrong(values: Sequence[int]) -> int:
    return next(v for v in (16, 32, 64, 8, 128, 24, 12) if v not in values)


def _exact_alternation(phrases: Sequence[str]) -> str:
    """Phrases as written (a Java type name is lower case), spaces optional."""
    alternatives = {re.escape(p).replace(r"\ ", r"\s?") for p in phrases}
    return "(?:" + "|".join(sorted(alternatives, key=lambda a: (-len(a), a))) + ")"


def size_entries(table: Row, entry_toml: EntryToml) -> list[str]:
    """A field, header or digest given another size than its standard's."""
    rows: dict[str, Row] = table["rows"]  # type: ignore[assignment]
    blocks = []
    for key, row in rows.items():
        names = [str(n) for n in row["names"]]  # type: ignore[attr-defined]
        units = {u: [int(v) for v in row[u]] for u in ("bits", "bytes") if u in row}  # type: ignore[attr-defined]
        # A name right after a number is that number's unit (`2 Byte (16 bit)`), not the subject.
        names_re = _exact_alternation(names) if row.get("exact") else _alternation(names)
        lead = _first_letter(names, exact=bool(row.get("exact")))
        name_re = lead + r"(?<![A-Za-z0-9_./-])(?<![0-9]\s)" + names_re + r"(?![A-Za-z0-9_])"
        # Values a hand entry already reports (`헤더는 32비트`: tcp-udp-header-32-bits) stay its own.
        quiet = {u: [*vs, *(int(v) for v in row.get(f"{u}_elsewhere", []))] for u, vs in units.items()}  # type: ignore[attr-defined]
        sized = "|".join(_sized(values, unit) for unit, values in quiet.items())
        fields: dict[str, object] = {
            "id": f"size-{key}",
            "kind": "fact",
            "pattern": f"{name_re}{_SIZE_GAP}(?:{sized})",
        }
        if "context" in row:
            fields["context"] = str(row["context"])
            fields["context_scope"] = "block"
        if "unless" in row:
            fields["unless"] = str(row["unless"])
        unit, values = next(iter(units.items()))
        ko_unit, en_unit = _UNIT_WORDS[unit]
        wrong = _example_wrong(values)
        right = values[0]
        lead = str(row.get("lead", ""))  # the context a row needs, in its examples
        bad = [
            f"{names[0]}의 크기는 {wrong}{ko_unit}이다.",
            f"| {names[0]} | {wrong} {en_unit} |",
            f"{names[0]}: 총 {wrong}{ko_unit}",
        ]
        good = [
            f"{names[0]}의 크기는 {right}{ko_unit}이다.",
            f"| {names[0]} | {right} {en_unit} |",
            f"{names[0]}는 {wrong}{ko_unit} 단위로 나눠 계산한다.",
            f"{names[0]}의 크기가 {wrong}{ko_unit}라는 설명은 틀렸다.",
            f"{names[0]}에 대해 정리한다. 다른 필드는 {wrong}{ko_unit}이다.",
        ]
        good = [lead + g for g in good]
        if "context" in row:
            good.append(bad[0])  # no context in the block: another language's type, say
        if "unless" in row:
            good.append(f"{lead}{row['unless_example']}에서 {bad[0]}")
        fields.update(
            {
                "severity": str(row.get("severity", "error")),
                "message": {
                    "ko": f"{row['what_ko']}: {row['right_ko']} 다른 크기를 적었습니다.",
                    "en": f"{row['what_en']}: {row['right_en']} This states another size.",
                },
                "source": str(row["source"]),
                "bad": [lead + b for b in bad],
                "good": good,
            }
        )
        blocks.append(entry_toml(fields))
    return blocks


def range_entries(table: Row, entry_toml: EntryToml) -> list[str]:
    """A labelled number range (RFC 6335's port ranges) given another start or end."""
    rows: dict[str, Row] = table["rows"]  # type: ignore[assignment]
    blocks = []
    for key, row in rows.items():
        labels = [str(n) for n in row["labels"]]  # type: ignore[attr-defined]
        starts = [int(v) for v in row["start"]]  # type: ignore[attr-defined]
        ends = [int(v) for v in row["end"]]  # type: ignore[attr-defined]
        head = _first_letter(labels) + r"(?<![A-Za-z0-9_가-힣])" + _alternation(labels) + r"s?(?![A-Za-z0-9_])"
        lead = (
            r"[ \t*`)）]{0,4}(?:의\s?)?(?:(?:범위|번호|대역|range)\s?)?(?:는|은|가|이|:|=|[(（]|\||is|[-–])?"
            r"[ \t*`]{0,4}(?:(?:포트\s?)?(?:번호\s?)?)?"
        )
        number = r"(?<![0-9.,])[0-9][0-9,]*" + _NUMBER_END
        start_ok = "(?:" + "|".join(_grouped(v) for v in starts) + f"){_NUMBER_END}"
        end_ok = "(?:" + "|".join(_grouped(v) for v in ends) + f"){_NUMBER_END}"
        dash = r"\s?(?:번)?\s?(?:~|[-–]|부터|에서)\s?(?:포트\s?)?"
        wrong_start = f"(?!{start_ok}){number}{dash}{number}"
        wrong_end = rf"{start_ok}{dash}(?!{end_ok}){number}"
        if row.get("end_only"):  # only an end as long as the right one: not a sub-range's
            digits = len(str(ends[0]))
            wrong_start = "(?!)"
            wrong_end = rf"{start_ok}{dash}(?!{end_ok})[0-9]{{{digits},}}{_NUMBER_END}"
        right = f"{starts[0]}~{ends[0]}"
        wrong = f"{starts[0]}~{ends[0] + 1}"
        fields: dict[str, object] = {
            "id": f"range-{key}",
            "kind": "fact",
            "pattern": f"{head}{lead}(?:{wrong_start}|{wrong_end})(?![0-9])",
        }
        if "context" in row:
            fields["context"] = str(row["context"])
            fields["context_scope"] = "block"
        fields.update(
            {
                "severity": "error",
                "message": {
                    "ko": f"{labels[0]}의 범위는 {right}입니다({row['note_ko']}).",
                    "en": f"{row['label_en']} are {starts[0]}–{ends[0]} ({row['note_en']}).",
                },
                "source": str(row["source"]),
                "bad": [f"{labels[0]}: {wrong}", f"{labels[0]}는 {wrong}번이다", f"| {labels[0]} | {wrong} |"],
                "good": [
                    f"{labels[0]}: {right}",
                    f"{labels[0]}({starts[0]}번 ~ {ends[0]}번)",
                    f"| {labels[0]} | {right} |",
                    f"{labels[0]}의 범위를 {wrong}로 적는 것은 틀렸다.",
                ],
            }
        )
        blocks.append(entry_toml(fields))
    return blocks
