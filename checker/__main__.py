"""``python -m checker`` runs the command line, so a checkout works without installing."""

from checker.cli import main

if __name__ == "__main__":
    main()
