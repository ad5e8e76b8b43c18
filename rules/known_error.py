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
    `scripts/build_knowledge_tables.py`: **acronym expansions** (about 800 CS acronyms with
    their accepted expansions; an expansion in `ACR(…)`, `…(ACR)` or `ACR: …` form whose words
    are none of them — `MTU(Max Transfer Unit)`, `FCFS(First-Come-First-Service)`,
    `LRU(Least Recently Uesd)` — is a finding: a wrong acronym expansion is a fact, whether a
    word is wrong or misspelled) and **HTTP status codes** (the IANA registry: a code with another
    code's reason phrase, `500 Bad Gateway`, in prose and in table rows). Two more are built from
    tables: **variant families** written from their sources (a service with another service's
    well-known port, an ICMP type with another type's name, an IPv4 class with another range or
    default mask, an anomaly said to occur at an isolation level that excludes it, a normal form said
    to remove another form's dependency, a database key named with another key's name —
    `대체 키(Surrogate Key)`, a size written right after its name with another number than its
    standard's — `UDP 헤더는 16바이트`, `| Sequence Number | 16 bit |`, `SHA-256은 128비트`, Java's
    `char` as one byte — and a port range with another start or end, `동적 포트 (49152 ~ 65536)`)
    and **copied sentences** — wrong statements that travel
    from blog to note as sentences (a context switch "flushing the CPU cache", data sent before a
    FIN "arriving late and being lost", an index "taking 10% of the database", SERIALIZABLE
    "running transactions one by one"). A sentence row stores a few key phrases, never the
    sentence: all must occur in one sentence, in any order, with any spacing and particles, so a
    copy whose clauses were reordered or reworded around the keys is still found; one finding per
    sentence.

    Entries are matched in prose — paragraphs, list items, headings, table cells and plain ```` ``` ````
    fences, where these notes keep their answers — but not in code fences, URLs, link destinations
    or HTML attributes. An entry may require a context word in the same sentence (`433` only next
    to HTTPS/SSL/TLS), and a sentence that refutes the claim (`…가 아니라`, `틀린`, `오해`, `(X)`), a
    quiz/OX line, or an option under a quiz stem (`…옳은 것을 모두 고르시오`, `**보기**:`, up to the
    next heading) never fires: quizzes hold deliberate distractors.

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
    default. Applied to the tables: a port, an ICMP type, an IPv4 range, an isolation level's
    anomalies and a normal form's dependency are fixed by an RFC or ISO/IEC 9075 and are errors; a
    copied sentence is a warning (it is a simplification gone wrong: a context switch does make the
    caches cold) unless the source contradicts it outright with no charitable reading (a CA signing
    with its *public* key, READ UNCOMMITTED "not recognised by the standard": errors).

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
