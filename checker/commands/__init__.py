"""The ``cscheck`` commands, one module each; ``checker.cli`` puts them in one group.

Each module imports what only its command needs inside the command, so ``cscheck check`` does
not pay for the report, the docs or the init survey.
"""
