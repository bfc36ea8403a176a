"""Process plumbing of the warm workers (:mod:`jinshui_analysis.render.workers`), Linux first:
the death signal of a job's fork, the child subreaper that ends what a job left running
(:func:`end_descendants`), and :class:`Cloned`, a :class:`subprocess.Popen`-like handle on a
worker forked from another worker (not this process's child)."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import time

__all__ = ["Cloned", "children_of", "end_descendants", "set_pdeathsig", "set_subreaper"]


def set_pdeathsig() -> None:
    """Linux: die with SIGKILL when the parent (the zygote) dies."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def set_subreaper(on: bool = True) -> None:
    """Linux: orphans of the zygote's jobs (a process a notebook started and detached, even in
    a new session) are re-parented to the zygote, which ends them (:func:`end_descendants`)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(36, int(on))  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def children_of(ppid: int) -> list[int]:
    """Processes whose parent is ``ppid`` (from /proc; empty where there is none)."""
    found = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[-1].split()
        except OSError:
            continue
        if len(fields) > 1 and int(fields[1]) == ppid:
            found.append(int(entry))
    return found


def end_descendants(pgid: int | None = None) -> int:
    """End what a job left running: its process group ``pgid`` (the job's fork leads one), then
    every process re-parented to this zygote (a child subreaper), until none is left.  Returns
    how many processes were ended."""
    ended = 0
    if pgid is not None:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    for _ in range(1000):  # each round ends one generation of re-parented descendants
        kids = children_of(os.getpid())
        if not kids:
            break
        for kid in kids:
            try:
                os.kill(kid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for kid in kids:
            try:
                os.waitpid(kid, 0)
                ended += 1
            except ChildProcessError:
                pass
    return ended


class Cloned:
    """:class:`subprocess.Popen`'s ``poll``/``wait``/``terminate``/``kill`` for a zygote forked
    from another (not this process's child): its pid comes with its ``ready`` message, and it
    is watched and signalled through a pidfd (no pid reuse), or by pid where there is none."""

    def __init__(self, parent: subprocess.Popen[bytes] | None) -> None:
        self.parent = parent
        self.pid: int | None = None
        self.returncode: int | None = None
        self._fd: int | None = None

    def attach(self, pid: int) -> None:
        self.pid = pid
        try:
            self._fd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            self._fd = None

    def release(self) -> None:
        """Close the pidfd (once the clone has ended)."""
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass
            self._fd = None

    def poll(self) -> int | None:
        if self.returncode is not None or self.pid is None:
            return self.returncode
        if self._fd is not None:
            if select.select([self._fd], [], [], 0)[0]:
                self.returncode = -1
        else:  # no pidfd: gone, or a zombie its new parent has not reaped yet
            try:
                with open(f"/proc/{self.pid}/stat", "rb") as fh:
                    state = fh.read().rsplit(b")", 1)[-1].split()[0]
            except OSError:
                state = b"X"
            if state in (b"Z", b"X"):
                self.returncode = -1
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.pid is None:
            return 0
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise subprocess.TimeoutExpired(f"zygote {self.pid}", timeout or 0)
            if self._fd is not None:
                select.select([self._fd], [], [], left)
            else:
                time.sleep(0.02 if left is None else min(0.02, left))
        return self.returncode or 0

    def send_signal(self, sig: int) -> None:
        if self.pid is None or self.returncode is not None:
            return
        try:
            if self._fd is not None:
                signal.pidfd_send_signal(self._fd, sig)
            else:
                os.kill(self.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)
