"""`python -m tacitus` runs the command line."""

from tacitus.cli import main

raise SystemExit(main())
