"""`python -m adapters.cli` is the `afterview` command."""

import sys

from adapters.cli import main

sys.exit(main())
