"""``cscheck init``: set a study repository up (config, pre-commit hook, workflow)."""

from __future__ import annotations

from pathlib import Path

import click

from checker.commands.common import display, fail
from checker.config import default_lang
from checker.files import git_root


@click.command(name="init")
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@click.option("--lang", type=click.Choice(["ko", "en"]), help="Message language to configure (default: the notes').")
def init_repository(dry_run: bool, lang: str | None) -> None:
    """Set a study repository up: cscheck.toml, a pre-commit hook and a GitHub workflow.

    Reads the notes first (which question styles they use, whether they are Korean); never
    overwrites a file that exists.
    """
    from checker import init  # noqa: PLC0415

    root = git_root(Path.cwd()) or Path.cwd()
    found = init.survey(root)
    lang = lang or ("ko" if found.korean or not found.notes else default_lang())
    korean = lang == "ko"
    click.echo(f"{root}: 노트 {found.notes}개" if korean else f"{root}: {found.notes} notes")
    click.echo(init.table(found, lang), nl=False)
    chosen = ", ".join(found.presets)
    click.echo(f"쓸 질문 형식: {chosen}" if korean else f"question styles to use: {chosen}")
    templates = ", ".join(found.templates) or "-"
    click.echo(f"질문 템플릿(그 답은 답이 아님): {templates}\n" if korean else f"question templates: {templates}\n")
    planned = init.plan(root, found, lang)
    for item in planned:
        shown = display(item.path)
        if item.exists:
            note = "이미 있어 그대로 둡니다. 필요하면 직접 넣으세요:" if korean else "exists, left alone; add by hand:"
        elif dry_run:
            note = "(미리 보기)" if korean else "(preview)"
        else:
            note = "새로 씀:" if korean else "new:"
        click.echo(f"== {shown} {note}")
        click.echo(item.text)
    if dry_run:
        click.echo("--dry-run: 아무것도 쓰지 않았습니다." if korean else "--dry-run: nothing written.")
        return
    try:
        written = init.write(planned)
    except OSError as error:
        fail(f"cannot write: {error.strerror or error}")
    for path in written:
        click.echo(f"썼습니다: {display(path)}" if korean else f"wrote {display(path)}")
    click.echo(
        "다음: `pre-commit install`; 오래된 노트의 기존 문제는 `cscheck baseline`으로 기록해 두세요."
        if korean
        else "next: `pre-commit install`; record the old notes' findings with `cscheck baseline`."
    )
