"""CPU timing for the linear-time tests: the seconds a call takes on this process alone."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any


def cpu_seconds(fn: Callable[..., Any], *args: Any) -> float:
    """CPU time of ``fn(*args)`` with the garbage collector paused: other load on the machine
    does not count, and neither does a full collection walking the objects earlier tests left
    alive in a long run."""
    gc.collect()
    gc.disable()
    try:
        t0 = time.process_time()
        fn(*args)
        return time.process_time() - t0
    finally:
        gc.enable()
