"""Rules from a page's path shapes: the classification both loaders share.

A loader lists the page's straight lines and axis-aligned rectangles, in content order, as
``(kind, x0, x1, top, bottom)`` in top-down page coordinates. A rule is what the eye sees as a
horizontal stroke:

* a line drawn flat (less than 2 pt between its ends' heights);
* a rectangle less than 2.5 pt tall and more than 20 pt wide;
* a border drawn as two nested filled rectangles (HTML renderers paint a box's top border as
  the outer box minus the inner box, with the even-odd rule): two rectangles of the same width
  and bottom whose tops differ by less than 2.5 pt show only that thin band at the top.
"""

from __future__ import annotations

from pipeline.model import Rule

Shape = tuple[str, float, float, float, float]

#: a rectangle thinner than this is a rule; so is the band between two nested rectangles
THIN = 2.5
#: a rule rectangle is wider than this
MIN_WIDTH = 20.0


def page_rules(number: int, shapes: list[Shape]) -> list[Rule]:
    """The page's rules: flat lines first, then thin rectangles, then nested-box borders."""
    lines: list[Rule] = []
    rects: list[Rule] = []
    boxes: list[tuple[float, float, float, float]] = []
    for kind, x0, x1, top, bottom in shapes:
        if kind == "line":
            if abs(top - bottom) < 2:
                lines.append(Rule(number, x0, x1, top))
        elif bottom - top < THIN and x1 - x0 > MIN_WIDTH:
            rects.append(Rule(number, x0, x1, top))
        elif x1 - x0 > MIN_WIDTH:
            boxes.append((x0, x1, top, bottom))
    return lines + rects + _borders(number, boxes)


def _borders(number: int, boxes: list[tuple[float, float, float, float]]) -> list[Rule]:
    """Top borders painted as an outer box and an inner box that differ only at the top."""
    out: list[Rule] = []
    ranked = sorted(range(len(boxes)), key=lambda i: boxes[i][3])
    found = set()
    for a, i in enumerate(ranked):
        x0, x1, top, bottom = boxes[i]
        for k in ranked[a + 1:]:
            y0, y1, top2, bottom2 = boxes[k]
            if bottom2 - bottom >= 0.5:
                break
            if abs(y0 - x0) < 0.5 and abs(y1 - x1) < 0.5 and 0 < abs(top2 - top) < THIN:
                found.add(i if top < top2 else k)
    for i in sorted(found):
        x0, x1, top, _ = boxes[i]
        out.append(Rule(number, x0, x1, top))
    return out
