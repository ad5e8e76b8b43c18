"""``cscheck report``: study progress — questions answered per file and section, findings per rule, and
the questions still to answer, as text, Markdown, one self-contained HTML page or JSON; and a badge.

Counting. The questions are the Q&A model's (:mod:`checker.qa`, with the configured presets). Within a
file, questions with the same normalized text (:func:`checker.questions.normalize_question`) are one
question: a README's index entry and the same question answered further down count once, answered,
in the section of the answer. A question is answered when any of its occurrences is. Questions with
no text (``#### 💡`` alone) are not counted — CS202 reports them. Percentages are rounded down, so
100% means every question has an answer.

The report is informational: ``cscheck report`` exits 0 whatever it finds, and 2 only for bad usage,
a bad config or a failed write. The JSON shape (:class:`ReportOutput`) is versioned like
``--output-format json``: keys are only ever added.
"""

from __future__ import annotations

import html
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict

from checker import __version__
from checker.diagnostic import Severity
from checker.engine import FileReport
from checker.questions import Question
from checker.reporters.common import printable, severity
from checker.reporters.markdown import code as md_code
from checker.reporters.markdown import escape as md_escape

REPORT_FORMATS = ("text", "markdown", "html", "json")
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


# -- the model (the JSON shape) -----------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReportQuestion(_Model):
    text: str
    line: int  # 1-based
    section: str | None
    link: str  # `path#L12`, relative to the working folder (as `path` is)


class ReportSection(_Model):
    name: str | None  # the enclosing heading that is not a question; None before the first one
    answered: int
    total: int
    percent: int  # answered * 100 // total, rounded down


class ReportFinding(_Model):
    code: str
    name: str
    severity: Literal["error", "warning", "info"]
    count: int


class ReportFile(_Model):
    path: str
    answered: int
    total: int
    percent: int | None  # None when the file has no questions
    sections: list[ReportSection]
    unanswered: list[ReportQuestion]
    findings: list[ReportFinding]


class ReportSummary(_Model):
    files: int
    questions: int
    answered: int
    unanswered: int
    percent: int | None  # None when no file has a question
    findings: int


class ReportOutput(_Model):
    version: Literal[1]
    files: list[ReportFile]
    findings: list[ReportFinding]  # per rule, over every file
    summary: ReportSummary


def percent(answered: int, total: int) -> int | None:
    return answered * 100 // total if total else None


def distinct_questions(questions: Iterable[Question]) -> list[tuple[Question, bool]]:
    """Each distinct question once, as (the occurrence that stands for it, whether it is answered).

    The occurrence with the answer stands for a question (its section, its line); an unanswered one
    is represented by its first occurrence. Order: by the line of the occurrence that stands for it.
    """
    groups: dict[str, list[Question]] = {}
    for question in questions:
        if not question.empty_text:
            groups.setdefault(question.key, []).append(question)
    result = []
    for group in groups.values():
        answered = any(q.answered for q in group)
        standing = next((q for q in group if q.has_content), None) or next(
            (q for q in group if q.answer_link is not None), group[0]
        )
        result.append((standing, answered))
    return sorted(result, key=lambda item: item[0].line)


def _link(path: str, line: int) -> str:
    return f"{quote(path, safe='/:')}#L{line}"


def _findings(reports: Iterable[FileReport]) -> list[ReportFinding]:
    counts: Counter[tuple[str, str, Severity]] = Counter()
    for report in reports:
        for diagnostic in report.diagnostics:
            counts[(diagnostic.code, diagnostic.name, severity(diagnostic))] += 1
    return [
        ReportFinding(code=code, name=name, severity=level.value, count=count)
        for (code, name, level), count in sorted(counts.items(), key=lambda i: (i[0][0], _SEVERITY_ORDER[i[0][2]]))
    ]


def build(reports: Sequence[FileReport]) -> ReportOutput:
    """The report of ``reports`` (in path order)."""
    files = []
    for report in sorted(reports, key=lambda r: r.display):
        distinct = distinct_questions(report.questions)
        sections: dict[str | None, list[bool]] = {}
        unanswered = []
        for question, answered in distinct:
            sections.setdefault(question.section, []).append(answered)
            if not answered:
                line = question.line + 1
                unanswered.append(
                    ReportQuestion(
                        text=question.text, line=line, section=question.section, link=_link(report.display, line)
                    )
                )
        answered_count = sum(1 for _, answered in distinct if answered)
        files.append(
            ReportFile(
                path=report.display,
                answered=answered_count,
                total=len(distinct),
                percent=percent(answered_count, len(distinct)),
                sections=[
                    ReportSection(
                        name=name, answered=sum(flags), total=len(flags), percent=sum(flags) * 100 // len(flags)
                    )
                    for name, flags in sections.items()
                ],
                unanswered=unanswered,
                findings=_findings([report]),
            )
        )
    total = sum(f.total for f in files)
    answered_total = sum(f.answered for f in files)
    summary = ReportSummary(
        files=len(files),
        questions=total,
        answered=answered_total,
        unanswered=total - answered_total,
        percent=percent(answered_total, total),
        findings=sum(len(r.diagnostics) for r in reports),
    )
    return ReportOutput(version=1, files=files, findings=_findings(reports), summary=summary)


# -- words --------------------------------------------------------------------------------------

_WORDS = {
    "ko": {
        "title": "학습 진행 현황",
        "file": "파일",
        "section": "섹션",
        "answered": "답변",
        "progress": "진행률",
        "unanswered": "답변이 없는 질문",
        "findings": "규칙별 문제",
        "rule": "규칙",
        "severity": "심각도",
        "count": "개수",
        "no_section": "(섹션 없음)",
        "no_questions": "질문 없음",
        "no_findings": "문제 없음",
        "all_answered": "모든 질문에 답변이 있습니다.",
        "generated": "cscheck {version}이 만든 보고서",
    },
    "en": {
        "title": "Study progress",
        "file": "file",
        "section": "section",
        "answered": "answered",
        "progress": "progress",
        "unanswered": "Unanswered questions",
        "findings": "Findings per rule",
        "rule": "rule",
        "severity": "severity",
        "count": "count",
        "no_section": "(no section)",
        "no_questions": "no questions",
        "no_findings": "no findings",
        "all_answered": "Every question has an answer.",
        "generated": "generated by cscheck {version}",
    },
}
_SEVERITY_KO = {"error": "오류", "warning": "경고", "info": "정보"}


def _words(lang: str) -> dict[str, str]:
    return _WORDS["ko" if lang == "ko" else "en"]


def _severity_name(value: str, lang: str) -> str:
    return _SEVERITY_KO[value] if lang == "ko" else value


def _shown_percent(value: int | None) -> str:
    return "—" if value is None else f"{value}%"


def headline(output: ReportOutput, lang: str) -> str:
    s = output.summary
    if lang == "ko":
        return (
            f"질문 {s.questions}개 중 {s.answered}개 답변 ({_shown_percent(s.percent)}), "
            f"파일 {s.files}개, 문제 {s.findings}개"
        )
    return (
        f"{s.answered} of {s.questions} questions answered ({_shown_percent(s.percent)}), "
        f"{s.files} file{'' if s.files == 1 else 's'}, {s.findings} finding{'' if s.findings == 1 else 's'}"
    )


def _section_name(name: str | None, lang: str) -> str:
    return name if name is not None else _words(lang)["no_section"]


# -- text ---------------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide and fullwidth characters take two."""
    return sum(
        2 if unicodedata.east_asian_width(char) in "WF" else 0 if unicodedata.combining(char) else 1 for char in text
    )


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def _truncate(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for char in text:
        used += display_width(char)
        if used > width - 1:
            break
        out += char
    return out + "…"


def _bar(value: int, width: int = 10) -> str:
    filled = value * width // 100
    return "█" * filled + "░" * (width - filled)


def render_text(output: ReportOutput, lang: str) -> str:
    words = _words(lang)
    lines = [f"cscheck report: {headline(output, lang)}", ""]
    for file in output.files:
        total = f"{file.answered}/{file.total}" if file.total else words["no_questions"]
        shown = f" ({file.percent}%)" if file.percent is not None else ""
        lines.append(f"{printable(file.path)}  {total}{shown}")
        names = [_truncate(printable(_section_name(s.name, lang)), 40) for s in file.sections]
        width = max((display_width(name) for name in names), default=0)
        for section, name in zip(file.sections, names, strict=True):
            count = f"{section.answered}/{section.total}"
            lines.append(f"  {_pad(name, width)}  {count:>7}  {_bar(section.percent)} {section.percent:>3}%")
        for question in file.unanswered:
            lines.append(f"  ? {printable(file.path)}:{question.line}  {printable(question.text)}")
        if file.findings:
            counts = ", ".join(f"{f.code} {f.name} ×{f.count}" for f in file.findings)
            lines.append(f"  {words['findings']}: {counts}")
        lines.append("")
    if output.findings:
        lines.append(words["findings"])
        width = max(len(str(f.count)) for f in output.findings)
        for finding in output.findings:
            level = _severity_name(finding.severity, lang)
            lines.append(f"  {finding.count:>{width}}  {finding.code}  {finding.name} ({level})")
        lines.append("")
    return "\n".join(lines)


# -- markdown -----------------------------------------------------------------------------------


def _md_link(text: str, target: str) -> str:
    return f"[{text}](<{target.replace('>', '%3E').replace('<', '%3C')}>)"


def render_markdown(output: ReportOutput, lang: str) -> str:
    words = _words(lang)
    lines = [f"# {words['title']}", "", f"**{md_escape(headline(output, lang))}**", ""]
    lines += [
        f"| {words['file']} | {words['section']} | {words['answered']} | {words['progress']} |",
        "| --- | --- | ---: | ---: |",
    ]
    for file in output.files:
        path = _md_link(md_code(file.path).replace("|", "\\|"), quote(file.path, safe="/:"))
        if not file.sections:
            lines.append(f"| {path} | | 0/0 | — |")
        for index, section in enumerate(file.sections):
            shown = path if index == 0 else ""
            name = md_escape(_section_name(section.name, lang), table=True)
            lines.append(f"| {shown} | {name} | {section.answered}/{section.total} | {section.percent}% |")
    lines.append("")
    if output.findings:
        lines += [f"## {words['findings']}", ""]
        lines += [f"| {words['rule']} | {words['severity']} | {words['count']} |", "| --- | --- | ---: |"]
        for finding in output.findings:
            level = _severity_name(finding.severity, lang)
            lines.append(f"| {finding.code} {md_code(finding.name)} | {level} | {finding.count} |")
        lines.append("")
    lines += [f"## {words['unanswered']}", ""]
    pending = [file for file in output.files if file.unanswered]
    if not pending:
        lines += [words["all_answered"], ""]
    for file in pending:
        lines += [f"### {md_code(file.path)}", ""]
        for question in file.unanswered:
            where = f"{file.path}:{question.line}"
            lines.append(f"- {_md_link(md_escape(question.text), question.link)} ({md_code(where)})")
        lines.append("")
    return "\n".join(lines)


# -- html ---------------------------------------------------------------------------------------

_STYLE = """
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --track: #eef1f4; }
* { box-sizing: border-box; }
body {
  margin: 0 auto; max-width: 60rem; padding: 2rem 1.25rem 3rem; color: var(--ink); background: #fff;
  font-family: "Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", "맑은 고딕",
    "NanumGothic", "Nanum Gothic", system-ui, sans-serif;
  line-height: 1.6; word-break: keep-all; overflow-wrap: anywhere;
}
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
a { color: #0969da; text-decoration: none; }
a:hover { text-decoration: underline; }
code, .path { font-family: ui-monospace, "Noto Sans Mono CJK KR", "D2Coding", "DejaVu Sans Mono", monospace; }
.summary { color: var(--muted); margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: .25rem 0 .75rem; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: middle; }
th { font-weight: 600; color: var(--muted); font-size: .9rem; }
td.count, th.count, td.percent { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.bar-cell { width: 35%; }
.bar { height: .7rem; background: var(--track); border-radius: .35rem; overflow: hidden; }
.bar > span { display: block; height: 100%; border-radius: .35rem; }
.file { border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; margin: 1rem 0; }
.file h2 { margin: 0 0 .5rem; font-size: 1.05rem; display: flex; gap: .75rem; align-items: baseline; }
.file h2 .count { margin-left: auto; color: var(--muted); font-weight: 400; white-space: nowrap; }
ul.unanswered { margin: .25rem 0; padding-left: 1.25rem; }
ul.unanswered .line { color: var(--muted); font-size: .85rem; margin-left: .5rem; white-space: nowrap; }
.findings { color: var(--muted); font-size: .9rem; }
footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; }
"""


def ratio_color(value: int | None) -> str:
    """Shields' palette by percent answered (grey when there is nothing to answer)."""
    if value is None:
        return "#9f9f9f"
    for threshold, color in ((90, "#4c1"), (75, "#97ca00"), (60, "#a4a61d"), (40, "#dfb317"), (20, "#fe7d37")):
        if value >= threshold:
            return color
    return "#e05d44"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _bar_html(value: int | None, label: str) -> str:
    shown = value or 0
    return (
        f'<div class="bar" role="progressbar" aria-label="{_e(label)}" aria-valuemin="0" aria-valuemax="100" '
        f'aria-valuenow="{shown}"><span style="width:{shown}%;background:{ratio_color(value)}"></span></div>'
    )


def render_html(output: ReportOutput, lang: str) -> str:
    words = _words(lang)
    summary = output.summary
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ko">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Self-contained: nothing is fetched, whatever a note's text holds.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f'<meta name="generator" content="cscheck {_e(__version__)}">',
        f"<title>{_e(words['title'])}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(words['title'])}</h1>",
        f'<p class="summary" id="summary" data-questions="{summary.questions}" data-answered="{summary.answered}" '
        f'data-files="{summary.files}" data-findings="{summary.findings}">{_e(headline(output, lang))}</p>',
        _bar_html(summary.percent, words["progress"]),
        "</header>",
        "<main>",
    ]
    for number, file in enumerate(output.files, start=1):
        total = f"{file.answered}/{file.total} ({file.percent}%)" if file.percent is not None else words["no_questions"]
        parts += [
            f'<section class="file" id="file-{number}" data-path="{_e(file.path)}">',
            f'<h2><a class="path" href="{_e(quote(file.path, safe="/:"))}">{_e(file.path)}</a>'
            f'<span class="count">{_e(total)}</span></h2>',
        ]
        if file.sections:
            parts += [
                '<table class="sections">',
                f'<thead><tr><th>{_e(words["section"])}</th><th class="count">{_e(words["answered"])}</th>'
                f'<th class="count">%</th><th>{_e(words["progress"])}</th></tr></thead>',
                "<tbody>",
            ]
            for section in file.sections:
                name = _section_name(section.name, lang)
                parts.append(
                    f'<tr class="section-row" data-answered="{section.answered}" data-total="{section.total}">'
                    f'<td class="section-name">{_e(name)}</td>'
                    f'<td class="count">{section.answered}/{section.total}</td>'
                    f'<td class="percent">{section.percent}%</td>'
                    f'<td class="bar-cell">{_bar_html(section.percent, name)}</td></tr>'
                )
            parts += ["</tbody>", "</table>"]
        if file.unanswered:
            parts += [f"<h3>{_e(words['unanswered'])}</h3>", '<ul class="unanswered">']
            for question in file.unanswered:
                parts.append(
                    f'<li><a class="question" href="{_e(question.link)}" data-line="{question.line}">'
                    f"{_e(question.text)}</a>"
                    f'<span class="line">{_e(file.path)}:{question.line}</span></li>'
                )
            parts.append("</ul>")
        if file.findings:
            counts = ", ".join(f"{f.code} {f.name} ×{f.count}" for f in file.findings)
            parts.append(f'<p class="findings">{_e(words["findings"])}: {_e(counts)}</p>')
        parts.append("</section>")
    parts.append("</main>")
    parts += [f"<h2>{_e(words['findings'])}</h2>"]
    if output.findings:
        parts += [
            '<table class="rules">',
            f"<thead><tr><th>{_e(words['rule'])}</th><th>{_e(words['severity'])}</th>"
            f'<th class="count">{_e(words["count"])}</th></tr></thead>',
            "<tbody>",
        ]
        for finding in output.findings:
            parts.append(
                f'<tr class="rule-row"><td><code>{_e(finding.code)}</code> {_e(finding.name)}</td>'
                f'<td>{_e(_severity_name(finding.severity, lang))}</td><td class="count">{finding.count}</td></tr>'
            )
        parts += ["</tbody>", "</table>"]
    else:
        parts.append(f"<p>{_e(words['no_findings'])}</p>")
    parts += [
        f"<footer>{_e(words['generated'].format(version=__version__))}</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


# -- json ---------------------------------------------------------------------------------------


def render_json(output: ReportOutput, lang: str) -> str:
    return output.model_dump_json(indent=2) + "\n"


def render(output: ReportOutput, output_format: str, lang: str) -> str:
    renderers = {"text": render_text, "markdown": render_markdown, "html": render_html, "json": render_json}
    return renderers[output_format](output, lang)


def json_schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of ``cscheck report --output-format json``."""
    schema = ReportOutput.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "cscheck report --output-format json",
        **{key: value for key, value in schema.items() if key != "title"},
    }


# -- the badge ----------------------------------------------------------------------------------

# Verdana 11px advance widths (px) of the characters a badge holds, as shields.io measures them.
_WIDTHS = {
    **dict.fromkeys("0123456789", 7.0),
    "%": 11.5,
    "a": 6.7,
    "n": 7.0,
    "s": 5.7,
    "w": 9.0,
    "e": 6.6,
    "r": 4.7,
    "d": 6.9,
    "o": 6.7,
    "q": 6.9,
    "u": 7.0,
    "t": 4.4,
    "i": 3.0,
    " ": 3.5,
    "—": 11.0,
}


def _text_width(text: str) -> int:
    return round(sum(_WIDTHS.get(char, 7.5) for char in text))


def badge_svg(value: int | None, label: str = "answered") -> str:
    """A shields-style flat badge: ``answered | 87%``, coloured by the ratio (grey when nothing to answer)."""
    message = _shown_percent(value) if value is not None else "no questions"
    left, right = _text_width(label) + 10, _text_width(message) + 10
    width = left + right
    color = ratio_color(value)
    title = _e(f"{label}: {message}")
    label_e, message_e = _e(label), _e(message)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" aria-label="{title}">'
        f"<title>{title}</title>"
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>'
        '<stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{color}"/>'
        f'<rect width="{width}" height="20" fill="url(#s)"/></g>'
        '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="{left / 2:g}" y="15" fill="#010101" fill-opacity=".3">{label_e}</text>'
        f'<text x="{left / 2:g}" y="14">{label_e}</text>'
        f'<text x="{left + right / 2:g}" y="15" fill="#010101" fill-opacity=".3">{message_e}</text>'
        f'<text x="{left + right / 2:g}" y="14">{message_e}</text></g></svg>\n'
    )


def write_badge(path: Path, output: ReportOutput) -> None:
    path.write_text(badge_svg(output.summary.percent), encoding="utf-8")
