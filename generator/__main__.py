"""``python -m generator``: the command line.

Once a command has returned, everything it wrote is closed (the cache, the executor, the
site) and only the standard streams may hold buffered text; the process then ends without
the interpreter's teardown, which frees a large build's objects one by one (70-110 ms after a
one-seed rebuild at 10,000 seeds, 22-30 ms without it) where the system discards them at once.
"""

import os
import sys

from generator.cli import main

status = main()
try:
    sys.stdout.flush()
    sys.stderr.flush()
finally:  # a reader that closed its end of a pipe (``| head``) has what it wanted
    os._exit(status)
