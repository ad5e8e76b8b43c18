"""``--output-format junit``: JUnit XML for CI test-report views.

One ``testsuite`` per checked file and one ``testcase`` per rule that ran. A rule whose findings in
the file include an error or a warning fails with one ``failure`` element (``type`` = the code, the
findings' places and messages as its text); findings of severity info never fail, as in the exit
code, and are listed in the test case's ``system-out``. In a file that could not be read as text, the
rules that read text are ``skipped``.

Characters XML 1.0 cannot carry (most C0 controls, U+FFFE, U+FFFF) are written as ``\\xNN`` /
``\\uNNNN`` so the report stays well-formed whatever a note holds.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from checker.diagnostic import Diagnostic
from checker.engine import FileReport
from checker.reporters import ReportOptions
from checker.reporters.common import one_line, ran_rules, severity, start
from checker.rule import FileRule

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold spelled out as an escape."""

    def spell(match: re.Match[str]) -> str:
        value = ord(match.group())
        return f"\\x{value:02x}" if value < 0x100 else f"\\u{value:04x}"

    return _NOT_XML.sub(spell, text)


def _line(report: FileReport, diagnostic: Diagnostic, lang: str) -> str:
    line, column = start(diagnostic)
    level = severity(diagnostic).value
    return f"{report.display}:{line}:{column}: {diagnostic.code} {level}: {one_line(diagnostic.message.text(lang))}"


def render(reports: Sequence[FileReport], options: ReportOptions) -> str:
    rules = sorted(ran_rules(options.rules), key=lambda rule: rule.code)
    lang = options.lang
    root = ET.Element("testsuites", name="cscheck")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for report in reports:
        by_code: dict[str, list[Diagnostic]] = {}
        for diagnostic in report.diagnostics:
            by_code.setdefault(diagnostic.code, []).append(diagnostic)
        codes = [rule.code for rule in rules]
        extra = sorted(code for code in by_code if code not in codes)  # a finding of a rule not listed
        suite = ET.SubElement(root, "testsuite", name=xml_text(report.display))
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        cases = [(rule.code, rule.name, issubclass(rule, FileRule)) for rule in rules]
        cases += [(code, by_code[code][0].name, True) for code in extra]
        path = xml_text(report.display)
        for code, name, reads_file in cases:
            case = ET.SubElement(suite, "testcase", name=f"{code} {name}", classname=path, file=path)
            counts["tests"] += 1
            found = by_code.get(code, [])
            text = "\n".join(xml_text(_line(report, d, lang)) for d in found)
            if any(severity(d).fails for d in found):
                first = found[0]
                message = one_line(first.message.text(lang))
                if len(found) > 1:
                    more = f"외 {len(found) - 1}개" if lang == "ko" else f"and {len(found) - 1} more"
                    message = f"{message} ({more})"
                failure = ET.SubElement(case, "failure", type=code, message=xml_text(message))
                failure.text = text
                counts["failures"] += 1
            elif found:
                ET.SubElement(case, "system-out").text = text
            elif report.source is None and not reads_file:
                reason = "파일을 텍스트로 읽을 수 없음" if lang == "ko" else "the file could not be read as text"
                ET.SubElement(case, "skipped", message=reason)
                counts["skipped"] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("errors", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
