"""unrecs: UN document PDFs → validated tables; the library entry point is ``extract``.

``from pipeline import extract`` (see :mod:`pipeline.api`). The API is imported lazily, on first
use, so that ``import pipeline`` and ``unrecs --help`` stay cheap (no pandas, no PDF reader).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline import timings

timings.start()  # only with UNRECS_TIMINGS set (see pipeline.timings)
if TYPE_CHECKING:
    from pipeline.api import Result, extract

__all__ = ["Result", "extract"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from pipeline import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
