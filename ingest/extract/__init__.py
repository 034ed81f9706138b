"""Document -> facts (the JSON-Lines contract of `python -m ingest extract`)."""

from __future__ import annotations

import re

from ingest.model import Document, Fact

_LEVEL = re.compile(r"(?P<ind>[\u4e00-\u9fa5]{2,12}?)(?P<val>\d+(?:\.\d+)?)(?P<unit>亿元|万元|元|万吨|吨|万标箱|家|个)")
_GROWTH = re.compile(r"(?P<verb>增长|增幅|下降)(?P<val>-?\d+(?:\.\d+)?)%")
_SENT = re.compile(r"[^。；;！？\n]+[。；;！？]?")


def extract(doc: Document) -> list[Fact]:
    facts: list[Fact] = []
    for s in _SENT.finditer(doc.text):
        sentence = s.group()
        last_ind = None
        for m in _LEVEL.finditer(sentence):
            last_ind = m.group("ind")
            facts.append(_fact(doc, "level", last_ind, m, s.start(), sentence, float(m.group("val")), m.group("unit")))
        for m in _GROWTH.finditer(sentence):
            sign = -1 if m.group("verb") == "下降" else 1
            facts.append(_fact(doc, "growth", last_ind, m, s.start(), sentence, sign * float(m.group("val")), "%"))
    return sorted(facts, key=lambda f: (f.start, f.end, f.type))


def _fact(doc: Document, kind: str, ind: str | None, m: re.Match[str], offset: int, sentence: str,
          value: float, unit: str) -> Fact:
    return Fact(doc=doc.doc_id, type=kind, indicator=ind, text=m.group(), start=offset + m.start(),
                end=offset + m.end(), sentence=sentence.strip(), region=doc.region, region_code=doc.region_code,
                period=doc.period, value=value, unit=unit)
