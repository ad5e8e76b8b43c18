"""``python -m checker`` runs the command line, so a checkout works without installing."""

from checker.cli import run

if __name__ == "__main__":
    run()
