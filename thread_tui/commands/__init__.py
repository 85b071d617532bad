"""The implementations of thread-tui's commands; `thread_tui.cli` only parses arguments."""
