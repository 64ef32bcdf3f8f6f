"""Errors a user can meet, each with a one-line message and a documented exit code."""

from __future__ import annotations

#: exit codes (documented in the README)
EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_INPUT = 3  # missing path, not a PDF, empty, corrupt or truncated
EXIT_ENCRYPTED = 4
EXIT_NO_TEXT = 5  # scanned PDF without a text layer: OCR needed
EXIT_NO_STRUCTURE = 6
EXIT_INVALID = 7  # extraction or output folder fails validation
EXIT_TEXT_LOSS = 8
EXIT_BUSY = 9  # the output folder is in use by another run
EXIT_LIMIT = 10  # a document exceeds a limit: time, pages, characters per page, stream size
EXIT_CRASHED = 11  # the worker process reading a document died (killed, out of memory)
EXIT_WRITE = 12  # the output folder cannot be written (disk full, no permission)

#: the problem of a PDF whose pages hold no text at all (:class:`NoTextError`)
NO_TEXT_LAYER = "no text layer (a scanned PDF?): OCR is needed first"


class UnrecsError(Exception):
    """An error about one input file; ``str()`` is the one-line message shown to the user."""

    exit_code = EXIT_INPUT

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class InputError(UnrecsError):
    exit_code = EXIT_INPUT


class EncryptedError(UnrecsError):
    exit_code = EXIT_ENCRYPTED


class NoTextError(UnrecsError):
    exit_code = EXIT_NO_TEXT


class NoStructureError(UnrecsError):
    exit_code = EXIT_NO_STRUCTURE


class ValidationError(UnrecsError):
    exit_code = EXIT_INVALID


class TextLossError(UnrecsError):
    exit_code = EXIT_TEXT_LOSS


class LimitError(UnrecsError):
    exit_code = EXIT_LIMIT


class WorkerCrashError(UnrecsError):
    exit_code = EXIT_CRASHED
