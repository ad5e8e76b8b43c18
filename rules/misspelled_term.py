"""CS502 misspelled-term: a misspelled technical term or name."""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Message
from checker.document import Document
from checker.rule import Context, FixAvailability, Rule
from rules._knowledge import term_diagnostics


class MisspelledTerm(Rule):
    """
    ## What it does
    Finds misspelled technical terms and names from the knowledge base (`rules/knowledge/*.toml`,
    entries of `kind = "term"`): `Vitual DOM`, `Seucure`, `Protocal`, `TSL` for TLS, `WebScoket`,
    `Tranport`, `Java Persistent API`, and the misspelled or singular/plural reason phrases of the
    HTTP status-code table (`201 Create`, `204 No Contents`, `429 Too Many Request`, also in
    Markdown table rows). A wrong acronym expansion is a wrong fact and is CS501's, misspelled
    word or not. Matched where CS501 matches: prose, plain fences, never code or URLs. A typo
    stays a typo inside a refutation, so term entries ignore the refutation guard unless they
    opt in.

    Besides the entries, a check by method finds **near misses** of technical words: a prose word of six
    letters or more (not inside inline code, not a file name or URL) that is neither an English word
    (the word list of `pyspellchecker`) nor a word the notes of several repositories use — a word
    codespell's list of common misspellings corrects to the suggestion is neither, however many notes
    copy it (`commited`, `seperate`, `hierachy`) — and is one
    edit — a letter dropped, doubled, added, replaced, or two letters swapped — from a technical word of
    `rules/knowledge/tables/technical-words.txt` (`Sempahore`, `deadlodck`, `Segementation`,
    `Authroization`, `UNCOMMITED`, `PostgerSQL`; a word in capitals keeps its first letter, so
    `SMEMBERS` is not `MEMBERS` misspelled, and a word with a capital inside is compared only with names
    notes write so, so `secondArr` is not `secondary` misspelled). Such a finding is a warning with the
    suggestion as a display-only fix; suppress one with `misspelled-term:spelling`.

    One report per error: a misspelled word that is what makes an acronym's expansion wrong —
    `JVM(Java Vitual Machine)`, `AIMD(Additive Increse …)`: spelled right, the expansion is
    accepted — is CS501's alone. The class policy makes a wrong expansion a fact, misspelled or
    not, and CS501's message already gives the whole right expansion, so a CS502 finding on the
    same word would only repeat it. Where the expansion stays wrong with the word spelled right
    (`TLS(Seucure Sockets Layer)`: SSL's name, and a typo in it) the two are separate errors and
    both are reported. The knowledge base decides this, not the selection: with CS501 switched
    off, such a word is not reported at all.

    Severity (the policy CS501 shares): **error** only where a normative source (RFC, ISO/ANSI
    standard, vendor manual) fixes the spelling and no charitable reading exists — a misspelled
    name a standard or vendor fixes; **warning** for reason-phrase variants (a table compares
    against accepted forms) and near misses (one edit can point at the wrong word); **info** only
    where an entry says so, for a form that is non-standard but understood (`3-Handshaking`);
    style preferences are never on by default.

    ## Why is this bad?
    A misspelled term is hard to search for and repeats itself in every copy of the note; a wrong
    expansion teaches the wrong name.

    ## Example

        가상 돔(Vitual DOM)

    Use instead:

        가상 돔(Virtual DOM)

    ## Fix safety
    Safe for spellings whose correction is certain; an entry may make its fix unsafe or
    display-only. A near miss's suggestion is display-only: one edit can point at the wrong word.

    ## Options
    The same `[tool.cscheck.knowledge]` settings as CS501 (`packs`, `disable`); suppress one entry
    with `misspelled-term:<entry id>`.
    """

    code = "CS502"
    name = "misspelled-term"
    summary = Message("잘못 쓴 기술 용어", "Misspelled technical term")
    fix_availability = FixAvailability.SOMETIMES
    uses_knowledge = True

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        return term_diagnostics(self, doc, ctx)
