"""``python -m narrascope`` is the ``narrascope`` command."""

import sys

from narrascope.cli import main

sys.exit(main())
