"""`python -m atlhyper.collector`: the process `atlhyper collector` turns into (see `app`)."""

import sys

from atlhyper.collector import UNUSED_MODULES

for _name in UNUSED_MODULES:
    sys.modules.setdefault(_name, None)  # type: ignore[arg-type]

from atlhyper.collector.app import main  # noqa: E402

main()
