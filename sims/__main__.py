"""``python -m sims``: the same command line as the ``sims`` script."""

import sys

from .cli import main

sys.exit(main())
