"""Read PDFs: the pdfplumber and PDFium loaders behind one interface, glyphs to words and lines."""
