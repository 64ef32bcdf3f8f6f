"""A PDFium page's coordinate systems: PDF user space → pdfminer page space → pdfplumber's."""

from __future__ import annotations

from typing import Any

from pipeline.read.pdfium.api import Api

#: coordinates are rounded to this many decimals (PDFium works in single precision)
DECIMALS = 4

Matrix = tuple[float, float, float, float, float, float]


def mult(m1: Matrix, m0: Matrix) -> Matrix:
    """``m1`` then ``m0`` (pdfminer's ``mult_matrix``: row vectors, ``[x y 1] · m1 · m0``)."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


class PageGeometry:
    """A page's coordinate systems: PDF user space → pdfminer page space → pdfplumber's."""

    def __init__(self, api: Api, ph: Any) -> None:
        lib = api.lib
        rotation = (lib.FPDFPage_GetRotation(ph) % 4) * 90
        box = api.ffi.new("float[4]")
        if lib.FPDFPage_GetMediaBox(ph, box, box + 1, box + 2, box + 3):
            raw = tuple(round(v, DECIMALS) for v in box)
        else:  # inherited MediaBox: PDFium still knows the page size
            w = round(lib.FPDF_GetPageWidthF(ph), DECIMALS)
            h = round(lib.FPDF_GetPageHeightF(ph), DECIMALS)
            raw = (0.0, 0.0, h, w) if rotation in (90, 270) else (0.0, 0.0, w, h)
        x0, y0, x1, y1 = raw
        # pdfminer's device matrix (rotation, MediaBox origin)
        if rotation == 90:
            self.device: Matrix = (0.0, -1.0, 1.0, 0.0, -y0, x1)
        elif rotation == 180:
            self.device = (-1.0, 0.0, 0.0, -1.0, x1, y1)
        elif rotation == 270:
            self.device = (0.0, 1.0, -1.0, 0.0, y1, -x0)
        else:
            self.device = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
        # pdfplumber's page box: corners sorted, width and height swapped for 90 and 270
        nx0, nx1 = sorted((x0, x1))
        ny0, ny1 = sorted((y0, y1))
        norm = (ny0, nx0, ny1, nx1) if rotation in (90, 270) else (nx0, ny0, nx1, ny1)
        mb_height = norm[3] - norm[1]
        self.mb_x0 = norm[0]
        self.mb_top = mb_height - norm[3]
        self.width = norm[2] - norm[0]
        self.height = norm[3] - norm[1]
        self.plain = self.device == (1.0, 0.0, 0.0, 1.0, 0.0, 0.0) and self.mb_x0 == 0
        self.plain = self.plain and self.mb_top == 0
        #: the visible area (CropBox within MediaBox) in pdfplumber's coordinates when it is
        #: smaller than the MediaBox, on an unrotated page (as the pdfplumber loader reads it)
        self.visible: tuple[float, float, float, float] | None = None
        rect = api.ffi.new("FS_RECTF*")
        if rotation == 0 and lib.FPDF_GetPageBoundingBox(ph, rect):
            seen = (round(rect.left, DECIMALS), round(rect.bottom, DECIMALS),
                    round(rect.right, DECIMALS), round(rect.top, DECIMALS))
            if seen != (nx0, ny0, nx1, ny1):  # (y as pdfplumber inverts the boxes)
                self.visible = (seen[0], self.height - seen[3], seen[2], self.height - seen[1])

    def flip(self, x0: float, x1: float, y0: float, y1: float) -> tuple[float, ...]:
        """pdfminer page-space box → pdfplumber's (x0, x1, top, bottom)."""
        if self.mb_x0 != 0:
            x0, x1 = x0 + self.mb_x0, x1 + self.mb_x0
        return x0, x1, (self.height - y1) + self.mb_top, (self.height - y0) + self.mb_top
