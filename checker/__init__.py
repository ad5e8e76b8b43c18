"""cscheck's engine: reads study notes the way GitHub renders them and runs the rules on them.

The engine knows Markdown and files; it knows no particular rule. Rules live in the top-level
``rules`` package, which imports ``checker`` — never the other way round, except the one lazy
import of ``rules.ALL_RULES`` in :mod:`checker.registry`.
"""

__version__ = "0.1.0"
