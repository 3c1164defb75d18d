"""``python -m pantau.cli``: the same as the ``pantau`` command."""

import sys

from pantau.cli.main import main

sys.exit(main())
