"""Run the ``schoolnet`` command with ``python -m schoolnet``."""

import sys

from .cli import main

sys.exit(main())
