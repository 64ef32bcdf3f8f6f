"""Property: documents generated at random and typeset by the fixture builder round-trip exactly.

Meeting counts, numbering, lettered items, text lengths (and so page breaks) are drawn by
hypothesis; the expected result is the builder's golden file, written from the generated source.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixtures.build import build_one
from pipeline.parse.document import extract_document

HEADER = (FIXTURES / "sources" / "wg_en_synthetic.txt").read_text(encoding="utf-8")
HEADER = HEADER[: HEADER.index("\n---\n") + 5]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
ORDINALS = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth"]
_TEXT = (
    "States parties should strengthen cooperation exchange information on smuggling of "
    "migrants including through joint investigations training of officials protection of "
    "rights victims border management regional mechanisms technical assistance legislation "
    "criminal justice responses data collection research awareness campaigns"
)
WORDS = _TEXT.split()



def _sentence(seed: int, length: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


# cheap to draw (two integers), long enough that documents run over several pages
sentence = st.builds(_sentence, st.integers(0, 10**6), st.integers(8, 140))
recommendation = st.tuples(sentence, st.integers(0, 4), st.lists(sentence, min_size=4,
                                                                    max_size=4))
meeting = st.lists(recommendation, min_size=2, max_size=8)
document = st.lists(meeting, min_size=2, max_size=4)


def _source(doc: list) -> str:
    out = [HEADER, "The present paper lists the recommendations adopted by the Working Group.\n",
           "@footnote *: A/AC.999/2021/1.\n"]
    for m, recs in enumerate(doc):
        year = 2012 + m
        out.append(f"{ROMAN[m]}. {ORDINALS[m]} meeting, held in Vienna from 3 to 5 May {year}\n"
                   f"@meeting city=Vienna start={year}-05-03 end={year}-05-05\n")
        for n, (lead, n_items, items) in enumerate(recs, start=1):
            if n_items:
                out.append(f"{n}. {lead[:-1]}:\n")
                for k in range(n_items):
                    end = "." if k == n_items - 1 else ";"
                    out.append(f"({'abcd'[k]}) {items[k][:-1]}{end}\n")
            else:
                out.append(f"{n}. {lead}\n")
    return "\n".join(out)


@pytest.mark.slow
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(doc=document)
def test_generated_documents_round_trip(tmp_path: Path, doc: list) -> None:
    src = tmp_path / "generated.txt"
    src.write_text(_source(doc), encoding="utf-8")
    pdf, gold_path = build_one(src, tmp_path / "pdfs", tmp_path / "golden")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    ex = extract_document(pdf)
    keys = ("id", "parent_id", "meeting", "number", "item", "text", "page_start", "page_end")
    got = [{k: getattr(r, k) for k in keys} for r in ex.records]
    want = [{k: r[k] for k in keys} for r in gold["records"]]
    assert got == want
    assert [m.meeting for m in ex.meetings] == list(range(1, len(doc) + 1))
    assert gold["document"]["page_count"] == ex.meta.page_count
