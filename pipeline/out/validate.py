"""Structural and schema checks of extractions before export, and of a written output folder.

:func:`validate_extraction` checks one :class:`~pipeline.model.Extraction`:

* numbering: meetings contiguous from I; recommendations contiguous from 1 within each meeting;
  sub-items contiguous from ``a`` (nested items from ``i``); in paragraphs mode, paragraph
  numbers contiguous and increasing across the document. A gap, duplicate or step back is
  reported with its page: ``meeting II: recommendation 7 missing between 6 and 8``;
* ids: unique, consistent with meeting/number/item, parent present, earlier and in the same
  meeting/section, rows in an order that nests (items right after their parent);
* text: not empty; no page furniture left inside (page counters ``3/14``, job numbers
  ``V.19-05872``/``GE.09-17088``/``25-02024``, the document's own symbol, private-use barcode
  characters U+E000–U+F8FF, ``*1905872*`` barcodes); normalisation slips are warnings;
* dates valid ISO dates, ``start_date <= end_date``; pages ``1 <= page_start <= page_end <=
  page_count``, bounding boxes on those pages;
* the declared schema (each column checked directly) and the tables' keys on the rows the
  extraction becomes; a document kept by validation is written without checking them again.

:func:`validate_output_dir` re-reads an output folder and checks every table against the
schema, that CSV, Parquet and JSON hold exactly the same rows, the keys, and re-runs the
structural rules on what it read.

The checks live in sibling modules, re-exported here: :mod:`pipeline.out.problems` (what a check
finds), :mod:`pipeline.out.labels`, :mod:`pipeline.out.numbering` and :mod:`pipeline.out.rules`
(rules on one extraction), :mod:`pipeline.out.table_checks` (schema and keys of tables) and
:mod:`pipeline.out.check_folder` (a written output folder).
"""

from __future__ import annotations

from pipeline.out.check_folder import extractions_from_tables, validate_output_dir
from pipeline.out.labels import letter_value, roman_value, to_letter, to_roman
from pipeline.out.problems import Problem, Severity, has_errors, strictly
from pipeline.out.rules import validate_extraction, validate_extractions
from pipeline.out.table_checks import check_keys, schema_problems

__all__ = [
    "Problem",
    "Severity",
    "check_keys",
    "extractions_from_tables",
    "has_errors",
    "letter_value",
    "roman_value",
    "schema_problems",
    "strictly",
    "to_letter",
    "to_roman",
    "validate_extraction",
    "validate_extractions",
    "validate_output_dir",
]
