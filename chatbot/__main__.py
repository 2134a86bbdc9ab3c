"""``python -m chatbot`` is the ``slotbot`` command."""

import sys

from chatbot.cli import main

sys.exit(main())
