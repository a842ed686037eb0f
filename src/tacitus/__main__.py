"""`python -m tacitus` runs the command line."""

from tacitus.cli.main import main

raise SystemExit(main())
