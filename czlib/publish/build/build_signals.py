"""SIGINT and SIGTERM during ``czlib build``: stop the kernel, keep the previous outputs, exit 130/143.

Why a module of its own: nbclient installs its own SIGINT/SIGTERM handlers
on the event loop while a notebook runs (they shut the kernel down and let
the execution fail with ``DeadKernelError`` and then an ``AssertionError`` of
its clean-up), and removing them on the way out resets the signals to
Python's defaults.  The build instead wants one answer to a stop signal
whenever it arrives: :class:`BuildInterrupted`, the kernel shut down, and its
own handlers back for the next notebook.
"""
from __future__ import annotations

import asyncio
import contextlib
import signal

from .build_folders import BuildInterrupted

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_RECEIVED: dict[str, int | None] = {"signum": None}  # the stop signal this build got, if any


@contextlib.contextmanager
def signals_held():
    """Hold SIGINT and SIGTERM while the outputs are swapped (they take effect right after)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def stop_on_signals():
    """Turn SIGINT and SIGTERM into :class:`BuildInterrupted` for the duration (main thread only)."""
    def handler(signum, frame):
        _RECEIVED["signum"] = signum
        raise BuildInterrupted(signum)

    _RECEIVED["signum"] = None
    try:
        previous = {sig: signal.signal(sig, handler) for sig in STOP_SIGNALS}
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextlib.contextmanager
def interruption_wins():
    """While a notebook runs: report a stop signal as :class:`BuildInterrupted`, whatever followed it.

    Also puts the build's own signal handlers back afterwards (nbclient's
    exit resets them to Python's defaults).
    """
    try:
        saved = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    except ValueError:
        saved = {}
    try:
        yield
    except BaseException as exc:
        signum = _RECEIVED["signum"]
        if signum is not None and not isinstance(exc, BuildInterrupted):
            raise BuildInterrupted(signum) from None
        raise
    finally:
        with contextlib.suppress(ValueError, TypeError):
            for sig, handler in saved.items():
                signal.signal(sig, handler)


def _refuse(*args, **kwargs):
    raise RuntimeError("czlib build handles SIGINT and SIGTERM itself")


def guarded_client_class():
    """A NotebookClient whose kernel set-up answers SIGINT/SIGTERM by cancelling the execution.

    The execution task is cancelled (so nbclient's own clean-up shuts the
    kernel down) and the signal is recorded for :func:`interruption_wins`;
    nbclient's handlers are kept off the loop.
    """
    from nbclient import NotebookClient

    class GuardedClient(NotebookClient):
        @contextlib.asynccontextmanager
        async def async_setup_kernel(self, **kwargs):
            loop = asyncio.get_running_loop()
            task = asyncio.current_task()

            def stop(signum):
                _RECEIVED["signum"] = signum
                if task is not None:
                    task.cancel()

            installed = []
            try:
                for sig in STOP_SIGNALS:
                    loop.add_signal_handler(sig, stop, sig)
                    installed.append(sig)
                loop.add_signal_handler = _refuse  # nbclient would replace ours with its own
            except RuntimeError:  # not the main thread
                pass
            try:
                async with super().async_setup_kernel(**kwargs):
                    yield
            finally:
                loop.__dict__.pop("add_signal_handler", None)
                for sig in installed:
                    loop.remove_signal_handler(sig)

    return GuardedClient
