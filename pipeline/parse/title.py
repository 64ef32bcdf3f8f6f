"""The title block under the masthead: title and subtitle, or a resolution's numbered title."""

from __future__ import annotations

from pipeline import regexcache
from pipeline.lang import resolution_adopted_language
from pipeline.model import DocumentMeta
from pipeline.parse.masthead import FOOTNOTE_MARK_RE, Segment, clean_value
from pipeline.textnorm import join_lines

_LABEL_RE = regexcache.compile(r"^(?:[IVXLC]+|[A-Z]|\d+|[a-z])[.)]\s")
_RESOLUTION_RE = regexcache.compile(r"^(?P<num>\d+/\d+(?:\s?[A-Z])?)\.\s+(?P<title>.+)$")
_RESOLUTION_NUMBER_RE = regexcache.compile(r"^\d+/\d+(?:\s?[A-Z])?\.$")
#: a line ending with a comma (Latin, Arabic, Chinese) opens the text: the subject of a
#: decision's or resolution's preamble ("L'Assemblée ...,", "إن جمعية ...،", "...理事会，")
_OPENS_TEXT = regexcache.compile(r"[,،，]$")


def read_title(zone: list[Segment], meta: DocumentMeta, body_size: float) -> None:
    """Title (bold run, possibly several lines) and optional subtitle, marking segments used."""
    if not zone:
        return
    i = 0
    while i < len(zone) and FOOTNOTE_MARK_RE.match(zone[i].text):
        zone[i].used = True
        i += 1
    if i >= len(zone):
        return
    if _read_resolution_title(zone, i, meta):
        return
    first = zone[i]
    if first.bold and not _LABEL_RE.match(first.text):
        groups: list[list[Segment]] = []
        j = i
        title_x0 = first.x0
        while j < len(zone):
            s = zone[j]
            if FOOTNOTE_MARK_RE.match(s.text):
                if groups:
                    groups[-1].append(s)
                j += 1
                continue
            if not s.bold or _LABEL_RE.match(s.text) or s.x0 < title_x0 - 4.0:
                break
            if groups:
                prev = [g for g in groups[-1] if not FOOTNOTE_MARK_RE.match(g.text)][-1]
                gap = s.top - prev.bottom
                if abs(prev.size - s.size) < 0.6 and gap < 0.5 * s.size:
                    groups[-1].append(s)
                    j += 1
                    continue
                if gap > 1.5 * max(s.size, prev.size) or s.size > prev.size + 0.6:
                    break  # set apart, or larger again: a heading of the body
            groups.append([s])
            j += 1
        # the title is the largest group; smaller bold groups around it are its subtitle
        sizes = [max(s.size for s in g) for g in groups]
        t = sizes.index(max(sizes))
        title_group = groups[t]
        meta.title = _joined(title_group)
        after = groups[t + 1:]
        for k, g in enumerate(after):
            if _OPENS_TEXT.search(_joined(g)):
                # the text's opening line, bold under the title ("The Assembly ...,"): the
                # body's, not a subtitle
                j = zone.index(g[0])
                groups, after = groups[:t + 1 + k], after[:k]
                break
        before = groups[:t]
        if after:
            meta.subtitle = join_lines(_joined(g) for g in after)
        elif before:
            meta.subtitle = join_lines(_joined(g) for g in before)
        for g in groups:
            for s in g:
                s.used = True
        if not after:
            nxt = zone[j] if j < len(zone) else None
            follower = zone[j + 1] if j + 1 < len(zone) else None
            if nxt is not None and _is_subtitle_line(nxt, title_group[-1], follower):
                meta.subtitle = clean_value(nxt.text)
                nxt.used = True
        return


def _read_resolution_title(zone: list[Segment], i: int, meta: DocumentMeta) -> bool:
    """A resolution's numbered title ("48/161. Title ...", "75/195. Title ..." with the number
    set apart on the same row), under the lines "RESOLUTION ADOPTEE PAR ..." (typescript) or
    "Resolution adopted by the General Assembly on ..." and "[on the report of ...]".

    The title is the text after the number (continuation lines hang under it); the subtitle is
    the adoption line (or the capitals lines of typescript mastheads). A bold first line is read
    this way only when an adoption line precedes the numbered title."""
    for k in range(i, min(i + 4, len(zone))):
        head = [zone[k]]
        if (
            _RESOLUTION_NUMBER_RE.match(zone[k].text)
            and k + 1 < len(zone)
            and abs(zone[k + 1].top - zone[k].top) < 0.5 * zone[k].size
        ):
            head.append(zone[k + 1])
        m = _RESOLUTION_RE.match(" ".join(s.text for s in head))
        if not m:
            continue
        before = zone[i:k]
        adopted = [s for s in before if resolution_adopted_language(s.text)]
        if zone[i].bold and not _LABEL_RE.match(zone[i].text) and not adopted:
            return False  # a bold title block: read by the caller
        parts = [m.group("title")]
        nxt = k + len(head)
        hang = head[-1].x0 if len(head) > 1 else (zone[nxt].x0 if nxt < len(zone) else None)
        last = head[-1]
        for s in zone[nxt:]:
            if hang is None or abs(s.x0 - hang) > 2.0 or s.x0 <= zone[k].x0 + 2:
                break
            if s.top - last.bottom > 1.5 * s.size:
                break
            parts.append(s.text)
            last = s
            s.used = True
        for s in head:
            s.used = True
        meta.title = clean_value(join_lines(parts))
        subtitle = [s for s in before
                    if resolution_adopted_language(s.text) or _is_caps(s.text)]
        if subtitle:
            meta.subtitle = clean_value(join_lines(s.text for s in subtitle))
        for s in before:
            s.used = True
        return True
    return False


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_subtitle_line(s: Segment, title_last: Segment, follower: Segment | None) -> bool:
    """A short non-bold line right under the title ("Note by the Secretariat")."""
    text = clean_value(s.text)
    if not text or s.bold or _LABEL_RE.match(text) or text.endswith((".", ":", ";")) or (
            _OPENS_TEXT.search(text)):
        return False
    if abs(s.x0 - title_last.x0) > 4.0 or s.top - title_last.bottom > 3.0 * s.size:
        return False
    if len(text) > 120:
        return False
    # the paragraph that follows is set apart by a blank line
    return follower is None or follower.top - s.bottom > 0.6 * s.size


def _joined(group: list[Segment]) -> str:
    return clean_value(join_lines(s.text for s in group if not FOOTNOTE_MARK_RE.match(s.text)))

