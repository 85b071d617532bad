"""thread_tui: edit OpenAI threads and conversations from the terminal.

Importing the package must stay cheap: no Textual, no httpx here. The CLI and
the headless commands import those only when they need them.
"""

__version__ = "0.1.0"
