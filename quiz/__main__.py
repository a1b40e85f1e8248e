"""``python -m quiz``: see :mod:`quiz.cli`."""

import sys

from quiz.cli import main

sys.exit(main())
