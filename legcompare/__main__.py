"""Allow ``python -m legcompare``."""

from legcompare.cli import main

main()
