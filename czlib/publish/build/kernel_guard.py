"""Notebook kernels of a build exit when the build process is gone.

``czlib build`` starts each kernel in a session of its own (jupyter_client
does, so that Ctrl-C in a terminal reaches the build and not the kernel).
When the build is stopped cleanly it shuts its kernel down; when it is
killed (SIGKILL) nothing can, so each kernel watches its parent: the build
sets ``CZLIB_BUILD_PID``, and :func:`watch_build` (run by the kernel before
the first cell) starts a daemon thread that ends the kernel as soon as its
parent process is no longer that build.
"""
from __future__ import annotations

import os
import threading
import time


def watch_build(interval: float = 0.5) -> bool:
    """Exit this process when the build named by ``CZLIB_BUILD_PID`` is no longer its parent.

    Returns False (and watches nothing) when the variable is unset or the
    parent is already another process (a kernel started outside a build).
    """
    try:
        pid = int(os.environ.get("CZLIB_BUILD_PID", ""))
    except ValueError:
        return False
    if os.getppid() != pid:
        return False

    def watch() -> None:
        while os.getppid() == pid:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="czlib-build-watch", daemon=True).start()
    return True
