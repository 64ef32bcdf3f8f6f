"""Compare two editions of a document: records added, removed, re-worded and renumbered.

Records are keyed by their id (``meeting.number[.item]`` in recommendations mode,
``number[.item]`` in paragraphs mode), which is stable across editions of a list: a later
edition appends meetings and keeps earlier numbers. Matching, in order:

1. same id and same text (whitespace-insensitive) → unchanged;
2. among what is left, an old record whose exact text is in the new edition under another id
   is **renumbered** (first such id in document order); then pairs whose texts are
   near-identical (``difflib`` ratio ≥ ``threshold``, 0.9 by default) are matched greedily, best
   first (a pair keeping its id wins a tie): same id → **reworded**, different id →
   **renumbered** with its small text change — so a record that moved is never reported as
   removed + added;
3. a record whose id exists on both sides but whose text changed too much for step 2 →
   **reworded** as well (the id is the edition's own statement that it is the same record);
4. the rest → **removed** (old only) or **added** (new only).

Text changes are shown word by word as ``[-old words-]{+new words+}``.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import tempfile
from dataclasses import field
from pathlib import Path
from typing import Literal

from pipeline import recache
from pipeline.model import Extraction
from pipeline.out.tables import extraction_from_json
from pipeline.records import dataclass

ChangeKind = Literal["added", "removed", "reworded", "renumbered"]
KINDS: tuple[ChangeKind, ...] = ("added", "removed", "reworded", "renumbered")
DEFAULT_THRESHOLD = 0.9
#: added to the score of a pair that keeps its id, so it wins ties against a renumbering
_SAME_ID_BONUS = 0.05
CSV_COLUMNS = (
    "change", "old_id", "new_id", "meeting", "section", "similarity", "old_text", "new_text",
    "diff",
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One record or paragraph of an edition, reduced to what the comparison needs."""

    id: str
    group: str  # meeting number as text, or section path
    text: str
    order: int


@dataclass(frozen=True, slots=True)
class Change:
    kind: ChangeKind
    old_id: str | None
    new_id: str | None
    #: meeting number (text) or section path the change is listed under (the new edition's,
    #: except for removals)
    group: str
    old_text: str | None
    new_text: str | None
    similarity: float | None = None
    #: word-level rendering ``[-old-]{+new+}`` (empty when the text is unchanged or one-sided)
    diff: str = ""


@dataclass(slots=True)
class EditionDiff:
    old_label: str
    new_label: str
    mode: str
    changes: list[Change]
    unchanged: int
    #: group key → heading, new edition first (meetings: "I. Première réunion, …")
    headings: dict[str, str] = field(default_factory=dict)
    groups_added: list[str] = field(default_factory=list)
    groups_removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, kind: ChangeKind) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    def summary(self) -> str:
        unit = "meeting" if self.mode == "recommendations" else "section"
        head = []
        if self.groups_added:
            head.append(f"{len(self.groups_added)} {unit}(s) added")
        if self.groups_removed:
            head.append(f"{len(self.groups_removed)} {unit}(s) removed")
        counts = ", ".join([*(f"{self.count(k)} {k}" for k in KINDS),
                            f"{self.unchanged} unchanged"])
        return "; ".join([*head, f"records: {counts}"])


# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.split())


def similarity(a: str, b: str) -> float:
    """``difflib`` ratio of two texts, whitespace-normalised (1.0 = identical)."""
    return difflib.SequenceMatcher(None, _norm(a), _norm(b), autojunk=False).ratio()


def _similar_enough(sm: difflib.SequenceMatcher, threshold: float) -> float | None:
    """The matcher's ratio when it reaches ``threshold`` (cheap upper bounds first), else None."""
    if sm.real_quick_ratio() < threshold or sm.quick_ratio() < threshold:
        return None
    r = sm.ratio()
    return r if r >= threshold else None


def word_diff(old: str, new: str) -> str:
    """Word-level diff: unchanged words as they are, ``[-removed-]``, ``{+inserted+}``."""
    a, b = old.split(), new.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(a[i1:i2])
        piece = ""
        if op in ("delete", "replace"):
            piece += "[-" + " ".join(a[i1:i2]) + "-]"
        if op in ("insert", "replace"):
            piece += "{+" + " ".join(b[j1:j2]) + "+}"
        if piece:
            out.append(piece)
    return " ".join(out)


def id_sort_key(rid: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order of ids: ``1.9`` < ``1.10``; letters after numbers."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in rid.split("."))


# --------------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------------


def entries(ex: Extraction) -> dict[str, Entry]:
    """id → entry, in document order (records in recommendations mode, else paragraphs)."""
    out: dict[str, Entry] = {}
    if ex.mode == "recommendations":
        for i, r in enumerate(ex.records):
            out[r.id] = Entry(r.id, str(r.meeting), r.text, i)
    else:
        for i, p in enumerate(ex.paragraphs):
            out[p.id] = Entry(p.id, p.section, p.text, i)
    return out


def _label(ex: Extraction) -> str:
    who = ex.meta.symbol or Path(ex.meta.source_file).name or "document"
    return f"{who} ({ex.meta.date})" if ex.meta.date else who


def _headings(ex: Extraction) -> dict[str, str]:
    if ex.mode == "recommendations":
        return {str(m.meeting): m.heading for m in ex.meetings}
    return {p.section: p.section for p in ex.paragraphs}


def _groups(ex: Extraction) -> list[str]:
    if ex.mode == "recommendations":
        return [str(m.meeting) for m in ex.meetings]
    return list(dict.fromkeys(p.section for p in ex.paragraphs))


def compare(
    old: Extraction, new: Extraction, *, threshold: float = DEFAULT_THRESHOLD
) -> EditionDiff:
    """What changed from ``old`` to ``new`` (ValueError when they cannot be compared)."""
    if old.mode != new.mode:
        raise ValueError(f"cannot compare a {old.mode} document with a {new.mode} document")
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    warnings: list[str] = []
    if old.meta.language != new.meta.language:
        warnings.append(
            f"different languages ({old.meta.language} and {new.meta.language}): "
            "texts will not match"
        )
    a, b = entries(old), entries(new)
    unchanged = 0
    old_pool: dict[str, Entry] = {}
    new_pool: dict[str, Entry] = {}
    for rid, e in a.items():
        if rid in b and _norm(b[rid].text) == _norm(e.text):
            unchanged += 1
        else:
            old_pool[rid] = e
    for rid, e in b.items():
        if not (rid in a and _norm(a[rid].text) == _norm(e.text)):
            new_pool[rid] = e

    changes: list[Change] = []
    matched_old: set[str] = set()
    matched_new: set[str] = set()

    def pair(oid: str, nid: str, ratio: float) -> None:
        matched_old.add(oid)
        matched_new.add(nid)
        o, n = old_pool[oid], new_pool[nid]
        kind: ChangeKind = "reworded" if oid == nid else "renumbered"
        text_changed = _norm(o.text) != _norm(n.text)
        changes.append(
            Change(kind, oid, nid, n.group, o.text, n.text, round(ratio, 4),
                   word_diff(o.text, n.text) if text_changed else "")
        )

    # step 2a: the very same text under another id (cheap, and the strongest evidence)
    by_text: dict[str, list[str]] = {}
    for nid, n in new_pool.items():
        by_text.setdefault(_norm(n.text), []).append(nid)
    for oid, o in old_pool.items():
        nid = next((i for i in by_text.get(_norm(o.text), []) if i not in matched_new), None)
        if nid is not None:
            pair(oid, nid, 1.0)
    # step 2b: near-identical pairs among the rest, best first
    rest_old = {oid: _norm(o.text) for oid, o in old_pool.items() if oid not in matched_old}
    candidates: list[tuple[float, int, int, float, str, str]] = []
    sm = difflib.SequenceMatcher(None, autojunk=False)
    for nid, n in new_pool.items():
        if nid in matched_new:
            continue
        sm.set_seq2(_norm(n.text))  # the expensive index is built once per new text
        for oid, otext in rest_old.items():
            sm.set_seq1(otext)
            r = _similar_enough(sm, threshold)
            if r is None:
                continue
            bonus = _SAME_ID_BONUS if oid == nid else 0.0
            candidates.append((-(r + bonus), old_pool[oid].order, n.order, r, oid, nid))
    candidates.sort()
    for _score, _oo, _no, r, oid, nid in candidates:
        if oid not in matched_old and nid not in matched_new:
            pair(oid, nid, r)
    # step 3: same id, heavily re-worded
    for oid, o in old_pool.items():
        if oid in matched_old or oid not in new_pool or oid in matched_new:
            continue
        n = new_pool[oid]
        matched_old.add(oid)
        matched_new.add(oid)
        changes.append(
            Change("reworded", oid, oid, n.group, o.text, n.text,
                   round(similarity(o.text, n.text), 4), word_diff(o.text, n.text))
        )
    # step 4: the rest
    for oid, o in old_pool.items():
        if oid not in matched_old:
            changes.append(Change("removed", oid, None, o.group, o.text, None))
    for nid, n in new_pool.items():
        if nid not in matched_new:
            changes.append(Change("added", None, nid, n.group, None, n.text))

    old_groups, new_groups = _groups(old), _groups(new)
    group_rank = {g: i for i, g in enumerate([*new_groups, *(g for g in old_groups
                                                             if g not in new_groups)])}
    changes.sort(key=lambda c: (group_rank.get(c.group, len(group_rank)),
                                id_sort_key(c.new_id or c.old_id or "")))
    headings = {**_headings(old), **_headings(new)}
    return EditionDiff(
        old_label=_label(old),
        new_label=_label(new),
        mode=new.mode,
        changes=changes,
        unchanged=unchanged,
        headings=headings,
        groups_added=[g for g in new_groups if g not in old_groups],
        groups_removed=[g for g in old_groups if g not in new_groups],
        warnings=warnings,
    )


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


def change_rows(d: EditionDiff) -> list[dict[str, object]]:
    """One row per change, columns :data:`CSV_COLUMNS`."""
    rows = []
    for c in d.changes:
        meeting = int(c.group) if d.mode == "recommendations" and c.group.isdigit() else None
        rows.append({
            "change": c.kind,
            "old_id": c.old_id,
            "new_id": c.new_id,
            "meeting": meeting,
            "section": c.group if d.mode != "recommendations" else None,
            "similarity": c.similarity,
            "old_text": c.old_text,
            "new_text": c.new_text,
            "diff": c.diff or None,
        })
    return rows


def changes_csv(d: EditionDiff) -> str:
    """The change table as CSV text (UTF-8, header, ``\\n`` line ends, empty cell = null)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
    w.writeheader()
    for row in change_rows(d):
        w.writerow({k: "" if v is None else v for k, v in row.items()})
    return buf.getvalue()


_MD_SPECIAL = recache.compile(r"([\\`*_<>#|])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _short(text: str, limit: int) -> str:
    text = _norm(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _group_title(d: EditionDiff, key: str) -> str:
    if d.mode == "recommendations":
        return d.headings.get(key) or f"Meeting {key}"
    return f"Section {key}" if key else "Before the first heading"


def changelog_markdown(d: EditionDiff, *, excerpt: int = 160) -> str:
    """A short Markdown changelog, one ``##`` section per meeting (or section) with changes."""
    lines = [f"# Changes from {_md(d.old_label)} to {_md(d.new_label)}", "", d.summary() + ".", ""]
    lines += [f"> warning: {_md(w)}" for w in d.warnings]
    if d.warnings:
        lines.append("")
    if not d.changes and not d.groups_removed:
        lines += ["No changes.", ""]
        return "\n".join(lines)
    by_group: dict[str, list[Change]] = {}
    for c in d.changes:
        by_group.setdefault(c.group, []).append(c)
    unit = "meeting" if d.mode == "recommendations" else "section"
    for key, changes in by_group.items():
        tag = f" (new {unit})" if key in d.groups_added else ""
        tag = f" ({unit} removed)" if key in d.groups_removed else tag
        lines += [f"## {_md(_group_title(d, key))}{tag}", ""]
        if key in d.groups_added and all(c.kind == "added" for c in changes):
            ids = [c.new_id or "" for c in changes]
            lines.append(f"- **Added** {len(ids)} record(s): {', '.join(ids)}")
            lines += [f"  - {i}: {_md(_short(c.new_text or '', excerpt))}"
                      for i, c in zip(ids, changes, strict=True)]
            lines.append("")
            continue
        for c in changes:
            if c.kind == "added":
                lines.append(f"- **Added {c.new_id}**: {_md(_short(c.new_text or '', excerpt))}")
            elif c.kind == "removed":
                lines.append(
                    f"- **Removed {c.old_id}**: {_md(_short(c.old_text or '', excerpt))}"
                )
            elif c.kind == "reworded":
                lines.append(f"- **Re-worded {c.new_id}**: {_md(c.diff)}")
            else:
                head = f"- **Renumbered {c.old_id} → {c.new_id}**"
                if c.diff:
                    lines.append(f"{head}: {_md(c.diff)}")
                else:
                    short = _md(_short(c.new_text or "", excerpt))
                    lines.append(f"{head} (text unchanged): {short}")
        lines.append("")
    return "\n".join(lines)


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write UTF-8 text through a temporary file in the same folder, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_edition(path: str | Path) -> Extraction:
    """Read an unrecs ``<stem>.json`` (OSError, ValueError, KeyError or TypeError if unusable)."""
    return extraction_from_json(json.loads(Path(path).read_text(encoding="utf-8")))
