"""``python -m tmbrief`` runs the command line."""

import sys

from tmbrief.cli import main

sys.exit(main())
