"""Distribution versions read from metadata folders agree with importlib.metadata's."""

from __future__ import annotations

import importlib.metadata

from conftest import fresh_python

from pipeline.distinfo import version


def test_every_installed_distribution_has_importlib_metadata_s_version() -> None:
    names = {d.metadata["Name"] for d in importlib.metadata.distributions()}
    names |= {"unrecs", "pdfminer.six", "python-bidi", "PDFPlumber", "no-such-distribution"}
    for name in sorted(names):
        try:
            expected: str | None = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            expected = None
        assert version(name) == expected, name


def test_the_versions_an_extraction_records_leave_importlib_metadata_unloaded() -> None:
    code = (
        "import sys\n"
        "from pipeline.parse.document import pipeline_version\n"
        "from pipeline.distinfo import version\n"
        "print(pipeline_version() == version('unrecs') != None, version('pandas') is not None)\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    assert fresh_python(code) == ["True True", "False"]
