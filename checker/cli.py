"""The command line: the ``cscheck`` group of the commands in ``checker/commands/``, one module each.

Exit codes (DESIGN.md): 0 nothing failing; 1 findings of severity error or warning, an
unreadable/undecodable file, or ``fix`` changed a file; 2 bad usage, a missing path, a bad config
or knowledge pack, a refused write — 2 wins over 1 and every other file is still reported;
3 cscheck itself failed (a bug: an exception nothing handled), so a crash never reads as an
ordinary failed check, nor as a pass; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import io
import os
import sys

import click

from checker import __version__
from checker.commands import baseline, check, clean, init, knowledge, report, rules, schema, server
from checker.commands.common import EXIT_CRASH, EXIT_INTERRUPTED, EXIT_OK


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="cscheck")
def main() -> None:
    """cscheck: a linter for Korean CS-interview study notes in Markdown."""
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        if stream.isatty():
            # A console that cannot encode Korean or 💡 (cp949 has no 💡; cp1252 no Hangul) gets
            # escapes, not a traceback.
            stream.reconfigure(errors="backslashreplace")
        else:
            # A pipe or a file is read by a program (JSON, SARIF, a CI log): UTF-8 with "\n" line
            # ends, whatever PYTHONIOENCODING, the locale or a Windows code page say.
            stream.reconfigure(encoding="utf-8", errors="backslashreplace", newline="\n")


for command in (
    check.check,
    check.fix,
    report.report,
    baseline.write_baseline,
    init.init_repository,
    rules.list_rules,
    rules.show_rule,
    knowledge.knowledge_group,
    clean.clean_cache,
    server.language_server,
    schema.show_schema,
):
    main.add_command(command)


def run() -> None:
    """The ``cscheck`` command (console script and ``python -m checker``): :func:`main` in a
    process of its own, with the garbage collector tuned for it.

    Parsing makes millions of short-lived objects and almost no reference cycles, so Python's
    default — a collection every 700 allocations, walking every long-lived object now and then —
    cost ~10% of a run. The modules loaded so far are frozen out of collection (forked workers
    then share them untouched) and collections come every 50 000 allocations; cycles are still
    collected. Tests call :func:`main` in-process, where this would leak into the test runner.
    """
    import gc  # noqa: PLC0415

    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    sys.exit(_guarded(main))


def _guarded(command: click.Command) -> int:
    """Run ``command`` the way click's standalone mode would, except that nothing it does can
    exit 1 unless it meant to: an exception no code handled is exit 3 with one line (and the
    traceback for a bug report only with ``CSCHECK_DEBUG=1``), an interrupt exit 130."""
    try:
        result = command.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("cscheck: interrupted", err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.exceptions.Exit as done:
        return done.exit_code
    except Exception as error:  # the last line of defence: report, never pass
        if os.environ.get("CSCHECK_DEBUG"):
            import traceback  # noqa: PLC0415

            traceback.print_exc()
        click.echo(
            f"cscheck: internal error: {type(error).__name__}: {error} — a bug in cscheck, not in your notes; "
            "please report it (CSCHECK_DEBUG=1 prints the traceback)",
            err=True,
        )
        return EXIT_CRASH
    return result if isinstance(result, int) else EXIT_OK
