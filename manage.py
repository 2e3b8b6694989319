#!/usr/bin/env python
"""Django's command-line utility; `checkpoint` is the same thing as a console script."""

from checkpoint.cli import main

if __name__ == "__main__":
    main()
