"""CS501 known-error: a known factual error from the knowledge base."""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Message
from checker.document import Document
from checker.rule import Context, FixAvailability, Rule
from rules._knowledge import knowledge_diagnostics


class KnownError(Rule):
    """
    ## What it does
    Finds known factual errors — wrong facts that copy themselves from blog to blog into study
    notes — using the knowledge base in `rules/knowledge/*.toml` (entries of `kind = "fact"`):
    HTTPS on port 433, the TCP state `LAST_WAIT`, `TLS(Secure Sockets Layer)`, an L4 load
    balancer "in the network layer", OAuth as an authentication protocol, a preflight "always"
    sent, and some eighty more, each with a source (RFC, standard, official documentation).
    Two packs are tables, built from `rules/knowledge/tables/` by
    `scripts/build_knowledge_tables.py`: **acronym expansions** (about 280 CS acronyms with
    their accepted expansions; an expansion in `ACR(…)`, `…(ACR)` or `ACR: …` form whose words
    are none of them — `MTU(Max Transfer Unit)`, `FCFS(First-Come-First-Service)`,
    `LRU(Least Recently Uesd)` — is a finding: a wrong acronym expansion is a fact, whether a
    word is wrong or misspelled) and **HTTP status codes** (the IANA registry: a code with another
    code's reason phrase, `500 Bad Gateway`, in prose and in table rows).

    Entries are matched in prose — paragraphs, list items, headings, table cells and plain ```` ``` ````
    fences, where these notes keep their answers — but not in code fences, URLs, link destinations
    or HTML attributes. An entry may require a context word in the same sentence (`433` only next
    to HTTPS/SSL/TLS), and a sentence that refutes the claim (`…가 아니라`, `틀린`, `오해`, `(X)`) or a
    quiz/OX line never fires.

    ## Why is this bad?
    A study note is read to be memorised. A wrong port number or state name learned from a note
    is repeated in an interview.

    ## Example

        HTTPS는 HTTP와 다르게 433번 포트를 사용하며

    Use instead:

        HTTPS는 HTTP와 다르게 443번 포트를 사용하며

    Severity policy: **error** only where a normative source (RFC, ISO/ANSI standard, vendor
    manual) contradicts the text and no charitable reading exists; **warning** for widespread
    simplifications that are wrong, and for table findings that compare against a list of accepted
    forms (an acronym may have a meaning the table lacks); style preferences are never on by
    default.

    ## Fix safety
    Per entry. A token whose replacement is certain in its context is fixed safely (433→443 next
    to HTTPS; `LAST_WAIT`→`LAST_ACK`; `OPTION`→`OPTIONS` in a list of methods). Sentence-level
    misconceptions are warnings with a suggested wording in the message and are never rewritten.

    ## Options
    `[tool.cscheck.knowledge]`: `packs` (extra pack files, relative to the config file) and
    `disable` (entry ids). One entry can be suppressed in a note:
    `<!-- cscheck-disable-next-line known-error:https-port -- quoting the misconception -->`.
    `cscheck knowledge check FILE` validates a pack and runs its examples.
    """

    code = "CS501"
    name = "known-error"
    summary = Message("알려진 사실 오류", "Known factual error")
    fix_availability = FixAvailability.SOMETIMES
    uses_knowledge = True

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        return knowledge_diagnostics(self, doc, ctx, "fact")
