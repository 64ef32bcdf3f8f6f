"""Redirects ``fetch`` may follow: http(s) on the host of the URL it asked, and no other.

urllib's default handler follows a redirect to any http, https or ftp URL on any host, so a
compromised or spoofed endpoint could send the download elsewhere (an internal address, a
``file:`` or ``ftp:`` URL). :func:`opener_for` builds an opener whose redirect handler refuses,
with a one-line :class:`RedirectRefused` (a ``ValueError``: not retried), anything but an
``http``/``https`` URL on the same host and port, and more than :data:`MAX_REDIRECTS` hops.
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from typing import Any

MAX_REDIRECTS = 5


class RedirectRefused(ValueError):
    """A redirect ``fetch`` does not follow (one line)."""


def _origin(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme.lower(), (parts.netloc.rsplit("@", 1)[-1]).lower()


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def __init__(self, url: str) -> None:
        self.host = _origin(url)[1]

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> Any:
        scheme, host = _origin(urllib.parse.urljoin(req.full_url, newurl))
        if scheme not in ("http", "https") or host != self.host:
            shown = newurl if len(newurl) <= 120 else newurl[:117] + "..."
            raise RedirectRefused(
                f"refused HTTP {code} redirect to {shown!r} (only http(s) on {self.host})"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    def http_error_302(self, req: Any, fp: Any, code: int, msg: str, headers: Any) -> Any:
        location = headers.get("location") or headers.get("uri")
        if location is not None:  # judge it before urllib's own checks (multi-line messages)
            target = urllib.parse.urljoin(req.full_url, location)
            visited = getattr(req, "redirect_dict", {})
            if target in visited or len(visited) >= MAX_REDIRECTS:
                fp.close()
                raise RedirectRefused(f"refused HTTP {code} redirect: a loop or more than "
                                      f"{MAX_REDIRECTS} redirects")
            scheme, _ = _origin(target)
            if scheme not in ("http", "https"):
                fp.close()
                raise RedirectRefused(f"refused HTTP {code} redirect to a {scheme or 'relative'}"
                                      f": URL (only http(s) on {self.host})")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def opener_for(url: str) -> urllib.request.OpenerDirector:
    """An opener for ``url`` whose redirects stay on its host, over http(s)."""
    return urllib.request.build_opener(_SameHostRedirects(url))
