"""`python -m thread_tui` runs the same entry point as the `thread-tui` script."""

from thread_tui.launch import main

raise SystemExit(main())
