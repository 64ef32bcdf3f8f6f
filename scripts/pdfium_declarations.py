"""Rewrite pipeline/read/pdfium/_declarations.py after a change to the PDFium declarations."""

from pipeline.read.pdfium.api import DECLARATIONS, write_declarations

if __name__ == "__main__":
    write_declarations()
    print(DECLARATIONS)
