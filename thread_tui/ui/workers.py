"""`safe_work`: Textual's `@work` for every worker the app starts, with one handler for what
they did not expect.

Textual's default (`exit_on_error=True`) ends the app with a traceback when a worker raises,
and its `Worker.StateChanged` message does not bubble, so no App-level handler can see it.
So each worker's coroutine is wrapped here: an exception it did not handle goes to
`App.report_unexpected` (a sentence on screen, the traceback in the state directory's log)
and the app goes on. Cancellation (`CancelledError`, a BaseException) passes through.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any, Concatenate, ParamSpec, TypeVar

from textual import work
from textual.dom import DOMNode
from textual.worker import Worker

P = ParamSpec("P")
NodeT = TypeVar("NodeT", bound=DOMNode)
Method = Callable[Concatenate[NodeT, P], Coroutine[Any, Any, None]]


def safe_work(
    *, exclusive: bool = False, group: str = "default"
) -> Callable[[Method[NodeT, P]], Callable[Concatenate[NodeT, P], Worker[None]]]:
    def decorator(method: Method[NodeT, P]) -> Callable[Concatenate[NodeT, P], Worker[None]]:
        @functools.wraps(method)
        async def guarded(node: NodeT, /, *args: P.args, **kwargs: P.kwargs) -> None:
            try:
                await method(node, *args, **kwargs)
            except Exception as error:
                report_unexpected(node, error)

        return work(guarded, exclusive=exclusive, group=group, exit_on_error=False)

    return decorator


def report_unexpected(node: DOMNode, error: Exception) -> None:
    report = getattr(node.app, "report_unexpected", None)
    if callable(report):
        report(error)
    else:  # an app without the handler (a widget tested alone): at least say it
        node.app.notify(f"Something went wrong ({type(error).__name__}).", severity="error")
