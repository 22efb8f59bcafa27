"""``python -m hq`` is ``checkpoint-hq``."""

import sys

from hq.cli import main

sys.exit(main())
