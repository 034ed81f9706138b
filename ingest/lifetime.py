"""Child processes die with their parent: a kill -9 of `ingest run` or of the build script leaves no worker, no
multiprocessing resource tracker and no dbt behind.

Linux's PR_SET_PDEATHSIG sends the child a signal when the thread that started it ends; each ingest worker sets it
as it starts (the pool's initializer), and the build script sets it in dbt's process before exec. The resource
tracker holds a pipe that only the parent and the workers keep open: with them gone it reads end-of-file and exits
by itself. Elsewhere (no prctl) this is a no-op and the process group still lets `kill -9 -PGID` take them all.
Standard library only: the build script uses it without the ingest stages.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int, sig: int = signal.SIGKILL) -> None:
    """Ask the kernel to send `sig` to this process when its parent ends; if the parent (pid `parent`) has already
    gone by the time this runs, end now."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0)
    if os.getppid() != parent:
        os.kill(os.getpid(), sig)


def child_setup(sig: int = signal.SIGKILL) -> object:
    """A `preexec_fn` for subprocess that makes the child die with this process."""
    parent = os.getpid()
    return lambda: die_with_parent(parent, sig)
