"""CS501 known-error: a known factual error from the knowledge base."""

from __future__ import annotations

from collections.abc import Iterator

from checker.context import Context
from checker.diagnostic import Diagnostic, Message
from checker.document import Document
from checker.knowledge_rule import knowledge_diagnostics
from checker.rule import FixAvailability, Rule


class KnownError(Rule):
    """
    ## What it does
    Finds known factual errors — wrong facts that copy themselves from blog to blog into study
    notes — using the knowledge base in `rules/knowledge/*.toml` (entries of `kind = "fact"`):
    HTTPS on port 433, the TCP state `LAST_WAIT`, `TLS(Secure Sockets Layer)`, an L4 load
    balancer "in the network layer", OAuth as an authentication protocol, a preflight "always"
    sent, and some eighty more, each with a source (RFC, standard, official documentation).

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
