"""Tables: a page's lines set between the horizontal rules of a UN-template table, or aligned
in columns kept apart by gutters alone (:func:`find_aligned_tables`).

A UN table is printed between a rule over its column heads and a rule under its last row, with
a rule under the column heads (and often rules between row groups). Its text is kept out of the
paragraphs and given as cells (page, row, column, text, box).

Found from the page's geometry alone (the backend-neutral :class:`~pipeline.model.Page`):

* rules drawn cell by cell (segments end to end at one height) are one rule;
* a *stack* is a run of rules, top to bottom, at least ``MIN_WIDTH`` × the text width wide,
  every one within the extent of the widest, with no body line between two of them that
  reaches outside that extent (a heading, running text) and no gap of more than
  ``MAX_GAP`` body sizes without a line between two of them;
* a stack is a table when it has at least ``MIN_RULES`` rules (or ``MIN_OPEN_RULES`` when the
  table runs on to the foot of the page, to be continued on the next: every line under its
  last rule lies within its extent, none a line of running text (from its left edge, as wide,
  with no gap as wide as a gutter between its words), with no large gap) and the lines
  between its first and its last rule split into at least two columns: a column gutter is a
  vertical channel ``GUTTER`` × the body size wide that no word of those lines crosses;
* a caption printed right above the top rule (``Table 1`` and its title line) gives its printed
  number (the caption stays in the text);
* a line printed larger than ``LARGE`` × the body size (a heading, a masthead), heads of more
  than ``MAX_HEAD_LINES`` printed lines, a cell of more than ``MAX_CELL_LINES``
  lines, columns (under the heads) none of which has a majority of
  one-line cells, or a majority of rows that fill one column only, are running text (set in
  columns, or under headings), not a table;
* rows (:func:`_cell_rows`): the column heads are one row; under them a rule, a gap of more
  than ``ROW_GAP`` × the body size, or a printed line filling two columns after a row that
  already fills two starts a row (a cell's text wrapped over two lines stays one cell); each
  word goes to the column whose span holds its middle.

A table that runs on to the foot of its page and one that opens the next page with the same
columns are one table (:func:`continues`; its repeated column heads are dropped from the cells:
their lines stay in the ``table`` furniture).

A footnote separator (one short rule) or a masthead rule (one or two rules) is no stack of
``MIN_RULES``; underlined words and signature lines have no columns between them.

An unruled table (a list of documents: symbol | title; abbreviations: short form | name) is
found among the lines left once furniture, ruled tables, footnotes and a table of contents
are set aside: rows that open with a key in a narrow first column, their other cells
in later columns, left-aligned, right-aligned (figures) or centred on the column's first
piece, and wrapping there (:func:`find_aligned_tables`). Lists with
hanging indents, lists set in columns and running text in columns are not tables: their
labels, their misaligned neighbours or their order down the columns tell them apart. An
unruled table that ends its page and one that opens the next page with the same columns are
one table too; the lines above the next page's first key, in its later columns, are the rest
of the last row broken by the page break (:func:`_carry`), and so are the page's first lines
in such a column when no row follows them (:func:`_carried_rest`). A table that sets its rows
apart by space has keys wrapped over two lines or more (:func:`_wrapped_keys`).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import regex

from pipeline import regexcache
from pipeline.model import Box, Line, Rule, TableCell, Word
from pipeline.records import dataclass
from pipeline.textnorm import line_end_cut, normalize

#: a table rule is at least this share of the page's text width
MIN_WIDTH = 0.4
#: rules of one table (top, under the column heads, bottom)
MIN_RULES = 3
#: rules of a table that runs on to the next page (top, under the column heads)
MIN_OPEN_RULES = 2
#: a line wider than this share of the table is running text, not a cell
RUNNING = 0.7
#: a rule at least this share of the table's width spans the table
FULL = 0.9
#: narrowest column gutter, in body sizes
GUTTER = 0.8
#: vertical gap (body sizes) between two lines that starts a new row
ROW_GAP = 0.45
#: largest gap (body sizes) between two rules of one table with no line between them
MAX_GAP = 4.0
#: a table cell holds at most this many lines (more: running text set in columns)
MAX_CELL_LINES = 15
#: a line larger than this × the body size is a heading or a masthead line, not a cell
LARGE = 1.15
#: the column heads take at most this many printed lines
MAX_HEAD_LINES = 6
#: a caption: "Table 1", "Tableau 2", "Cuadro 3", "Таблица 4" (and the title line under it)
CAPTION = regexcache.compile(
    r"^(?:Table|Tableau|Cuadro|Таблица|Tabla)\s+([\p{N}IVXLC]+[\p{L}.\-]*)\b", regex.IGNORECASE
)


@dataclass(slots=True)
class FoundTable:
    """One table found on a page: the indexes of its lines and its cells."""

    label: str | None
    lines: list[int]
    cells: list[TableCell]
    #: heights of its top and bottom rules
    top: float = 0.0
    bottom: float = 0.0
    #: it runs on to the foot of the page (no rule under its last row): continued on the next
    open: bool = False
    #: no body line is printed above it on its page
    first: bool = False
    #: an aligned table's column starts (left edges), left to right, and ends (right edges), of
    #: its first row; empty for a ruled table
    starts: tuple[float, ...] = ()
    ends: tuple[float, ...] = ()
    #: its first row is the rest of the previous page's last row, carried over the page break
    #: (lines in its later columns only, above its first key)
    carried: bool = False
    #: an aligned table's page's text left edge (the leftmost body line start)
    margin: float = 0.0

    def holds(self, rule: Rule) -> bool:
        """Whether a rule is one of the table's (drawn between its top and bottom rules)."""
        return self.top - 1.0 <= rule.top <= self.bottom + 1.0


def find_tables(page_number: int, lines: list[Line], rules: list[Rule],
                size: float, header_rule: float | None = None) -> list[FoundTable]:
    """The ruled tables among ``lines`` (one page's body lines, top to bottom);
    ``header_rule``: the height of the rule under the running header, not a table's."""
    if not lines or len(rules) < MIN_RULES:
        return []
    text_x0 = min(ln.x0 for ln in lines)
    text_x1 = max(ln.x1 for ln in lines)
    width = max(text_x1 - text_x0, 1.0)
    merged = [
        r for r in _merge_rules(rules) if header_rule is None or r.top > header_rule + 1.0
    ]
    wide = sorted((r for r in merged if r.x1 - r.x0 >= MIN_WIDTH * width), key=lambda r: r.top)
    found: list[FoundTable] = []
    stacks = _stacks(wide, lines, size, MIN_OPEN_RULES)
    for k, stack in enumerate(stacks):
        table = None
        foot = _runs_to_foot(stack, lines, size)
        last = k == len(stacks) - 1
        if foot is not None and last:
            table = _table(page_number, stack, lines, size, foot)
            if table is not None:
                table.open = True
        if table is None and len(stack) >= MIN_RULES:
            table = _table(page_number, stack, lines, size)
        if table is not None:
            table.first = not any(ln.bottom <= table.top for ln in lines)
            found.append(table)
    return found


def continues(previous: FoundTable, previous_page: int, table: FoundTable, page: int,
              size: float = 10.0) -> bool:
    """Whether ``table`` continues ``previous``: the earlier one ran on to the foot of the page
    before, this one opens its page, both are ruled or both aligned, and they have the same
    columns (aligned tables: the same columns, up to a shift of the whole table, the text
    block of facing pages being set at different margins: :func:`same_columns`)."""
    def columns(t: FoundTable) -> int:
        return max((c.column for c in t.cells), default=0)

    return (
        previous.open and table.first and page == previous_page + 1
        and (columns(previous) == columns(table) or (table.carried and not _keys(table)))
        and bool(previous.starts) == bool(table.starts)
        and (not table.starts or same_columns(previous, table, size))
    )


def same_columns(a: FoundTable, b: FoundTable, size: float) -> bool:
    """Whether two aligned tables have the same columns: as many, each column's first piece
    starting, ending or centred as far (within a body size) from the first column's start
    (a column of figures is right-aligned: its first pieces may differ in width)."""
    if len(a.starts) != len(b.starts) or len(a.ends) != len(b.ends) or not a.starts:
        return False
    a0, b0 = a.starts[0], b.starts[0]
    for xa, ya, xb, yb in zip(a.starts, a.ends, b.starts, b.ends, strict=True):
        left = abs((xa - a0) - (xb - b0)) <= size
        right = abs((ya - a0) - (yb - b0)) <= size
        centre = abs(((xa + ya) / 2 - a0) - ((xb + yb) / 2 - b0)) <= size
        if not (left or right or centre):
            return False
    return True


def _runs_to_foot(stack: list[Rule], lines: list[Line], size: float) -> float | None:
    """The foot of the page's text when the table runs on to it (a table continued on the next
    page has no rule under its last row): every line under the stack's last rule is within its
    extent, none is a line of running text (from its left edge, wider than ``RUNNING`` × the
    extent, with no gap of a gutter's width between its words), and no gap of
    more than ``MAX_GAP`` body sizes parts them."""
    x0 = min(r.x0 for r in stack)
    x1 = max(r.x1 for r in stack)
    below = sorted((ln for ln in lines if ln.top > stack[-1].top), key=lambda ln: ln.top)
    if not below:
        return None
    prev = stack[-1].top
    for ln in below:
        running = (
            ln.x0 < x0 + size
            and ln.x1 - ln.x0 > RUNNING * (x1 - x0)
            and not any(w.gap_before >= GUTTER * size for w in ln.words[1:])
        )
        if ln.x0 < x0 - size or ln.x1 > x1 + size or running:
            return None
        if ln.top - prev > MAX_GAP * size:
            return None
        prev = max(prev, ln.bottom)
    return prev + 1.0


def _row(cells: list[TableCell], r: int) -> list[tuple[int, str]]:
    return [(c.column, c.text) for c in cells if c.row == r]


def repeats_heads(cells: list[TableCell], more: list[TableCell]) -> int:
    """How many rows a table's part on the next page (``more``) opens with that repeat the
    table's (``cells``) first rows, one by one (the column heads, and a caption row over
    them); at least one row of ``more`` is left."""
    last = max((c.row for c in more), default=0)
    k = 0
    while k + 1 < last and _row(more, k + 1) and _row(more, k + 1) == _row(cells, k + 1):
        k += 1
    return k


def continued_cells(cells: list[TableCell], more: list[TableCell]) -> list[TableCell]:
    """The cells of a table's part on the next page, numbered on from ``cells``' last row; its
    first rows are left out when they repeat the table's first rows (the column heads)."""
    skip = repeats_heads(cells, more)
    offset = max((c.row for c in cells), default=0) - skip
    return [
        TableCell(c.row + offset, c.column, c.text, c.box) for c in more if c.row > skip
    ]


def _merge_rules(rules: list[Rule]) -> list[Rule]:
    """Rules drawn cell by cell (segments end to end at one height) as one rule each."""
    out: list[Rule] = []
    for r in sorted(rules, key=lambda r: (round(r.top), r.x0)):
        last = out[-1] if out else None
        if last is not None and abs(last.top - r.top) <= 1.0 and r.x0 <= last.x1 + 2.0:
            out[-1] = Rule(last.page, last.x0, max(last.x1, r.x1), last.top)
        else:
            out.append(r)
    return out


def _stacks(rules: list[Rule], lines: list[Line], size: float,
            least: int) -> list[list[Rule]]:
    stacks: list[list[Rule]] = []
    run: list[Rule] = []
    for r in rules:
        if run:
            x0 = min(q.x0 for q in run + [r])
            x1 = max(q.x1 for q in run + [r])
            last = run[-1]
            between = [ln for ln in lines if last.top < ln.top and ln.bottom < r.top]
            outside = any(ln.x0 < x0 - size or ln.x1 > x1 + size for ln in between)
            empty_gap = not between and r.top - last.top > MAX_GAP * size
            # the rules of one table overlap the widest one by most of their width
            widest = max(run + [r], key=lambda q: q.x1 - q.x0)
            inside = r.x0 >= widest.x0 - size and r.x1 <= widest.x1 + size and all(
                q.x0 >= widest.x0 - size and q.x1 <= widest.x1 + size for q in run
            )
            if outside or empty_gap or not inside:
                stacks.append(run)
                run = []
        run.append(r)
    if run:
        stacks.append(run)
    return [s for s in stacks if len(s) >= least]


def _table(page_number: int, stack: list[Rule], lines: list[Line],
           size: float, foot: float | None = None) -> FoundTable | None:
    top, bottom = stack[0].top, stack[-1].top if foot is None else foot
    x0 = min(r.x0 for r in stack)
    x1 = max(r.x1 for r in stack)
    inside = [i for i, ln in enumerate(lines) if top < ln.top and ln.bottom < bottom]
    if len(inside) < 2:
        return None
    # columns from the rows under the column heads (the second rule), else all lines
    # the rule under the column heads: the first after the top rule as wide as the table
    # (narrower rules under a head spanning several columns are inside the heads)
    heads_rule = next(
        (r.top for r in stack[1:] if r.x1 - r.x0 >= FULL * (x1 - x0)), stack[1].top
    )
    data = [i for i in inside if lines[i].top > heads_rule] or inside
    gutters = _gutters([lines[i] for i in data], x0, x1, size)
    if not gutters:
        return None
    bounds = [x0 - size, *gutters, x1 + size]
    # the caption right above the top rule: "Table 1" and the title line(s) after it
    label: str | None = None
    above = [i for i, ln in enumerate(lines) if ln.bottom <= top]
    for k in range(len(above) - 1, max(len(above) - 4, -1), -1):
        m = CAPTION.match(normalize(lines[above[k]].text))
        if m:
            label = m.group(1)
            break
    rule_tops = [r.top for r in stack]
    grid: dict[tuple[int, int], list[tuple[str, Box]]] = {}

    def column(w: Word) -> int:
        # the first column whose right bound is past the word's middle (the last one at most)
        mid = (w.x0 + w.x1) / 2
        return min(max(bisect_right(bounds, mid), 1), len(bounds) - 1)

    # a table is set in the body size or smaller: a larger line is a heading or a masthead
    if any(lines[i].size > LARGE * size for i in inside):
        return None
    # column heads take a few printed lines; more is text under a rule, not a table's heads
    head_tops = {round(lines[i].top) for i in inside if lines[i].top < heads_rule}
    if len(head_tops) > MAX_HEAD_LINES:
        return None
    rows = _cell_rows([lines[i] for i in inside], size, rule_tops, heads_rule, column)
    for row, members in enumerate(rows, 1):
        for ln in sorted(members, key=lambda ln: (ln.top, ln.x0)):
            for w in ln.words:
                grid.setdefault((row, column(w)), []).append((w.text, w.box(page_number)))
    # a "cell" of many lines is running text set in columns (a verbatim record), no table
    if any(len({round(b.top) for _, b in parts}) > MAX_CELL_LINES for parts in grid.values()):
        return None
    # in a table some column holds short entries (numbers, symbols, dates, names): most of its
    # cells are one line; columns of paragraphs are running text set in columns
    # (the column heads left aside)
    first_data = 2 if head_tops else 1
    one_line: dict[int, list[bool]] = {}
    for (r, c), parts in grid.items():
        if r >= first_data:
            one_line.setdefault(c, []).append(len({round(b.top) for _, b in parts}) == 1)
    if not any(2 * sum(v) >= len(v) for v in one_line.values()):
        return None
    # and most of its rows fill two columns or more (paragraphs under headings fill one)
    filled: dict[int, int] = {}
    for r, _ in grid:
        if r >= first_data:
            filled[r] = filled.get(r, 0) + 1
    if not filled:
        return None
    if 2 * sum(1 for n in filled.values() if n >= 2) < len(filled):
        return None
    cells = grid_cells(grid)
    return FoundTable(label, inside, cells, top, bottom)


def _rounded(b: Box) -> Box:
    return Box(b.page, round(b.x0, 2), round(b.top, 2), round(b.x1, 2), round(b.bottom, 2))


def _gutters(lines: list[Line], x0: float, x1: float, size: float) -> list[float]:
    """Middles of the vertical channels, ``GUTTER`` body sizes wide, that the words of at most
    a quarter of the rows cross (a column head set across two columns crosses one), in
    ``[x0, x1]``."""
    rows = _rows(lines, size)
    lo, hi = int(x0), int(x1) + 1
    if hi - lo < 2 or not rows:
        return []
    # per row, the positions its words cover (each once), marked a word's span at a time
    total = np.zeros(hi - lo, dtype=np.int64)
    ones = b"\x01" * (hi - lo)
    for row in rows:
        seen = bytearray(hi - lo)
        for ln in row:
            for w in ln.words:
                a, b = max(int(w.x0), lo), min(int(w.x1) + 1, hi)
                if a < b:
                    seen[a - lo:b - lo] = ones[:b - a]
        total += np.frombuffer(seen, dtype=np.uint8)
    count = total.tolist()
    allowed = len(rows) // 4 if len(rows) >= 4 else 0
    occupied = [k for k, c in enumerate(count) if c > allowed]
    if not occupied:
        return []
    out: list[float] = []
    run_start: int | None = None
    for k in range(occupied[0], occupied[-1] + 1):
        if count[k] <= allowed:
            if run_start is None:
                run_start = k
        elif run_start is not None:
            if k - run_start >= GUTTER * size:
                out.append(lo + (run_start + k) / 2)
            run_start = None
    return out


def grid_cells(grid: dict[tuple[int, int], list[tuple[str, Box]]]) -> list[TableCell]:
    """The cells of a grid of (row, column) → words (text, box), in row then column order: each
    cell's words joined and normalised, its box their union; a cell with no text is left out.
    A word that ends a line of the cell on a hyphen cutting it ("non-" over "governmental")
    is joined to the next line's first without a space (:func:`~pipeline.textnorm.join_lines`)."""
    cells: list[TableCell] = []
    for (r, c), parts in sorted(grid.items()):
        box = parts[0][1]
        for _, b in parts[1:]:
            box = box.union(b)
        text = normalize(_cell_text(parts))
        if text:
            cells.append(TableCell(r, c, text, _rounded(box)))
    return cells


def _cell_text(parts: list[tuple[str, Box]]) -> str:
    """A cell's words joined by spaces, but for a line-end hyphen that cuts a word: the word
    after it starts a lower line of the cell (its top under the middle of the word before)."""
    text = parts[0][0]
    for (_, before), (t, b) in zip(parts, parts[1:], strict=False):
        lower = b.top > (before.top + before.bottom) / 2
        text += t if lower and line_end_cut(text, t) is not None else " " + t
    return text


def level_groups(lines: list[Line], size: float) -> list[list[int]]:
    """Indexes of ``lines`` grouped into printed lines, top to bottom (each group sorted by top,
    then left edge): a line that starts above the foot of the group so far, by more than 0.3
    body sizes, is level with it."""
    groups: list[list[int]] = []
    bottom = 0.0
    for i in sorted(range(len(lines)), key=lambda i: (lines[i].top, lines[i].x0)):
        ln = lines[i]
        if groups and ln.top < bottom - 0.3 * size:
            groups[-1].append(i)
            bottom = max(bottom, ln.bottom)
        else:
            groups.append([i])
            bottom = ln.bottom
    return groups


def _cell_rows(
    lines: list[Line],
    size: float,
    rule_tops: list[float],
    heads_rule: float,
    column: Callable[[Word], int],
) -> list[list[Line]]:
    """A table's lines grouped into its rows. Lines at one height are one printed line of the
    table. The column heads (over the rule under them, the first rule as wide as the table
    after its top rule) are one row; a rule between two printed
    lines starts a row, and so does, under the heads, a gap of more than ``ROW_GAP`` body sizes,
    or a printed line that fills two columns or more after a row that already does (a line
    that fills one column is a cell's text wrapped, or a label whose figures follow on the
    line after)."""
    groups = [[lines[i] for i in g] for g in level_groups(lines, size)]
    rows: list[list[Line]] = []
    row_columns: set[int] = set()
    row_bottom = 0.0
    for group in groups:
        top = min(ln.top for ln in group)
        cols = {column(w) for ln in group for w in ln.words}
        ruled = any(row_bottom <= t <= top for t in rule_tops)
        heads = top < heads_rule
        new = not rows or (not heads and ruled) or (not heads and (
            top - row_bottom > ROW_GAP * size or (len(cols) >= 2 and len(row_columns) >= 2)
        ))
        if new:
            rows.append(list(group))
            row_columns = set(cols)
        else:
            rows[-1].extend(group)
            row_columns |= cols
        row_bottom = max(ln.bottom for ln in group) if new else max(
            row_bottom, max(ln.bottom for ln in group)
        )
    return rows


def _rows(lines: list[Line], size: float, rule_tops: list[float] = ()) -> list[list[Line]]:
    """Lines grouped into rows: a new row after a gap of more than ``ROW_GAP`` body sizes or a
    rule; lines that overlap vertically are one row."""
    rows: list[list[Line]] = []
    bottom = 0.0
    for ln in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        if not rows or ln.top - bottom > ROW_GAP * size or any(
            bottom <= t <= ln.top for t in rule_tops
        ):
            rows.append([ln])
            bottom = ln.bottom
        else:
            rows[-1].append(ln)
            bottom = max(bottom, ln.bottom)
    return rows


# --- aligned tables: columns kept apart by gutters alone, no rules -------------------------

#: an aligned table has at least this many rows (each opened by a line of its first column)
MIN_ALIGNED_ROWS = 3
#: its first column (keys: symbols, names, codes) is at most this share of the text width;
#: wider, it is running text set in two columns (a verbatim record), not a table
KEY_WIDTH = 0.45
#: how far (body sizes) the lines of one column may start from one another
ALIGN = 0.3
#: a list label ("12.", "(a)", "iv)", a bullet): a first column of these is a list with
#: hanging indents, not a table
LIST_LABEL = regexcache.compile(
    r"^(?:\(?[\p{L}\p{N}]{1,6}[.)]|\([\p{L}\p{N}]{1,6}\)|[\p{N}]{1,3}|[•\-–—*·▪○])$"
)


class _Piece(NamedTuple):
    """A printed line's piece between gutters: the index of its line and its words."""

    index: int
    words: tuple[Word, ...]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1


def find_aligned_tables(page_number: int, lines: list[Line], size: float,
                        previous: FoundTable | None = None) -> list[FoundTable]:
    """The unruled tables among ``lines`` (one page's body lines, furniture, ruled tables and
    footnotes set aside): runs of printed rows whose pieces (the loader splits a printed line
    where a gutter parts its words) start at the same column positions.

    A row opens with a piece in the first column, left-aligned with the first column's other
    pieces, and has pieces in the later columns, each left-aligned with its column and ending
    a gutter (``GUTTER`` body sizes) before the next column starts (a piece whose word starts
    right at a later column's position, a long key set close to its value, is split there);
    a printed line whose pieces are left-aligned with later columns wraps their cells; a line
    of the first column alone (a heading over rows) ends the run. A run is a table when it
    has ``MIN_ALIGNED_ROWS`` rows or more, its first column holds entries no wider than
    ``KEY_WIDTH`` × the text width that are not list labels (``12.``, ``(a)``), no line is
    printed larger than ``LARGE`` × the body size, the printed lines right above and under it
    are not pieces set in columns themselves (a list set in columns with hanging indents,
    running text in columns: their columns break alignment somewhere), and it is not one list
    set in columns, read down each (:func:`_reads_down_columns`).

    A table is ``open`` when no line of ``lines`` is printed under it, and ``first`` when none
    is printed above it. ``previous``: the open aligned table that ends the page before; when
    the first table here has the same columns and every line above it lies in one of its
    later columns (left-aligned with it, clear of the next), those lines are the rest of that
    table's last row, broken by the page break: they are the table's first
    row here (:func:`_carry`)."""
    if not lines or (len(lines) < MIN_ALIGNED_ROWS * 2 and previous is None):
        return []
    text_x0 = min(ln.x0 for ln in lines)
    text_x1 = max(ln.x1 for ln in lines)
    width = max(text_x1 - text_x0, 1.0)
    rows = _printed_rows(lines, size)
    found: list[FoundTable] = []
    k = 0
    while k < len(rows):
        run = _aligned_run(rows, k, size, lines)
        if run is None:
            k += 1
            continue
        end, fitted = run
        # the first run of a page after an open table of the same columns may be its last
        # rows, fewer than a table of its own needs (kept only if it opens the page, below)
        tail = previous is not None and not found and same_columns(
            previous, _edges(fitted[0]), size)
        least = 1 if tail else MIN_ALIGNED_ROWS
        table = _aligned_table(page_number, rows, k, end, fitted, lines, size, width, least)
        if table is not None:
            found.append(table)
        k = end  # a run that is no table is text: no stretch of it is a table either
    for t in found:
        t.open = not any(ln.top >= t.bottom for ln in lines)
        t.first = not any(ln.bottom <= t.top for ln in lines)
    if found and previous is not None and same_columns(previous, found[0], size):
        _carry(page_number, found[0], lines, size)
        if not found[0].first and _keys(found[0]) < MIN_ALIGNED_ROWS:
            found.pop(0)  # too short for a table of its own, and no continuation
    if previous is not None and previous.open and not (found and found[0].first):
        rest = _carried_rest(page_number, previous, lines, size)
        if rest is not None:
            found.insert(0, rest)
    for t in found:
        t.margin = text_x0
    return found


def _carried_rest(page_number: int, previous: FoundTable, lines: list[Line], size: float
                  ) -> FoundTable | None:
    """The rest of ``previous``'s last row (an open table ending the page before) when it is
    all that this page carries of the table, no row following: the page's first printed lines,
    each one line in a later column of ``previous`` that its last row fills (left-aligned with
    the column, the whole table shifted as the text block is, clear of the next column by a
    gutter), body-sized, and set apart from what follows by more than ``ROW_GAP`` body sizes
    (the cell ends there)."""
    if not lines or not previous.starts:
        return None
    last = max((c.row for c in previous.cells), default=0)
    filled = {c.column - 1 for c in previous.cells if c.row == last}
    rows = [sorted(g, key=lambda i: lines[i].x0) for g in level_groups(lines, size)]
    text_x0 = min(ln.x0 for ln in lines)
    shifts = [0.0] + ([text_x0 - previous.margin] if previous.margin else [])
    for shift in shifts:
        starts = [x + shift for x in previous.starts]
        block: list[tuple[int, int]] = []
        for g in rows:
            if len(g) != 1:
                break
            ln = lines[g[0]]
            c = next((c for c, x in enumerate(starts) if abs(ln.x0 - x) <= ALIGN * size), None)
            if (c is None or c == 0 or c not in filled or ln.size > LARGE * size
                    or (c + 1 < len(starts) and ln.x1 > starts[c + 1] - GUTTER * size)):
                break
            block.append((g[0], c))
        if not block:
            continue
        bottom = max(lines[i].bottom for i, _ in block)
        after = [ln.top for k, ln in enumerate(lines) if k not in {i for i, _ in block}
                 and ln.top >= bottom - 0.3 * size]
        if after and min(after) - bottom <= ROW_GAP * size:
            continue
        grid: dict[tuple[int, int], list[tuple[str, Box]]] = {}
        for i, c in block:
            for w in lines[i].words:
                grid.setdefault((1, c + 1), []).append((w.text, w.box(page_number)))
        return FoundTable(
            None, sorted(i for i, _ in block), grid_cells(grid),
            min(lines[i].top for i, _ in block), bottom,
            open=not after, first=True, starts=tuple(starts),
            ends=tuple(x + shift for x in previous.ends), carried=True,
        )
    return None


def _keys(table: FoundTable) -> int:
    """How many rows of ``table`` have a first-column cell."""
    return len({c.row for c in table.cells if c.column == 1})


def _carry(page_number: int, table: FoundTable, lines: list[Line], size: float) -> None:
    """The lines above ``table`` (the first on its page) as its first row when each lies in one
    of its later columns: left-aligned with that column and clear, by a gutter, of the next."""
    above = [i for i, ln in enumerate(lines) if ln.bottom <= table.top]
    if not above:
        return
    starts = table.starts
    grid: dict[tuple[int, int], list[tuple[str, Box]]] = {}
    for i in sorted(above, key=lambda i: (lines[i].top, lines[i].x0)):
        ln = lines[i]
        c = next((c for c, x in enumerate(starts) if abs(ln.x0 - x) <= ALIGN * size), None)
        if c is None or c == 0 or (c + 1 < len(starts) and ln.x1 > starts[c + 1] - GUTTER * size):
            return
        for w in ln.words:
            grid.setdefault((1, c + 1), []).append((w.text, w.box(page_number)))
    if not grid:
        return
    table.cells = grid_cells(grid) + [
        TableCell(c.row + 1, c.column, c.text, c.box) for c in table.cells
    ]
    table.lines = sorted(set(table.lines) | set(above))
    table.top = min(lines[i].top for i in above)
    table.carried = table.first = True


def _printed_rows(lines: list[Line], size: float) -> list[list[_Piece]]:
    """The pieces of ``lines`` grouped into printed lines (pieces level with one another), top
    to bottom, each left to right."""
    worded = [i for i in range(len(lines)) if lines[i].words]
    groups = level_groups([lines[i] for i in worded], size)
    rows = [[_Piece(worded[k], lines[worded[k]].words) for k in g] for g in groups]
    return [sorted(r, key=lambda p: p.x0) for r in rows]


def _split(row: list[_Piece], starts: list[float], size: float) -> list[_Piece]:
    """The row's pieces, each cut where one of its words starts right at a column position."""
    out: list[_Piece] = []
    tol = ALIGN * size
    for p in row:
        cut = 0
        words = p.words
        for n in range(1, len(words)):
            x0 = words[n].x0
            for x in starts:
                if abs(x0 - x) <= tol:
                    out.append(_Piece(p.index, words[cut:n]))
                    cut = n
                    break
        out.append(_Piece(p.index, words[cut:]))
    return out


def _fits(row: list[_Piece], first: list[_Piece], size: float) -> list[int] | None:
    """The column of each piece of a printed row that fits the columns of the run's ``first``
    row, else None. A piece is in a column when it is left-aligned with the column's piece in
    the first row; in a later column, also when it is right-aligned with it (figures, amounts)
    or centred on it, and then starts a gutter (``GUTTER`` body sizes) right of the end of the
    column before's first piece. A piece ends a gutter before the next column starts."""
    starts = [p.x0 for p in first]
    tol = ALIGN * size
    cols: list[int] = []
    for p in row:
        c = next((c for c, x in enumerate(starts) if abs(p.x0 - x) <= tol), None)
        if c is None:
            mid = (p.x0 + p.x1) / 2
            c = next((
                c for c in range(1, len(first))
                if (abs(p.x1 - first[c].x1) <= tol
                    or abs(mid - (first[c].x0 + first[c].x1) / 2) <= tol)
                and p.x0 >= first[c - 1].x1 + GUTTER * size
            ), None)
        if c is None or (cols and c <= cols[-1]):
            return None
        if c + 1 < len(starts) and p.x1 > starts[c + 1] - GUTTER * size:
            return None
        cols.append(c)
    return cols


def _aligned_run(rows: list[list[_Piece]], k: int, size: float, lines: list[Line] | None = None
                 ) -> tuple[int, list[list[tuple[_Piece, int]]]] | None:
    """The end (exclusive) of the run of aligned rows opening at ``rows[k]`` (a printed line
    of two pieces or more, one in each column) and each row's pieces with their columns. A line
    of the first column alone ends the run, unless the run so far sets its rows apart by space
    (:func:`_spaces_rows`) and the line follows a key line at the line leading: a key wrapped
    over two lines, its cell beside it already ended."""
    first = rows[k]
    if len(first) < 2:
        return None
    starts = [p.x0 for p in first]
    cols = _fits(first, first, size)
    if cols is None:
        return None
    fitted = [list(zip(first, cols, strict=True))]
    end = k + 1
    while end < len(rows):
        row = _split(rows[end], starts, size)
        cols = _fits(row, first, size)
        if cols == [0] and lines is not None and fitted[-1][0][1] == 0 and _spaces_rows(
                fitted, lines, size) and _top(row, lines) - _bottom(
                [p for p, _ in fitted[-1]], lines) <= ROW_GAP * size:
            fitted.append([(row[0], 0)])  # a wrapped key's next line
            end += 1
            continue
        if cols is None or cols == [0]:
            break  # a line of the first column alone is a heading over rows
        fitted.append(list(zip(row, cols, strict=True)))
        end += 1
    return end, fitted


def _aligned_table(page_number: int, rows: list[list[_Piece]], k: int, end: int,
                   fitted: list[list[tuple[_Piece, int]]], lines: list[Line], size: float,
                   width: float, least: int = MIN_ALIGNED_ROWS) -> FoundTable | None:
    members = sorted({p.index for r in rows[k:end] for p in r})
    wrapped = _wrapped_keys(fitted, lines, size)
    keys = [r[0][0] for j, r in enumerate(fitted) if r[0][1] == 0]
    if len(keys) - len(wrapped) < least:
        return None
    if any(p.x1 - p.x0 > KEY_WIDTH * width for p in keys):
        return None
    if any(LIST_LABEL.match(normalize(" ".join(w.text for w in p.words))) for p in keys):
        return None
    if any(lines[i].size > LARGE * size for i in members):
        return None
    # every row fills a later column (a wrapped key's next line belongs to the row above)
    if any(r[0][1] == 0 and len(r) < 2 and j not in wrapped for j, r in enumerate(fitted)):
        return None
    # the printed lines around the run are no pieces set in columns: running text in columns
    # or a list with hanging indents, whose columns this run is only a stretch of
    for j in (k - 1, end):
        if 0 <= j < len(rows) and len(rows[j]) >= 2:
            return None
    grid: dict[tuple[int, int], list[tuple[str, Box]]] = {}
    row = 0
    for j, r in enumerate(fitted):
        if r[0][1] == 0 and j not in wrapped:
            row += 1
        for p, c in r:
            for w in p.words:
                grid.setdefault((row, c + 1), []).append((w.text, w.box(page_number)))
    cells = grid_cells(grid)
    # (the last rows of a table from the page before are rows read across, however few)
    if least >= MIN_ALIGNED_ROWS and _reads_down_columns(cells):
        return None
    top = min(lines[i].top for i in members)
    bottom = max(lines[i].bottom for i in members)
    label: str | None = None
    above = sorted((ln for ln in lines if ln.bottom <= top), key=lambda ln: ln.top)[-3:]
    for ln in reversed(above):
        m = CAPTION.match(normalize(ln.text))
        if m:
            label = m.group(1)
            break
    edges = _edges(fitted[0])
    return FoundTable(label, members, cells, top, bottom, starts=edges.starts, ends=edges.ends)


def _wrapped_keys(fitted: list[list[tuple[_Piece, int]]], lines: list[Line], size: float
                  ) -> set[int]:
    """The printed rows of a run whose first-column piece is the wrapped rest of the key above,
    not a new row's key. Only a run that sets its rows apart by space tells them apart: every
    row that opens under a printed line with no key (the one above ended a row's later cells)
    lies more than ``ROW_GAP`` body sizes under it, and so do two rows or more. There, a key
    line set at the line leading under a key line (no gap) wraps that key; a run whose rows
    follow at the line leading keeps each key line a row."""
    if not _spaces_rows(fitted, lines, size):
        return set()
    spaced = _spaced(fitted, lines, size)
    keyed = [r[0][1] == 0 for r in fitted]
    return {j for j in range(1, len(fitted)) if keyed[j] and keyed[j - 1] and not spaced[j]}


def _top(pieces: list[_Piece], lines: list[Line]) -> float:
    return min(lines[p.index].top for p in pieces)


def _bottom(pieces: list[_Piece], lines: list[Line]) -> float:
    return max(lines[p.index].bottom for p in pieces)


def _spaced(fitted: list[list[tuple[_Piece, int]]], lines: list[Line], size: float
            ) -> list[bool]:
    """Whether each printed row of a run lies more than ``ROW_GAP`` body sizes under the one
    above (the first: no)."""
    tops = [_top([p for p, _ in r], lines) for r in fitted]
    bottoms = [_bottom([p for p, _ in r], lines) for r in fitted]
    return [j > 0 and tops[j] - bottoms[j - 1] > ROW_GAP * size for j in range(len(fitted))]


def _spaces_rows(fitted: list[list[tuple[_Piece, int]]], lines: list[Line], size: float
                 ) -> bool:
    """Whether a run sets its rows apart by space: every key line under a printed line with
    no key (the end of a row's later cells) lies more than ``ROW_GAP`` body sizes under it,
    and so do two printed lines or more."""
    spaced = _spaced(fitted, lines, size)
    keyed = [r[0][1] == 0 for r in fitted]
    opens = [j for j in range(1, len(fitted)) if keyed[j] and not keyed[j - 1]]
    return bool(opens) and all(spaced[j] for j in opens) and sum(spaced) >= 2


def _edges(first: list[tuple[_Piece, int]]) -> FoundTable:
    """A table shape holding only the column starts and ends of a run's first row."""
    return FoundTable(None, [], [], starts=tuple(p.x0 for p, _ in first),
                      ends=tuple(p.x1 for p, _ in first))


def _collation_key(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text.casefold())
        if not unicodedata.combining(ch)
    )


def _reads_down_columns(cells: list[TableCell]) -> bool:
    """Whether the cells are one list set in columns (a list of names read down the first
    column, then the next): each column's entries in order, and each column's first entry
    after the last entry of the column before. A table's rows are read across."""
    columns: dict[int, list[str]] = {}
    for c in sorted(cells, key=lambda c: (c.column, c.row)):
        columns.setdefault(c.column, []).append(_collation_key(c.text))
    seq = [entries for _, entries in sorted(columns.items())]
    if len(seq) < 2 or any(len(entries) < 2 for entries in seq):
        return False
    in_order = all(entries == sorted(entries) for entries in seq)
    return in_order and all(seq[n][0] >= seq[n - 1][-1] for n in range(1, len(seq)))
