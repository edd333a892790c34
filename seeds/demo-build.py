#!/usr/bin/env python3
"""Builds seeds/demo-annotations.ndjson and seeds/demo-adjudications.json from the quotes below.

Offsets are Unicode code points into the article files exactly as stored (NFC), start inclusive, end exclusive;
Python str indices are code points, so start = text.find(quote). Each span names its quote and, where the quote
occurs more than once, which occurrence (1-based). The script checks every quote round-trips and that the texts
are NFC. Run from the repository root:  python3 seeds/demo-build.py
"""
import json
import unicodedata
from pathlib import Path

SEEDS = Path(__file__).resolve().parent
CNN, WIRE, SHORT, SECT, MACH = ("articles/003_26abfa941dc7373d.txt", "articles/000_0e6f2bf1ce283986.txt",
                                "articles/001_aa53861f1c71c305.txt", "articles/002_33ba7d0668b9b59c.txt",
                                "articles/004_f94b180b7141cc38.txt")
CODERS = ["coder-a", "coder-b", "coder-c"]
SPAN_LAYERS = ["claims", "attribution", "framing"]

# Document labels per article: stance (toward the Beijing event) and reliability (ordinal 1-5), per coder a, b, c.
DOC = {
    CNN: {"stance": ["neutral", "neutral", "neutral"], "reliability": ["5", "5", "4"]},
    WIRE: {"stance": ["neutral", "neutral", "pro"], "reliability": ["4", "3", "4"]},
    SHORT: {"stance": ["neutral", "neutral", "anti"], "reliability": ["3", "3", "4"]},
    SECT: {"stance": ["neutral", "neutral", "neutral"], "reliability": ["4", "4", "3"]},
    MACH: {"stance": ["neutral", "pro", "pro"], "reliability": ["2", "3", "1"]},
}

# (coders, layer, label, quote, occurrence, attributes)
SPANS = {
    CNN: [
        ("abc", "attribution", "source", "the Chinese Foreign Ministry", 1, {"sourceType": "named-organisation"}),
        ("ab", "attribution", "cue", "announced Thursday", 1, {}),
        ("c", "attribution", "cue", "announced", 1, {}),
        ("a", "attribution", "content", "North Korean leader Kim Jong Un and Russian President Vladimir Putin will be "
         "among more than two dozen foreign leaders to attend China’s massive military parade next week", 1, {}),
        ("abc", "attribution", "source", "North Korean state news agency KCNA", 1, {"sourceType": "named-organisation"}),
        ("abc", "attribution", "cue", "confirmed", 1, {}),
        ("ab", "attribution", "source", "Assistant Foreign Minister Hong Lei", 1, {"sourceType": "named-person"}),
        ("a", "attribution", "cue", "told a news conference", 1, {}),
        ("b", "attribution", "cue", "told", 1, {}),
        ("b", "claims", "unsupported", "the three autocratic leaders", 1, {"severity": 1}),
        ("c", "claims", "unsupported", "an unequivocal show of unity", 1, {"severity": 1}),
        ("ab", "framing", "Security and defense", "showcasing China’s growing military power under Xi", 1, {}),
        ("c", "framing", "Security and defense", "showcasing China’s growing military power", 1, {}),
        ("abc", "framing", "Political", "an alternative world order Xi and Putin have pushed to create", 1, {}),
    ],
    WIRE: [
        ("abc", "attribution", "source", "China's foreign ministry", 1, {"sourceType": "named-organisation"}),
        ("abc", "attribution", "cue", "has said", 1, {}),
        ("a", "attribution", "content", "North Korea's leader Kim Jong Un will attend a military parade in Beijing "
         "next week", 1, {}),
        ("abc", "attribution", "source", "Analysts", 1, {"sourceType": "anonymous"}),
        ("ab", "attribution", "cue", "suggest", 1, {}),
        ("ab", "claims", "unsupported", "his first international level meeting with other leaders", 1, {"severity": 1}),
        ("a", "claims", "unsupported", "Ultimately, Kim appearing alongside Xi and Putin at this prominent event "
         "presents significant diplomatic implications and could reshape the geopolitical landscape in East Asia.", 1,
         {"severity": 2}),
        ("b", "claims", "unsupported", "Kim appearing alongside Xi and Putin at this prominent event presents "
         "significant diplomatic implications and could reshape the geopolitical landscape in East Asia", 1,
         {"severity": 2}),
        ("c", "claims", "unsupported", "signifies Xi's strategic positioning in regional geopolitics", 1, {"severity": 1}),
        ("abc", "framing", "Political", "signifies Xi's strategic positioning in regional geopolitics", 1, {}),
    ],
    SHORT: [
        ("abc", "attribution", "source", "China's foreign ministry", 1, {"sourceType": "named-organisation"}),
        ("abc", "attribution", "cue", "has confirmed", 1, {}),
        ("ac", "claims", "contradicted", "soldiers from 45 divisions", 1, {"severity": 1}),
        ("b", "claims", "unsupported", "soldiers from 45 divisions", 1, {"severity": 1}),
        ("a", "claims", "contradicted", "ahead of recent claims from US leader Donald Trump", 1, {"severity": 1}),
        ("abc", "claims", "unsupported", "his first major international meeting with other leaders", 1, {"severity": 1}),
        ("bc", "attribution", "source", "North Korea", 4, {"sourceType": "named-organisation"}),
        ("bc", "attribution", "cue", "describing him as", 1, {}),
        ("c", "attribution", "content", "a confrontational maniac", 1, {}),
        ("abc", "framing", "Political", "Keen to make a statement", 1, {}),
    ],
    SECT: [
        ("abc", "attribution", "source", "China’s foreign ministry", 1, {"sourceType": "named-organisation"}),
        ("abc", "attribution", "cue", "confirmed", 1, {}),
        ("ac", "claims", "unsupported", "when only top official Choe Ryong-hae attended", 1, {"severity": 1}),
        ("ab", "attribution", "cue", "reportedly", 1, {}),
        ("a", "attribution", "source", "Japan", 2, {"sourceType": "named-organisation"}),
        ("abc", "framing", "Security and defense", "China’s military showcase", 1, {}),
        ("b", "framing", "Political", "Xi reinforces China’s central role in regional diplomacy", 1, {}),
    ],
    MACH: [
        ("ac", "claims", "world-fact-error", "former US President", 1,
         {"severity": 3, "asOf": "2025-08-28", "evidence": "Donald Trump took office as US President on 20 January 2025"}),
        ("ac", "claims", "world-fact-error", "former US President", 2,
         {"severity": 3, "asOf": "2025-08-28", "evidence": "Donald Trump took office as US President on 20 January 2025"}),
        ("b", "claims", "world-fact-error", "former US President Donald Trump", 1, {"severity": 3}),
        ("a", "claims", "unsupported", "This marks Kim Jong Un's first multilateral international meeting", 1,
         {"severity": 2}),
        ("b", "claims", "contradicted", "This marks Kim Jong Un's first multilateral international meeting", 1,
         {"severity": 2}),
        ("ac", "claims", "unsupported", "Slovakia's Prime Minister Robert Fico will be the sole European Union "
         "representative at the event.", 1, {"severity": 2}),
        ("abc", "attribution", "source", "Experts", 1, {"sourceType": "anonymous"}),
        ("abc", "attribution", "cue", "suggest", 1, {}),
        ("bc", "claims", "unsupported", "Experts suggest that the event could bolster China's diplomatic leverage in "
         "future negotiations", 1, {"severity": 1}),
        ("abc", "framing", "External regulation and reputation",
         "The parade serves as a symbolic gesture of defiance against Western pressure", 1, {}),
        ("a", "framing", "Security and defense", "a major display of military prowess", 1, {}),
    ],
}

# The adjudicated items: (note, gold spans as (layer, label, quote, occurrence, attributes), document labels).
GOLD = {
    MACH: ("Trump is the sitting president (since 20 January 2025): both 'former US President' are world-fact errors.",
           [("claims", "world-fact-error", "former US President", 1,
             {"severity": 3, "asOf": "2025-08-28", "evidence": "Donald Trump took office as US President on 20 January 2025"}),
            ("claims", "world-fact-error", "former US President", 2,
             {"severity": 3, "asOf": "2025-08-28", "evidence": "Donald Trump took office as US President on 20 January 2025"}),
            ("claims", "unsupported", "This marks Kim Jong Un's first multilateral international meeting", 1, {"severity": 2}),
            ("claims", "unsupported", "Slovakia's Prime Minister Robert Fico will be the sole European Union "
             "representative at the event.", 1, {"severity": 2}),
            ("claims", "unsupported", "Experts suggest that the event could bolster China's diplomatic leverage in "
             "future negotiations", 1, {"severity": 1}),
            ("attribution", "source", "Experts", 1, {"sourceType": "anonymous"}),
            ("attribution", "cue", "suggest", 1, {}),
            ("framing", "External regulation and reputation",
             "The parade serves as a symbolic gesture of defiance against Western pressure", 1, {})],
           {"stance": "pro", "reliability": "2"}),
    WIRE: ("Kept the attribution to the foreign ministry; the closing judgement is the outlet's own, unsupported.",
           [("attribution", "source", "China's foreign ministry", 1, {"sourceType": "named-organisation"}),
            ("attribution", "cue", "has said", 1, {}),
            ("attribution", "source", "Analysts", 1, {"sourceType": "anonymous"}),
            ("attribution", "cue", "suggest", 1, {}),
            ("claims", "unsupported", "his first international level meeting with other leaders", 1, {"severity": 1}),
            ("claims", "unsupported", "Kim appearing alongside Xi and Putin at this prominent event presents "
             "significant diplomatic implications and could reshape the geopolitical landscape in East Asia", 1,
             {"severity": 2}),
            ("framing", "Political", "signifies Xi's strategic positioning in regional geopolitics", 1, {})],
           {"stance": "neutral", "reliability": "4"}),
    SHORT: ("'45 divisions' misstates the 45 units of the report; the first-meeting claim is the outlet's, as in the "
            "wire version.",
            [("attribution", "source", "China's foreign ministry", 1, {"sourceType": "named-organisation"}),
             ("attribution", "cue", "has confirmed", 1, {}),
             ("claims", "contradicted", "soldiers from 45 divisions", 1, {"severity": 1}),
             ("claims", "unsupported", "his first major international meeting with other leaders", 1, {"severity": 1}),
             ("framing", "Political", "Keen to make a statement", 1, {})],
            {"stance": "neutral", "reliability": "3"}),
}


def text_of(file):
    text = (SEEDS / file).read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text, file + " is not NFC"
    return text


def locate(text, quote, occurrence, file):
    pos = -1
    for _ in range(occurrence):
        pos = text.find(quote, pos + 1)
        assert pos >= 0, f"{file}: occurrence {occurrence} of {quote!r} not found"
    assert text[pos:pos + len(quote)] == quote
    return pos, pos + len(quote)


def main():
    lines = []
    for file, spans in SPANS.items():
        text = text_of(file)
        for i, coder in enumerate(CODERS):
            for layer, labels in DOC[file].items():
                lines.append({"articleFile": file, "annotator": coder, "layer": layer, "label": labels[i]})
            marked = set()
            for coders, layer, label, quote, occ, attributes in spans:
                if "abc"[i] not in coders:
                    continue
                start, end = locate(text, quote, occ, file)
                line = {"articleFile": file, "annotator": coder, "layer": layer, "label": label,
                        "start": start, "end": end, "quote": quote}
                if attributes:
                    line["attributes"] = attributes
                lines.append(line)
                marked.add(layer)
            for layer in SPAN_LAYERS:
                if layer not in marked:
                    # The coder did the item and marked nothing on this layer: still a judgement.
                    lines.append({"articleFile": file, "annotator": coder, "layer": layer})
    with open(SEEDS / "demo-annotations.ndjson", "w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")

    adjudications = []
    for file, (note, spans, doc) in GOLD.items():
        text = text_of(file)
        annotations = [{"layer": layer, "label": label} for layer, label in doc.items()]
        for layer, label, quote, occ, attributes in spans:
            start, end = locate(text, quote, occ, file)
            annotations.append({"layer": layer, "label": label, "start": start, "end": end, "quote": quote,
                                "attributes": attributes})
        adjudications.append({"articleFile": file, "note": note, "annotations": annotations})
    with open(SEEDS / "demo-adjudications.json", "w", encoding="utf-8") as out:
        json.dump(adjudications, out, ensure_ascii=False, indent=1)
        out.write("\n")
    print(f"{len(lines)} annotation lines, {len(adjudications)} adjudicated items")


if __name__ == "__main__":
    main()
