#!/usr/bin/env python3
"""Import rate of every annotation import format against the NDJSON import, in one run on one instance.

Not a test: it needs a running Crosscheck. It creates ARTICLES articles (words, now and then an emoji so that UTF-16
and code-point offsets differ), writes the same annotations — CODERS coders x SPANS spans per article, 100,000 by
default — in each format (Label Studio JSON, a doccano export zip, an INCEpTION project export zip of TSV files,
a W3C collection, a zip of CoNLL files), imports each into a fresh project and prints annotations per second and the
ratio to the NDJSON import, which runs first and last (the reference is the mean of the two). Bodies are built before
the clock starts; the clock covers the request (upload, parse, convert, check, store).

    ./mvnw -B -q package -DskipTests
    DB_URL=jdbc:postgresql://127.0.0.1:5432/cc_imports DB_USER=postgres CROSSCHECK_ADMIN_TOKEN=bench-token \
      CROSSCHECK_SEED=false QUARKUS_HTTP_PORT=8150 CROSSCHECK_LIMITS_BULK_BODY=256M \
      QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE=257M java -jar target/quarkus-app/quarkus-run.jar &
    BASE=http://localhost:8150 TOKEN=bench-token python3 bench/imports/import_formats.py [articles] [coders] [spans]
"""
import io
import json
import os
import random
import sys
import time
import urllib.request
import uuid
import zipfile

BASE = os.environ.get("BASE", "http://localhost:8150")
TOKEN = os.environ.get("TOKEN", "bench-token")
ARTICLES = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
CODERS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
SPANS = int(sys.argv[3]) if len(sys.argv) > 3 else 20
LABELS = ["unsupported", "contradicted", "world fact error"]


def call(method, path, body=None, content_type="application/json"):
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method,
                                 headers={"Authorization": "Bearer " + TOKEN, "Content-Type": content_type})
    with urllib.request.urlopen(req, timeout=3600) as resp:
        text = resp.read()
        return json.loads(text) if text else None


def u16(s):
    return len(s.encode("utf-16-le")) // 2


def project(run):
    return call("POST", "/api/v1/projects", {"name": f"bench-import-{run}-{uuid.uuid4().hex[:8]}", "annotatorsPerItem": CODERS,
        "layers": [{"name": "claims", "scope": "span", "measurement": "nominal", "labels": LABELS}]})["id"]


def main():
    rnd = random.Random(20261201)
    tag = uuid.uuid4().hex[:8]
    source_name = "bench-import-" + tag
    source = call("POST", "/api/v1/sources", {"name": source_name, "domain": "bench.example", "kind": "outlet"})["id"]
    coders = [f"bench-coder-{tag}-{c}" for c in range(CODERS)]
    # Each article: 300 words in one sentence (no line break, so CoNLL and TSV rebuild it), an emoji every 40 words.
    # The TSV variant of an article is the same words plus the line break INCEpTION's reader appends to a sentence.
    docs = []
    for a in range(ARTICLES):
        words = [("😀" if w % 40 == 39 else f"w{rnd.randrange(10000)}") for w in range(300)]
        words[-1] = f"end{tag}{a}"
        text = " ".join(words)
        starts, pos = [], 0
        for w in words:
            starts.append(pos)
            pos += len(w) + 1
        docs.append({"words": words, "starts": starts, "text": text})
    ids, tsv_ids = [], []
    body = "".join(json.dumps({"sourceId": source, "title": f"bench {a}", "text": d["text"]}) + "\n" for a, d in enumerate(docs))
    body += "".join(json.dumps({"sourceId": source, "title": f"bench tsv {a}", "text": d["text"] + "\n"}) + "\n" for a, d in enumerate(docs))
    report = call("POST", "/api/v1/articles/import", body.encode(), "application/x-ndjson")
    assert report["created"] == 2 * ARTICLES, report
    listed = {}
    page = 0
    while len(listed) < 2 * ARTICLES:
        items = call("GET", f"/api/v1/articles?sourceId={source}&page={page}&size=1000")["items"]
        if not items:
            break
        for it in items:
            listed[it["title"]] = it["id"]
        page += 1
    ids = [listed[f"bench {a}"] for a in range(ARTICLES)]
    tsv_ids = [listed[f"bench tsv {a}"] for a in range(ARTICLES)]

    # The annotations: per article and coder, SPANS spans of 1-3 whole words (python offsets are code points).
    work = []  # (article index, coder, label, first word, last word)
    for a in range(ARTICLES):
        for c in coders:
            for s in range(SPANS):
                first = rnd.randrange(0, 295)
                work.append((a, c, LABELS[rnd.randrange(3)], first, first + rnd.randrange(3)))
    total = len(work)

    def span(a, first, last):
        d = docs[a]
        start = d["starts"][first]
        end = d["starts"][last] + len(d["words"][last])
        return start, end, d["text"][start:end]

    bodies = {}
    bodies["crosscheck"] = ("application/x-ndjson", "".join(json.dumps({"articleId": ids[a], "annotator": c, "layer": "claims",
        "label": lab, "start": span(a, f, l)[0], "end": span(a, f, l)[1]}) + "\n" for a, c, lab, f, l in work).encode())
    tasks = []
    by_article = {}
    for a, c, lab, f, l in work:
        by_article.setdefault(a, {}).setdefault(c, []).append((lab, f, l))
    for a in range(ARTICLES):
        anns = []
        for c, spans in by_article[a].items():
            results = []
            for i, (lab, f, l) in enumerate(spans):
                s, e, q = span(a, f, l)
                results.append({"id": f"r{i}", "from_name": "claims", "to_name": "text", "type": "labels",
                                "value": {"start": s, "end": e, "text": q, "labels": [lab]}})
            anns.append({"id": len(anns), "completed_by": {"id": 1, "email": c}, "result": results})
        tasks.append({"id": a, "data": {"text": docs[a]["text"]}, "annotations": anns})
    bodies["labelstudio"] = ("application/json", json.dumps(tasks).encode())

    def zipped(files):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, content in files.items():
                z.writestr(name, content)
        return out.getvalue()

    doccano = {}
    for c in coders:
        lines = []
        for a in range(ARTICLES):
            labels = []
            for lab, f, l in by_article[a][c]:
                s, e, q = span(a, f, l)
                t = docs[a]["text"]
                labels.append([u16(t[:s]), u16(t[:e]), lab])
            lines.append(json.dumps({"id": a, "text": docs[a]["text"], "label": labels}))
        doccano[c + ".jsonl"] = "\n".join(lines) + "\n"
    bodies["doccano"] = ("application/zip", zipped(doccano))

    tsv = {}
    for a in range(ARTICLES):
        d = docs[a]
        for c in coders:
            column = [[] for _ in d["words"]]
            for n, (lab, f, l) in enumerate(by_article[a][c]):
                for w in range(f, l + 1):
                    column[w].append(f"{lab}[{n + 1}]" if l > f else lab)
            rows = ["#FORMAT=WebAnno TSV 3.3", "#T_SP=webanno.custom.Claims|label", "", "", "#Text=" + d["text"]]
            for w, word in enumerate(d["words"]):
                s = u16(d["text"][:d["starts"][w]])
                rows.append(f"1-{w + 1}\t{s}-{s + u16(word)}\t{word}\t{'|'.join(column[w]) or '_'}")
            tsv[f"annotation/doc{a}.txt/{c}.tsv"] = "\n".join(rows) + "\n\n"
    bodies["webanno-tsv"] = ("application/zip", zipped(tsv))

    items = []
    for a, c, lab, f, l in work:
        s, e, q = span(a, f, l)
        items.append({"type": "Annotation", "creator": {"nickname": c},
                      "body": [{"type": "TextualBody", "purpose": "classifying", "value": lab},
                               {"type": "TextualBody", "purpose": "tagging", "value": "claims"}],
                      "target": {"source": f"urn:crosscheck:article:{ids[a]}", "selector": [
                          {"type": "TextQuoteSelector", "exact": q}, {"type": "TextPositionSelector", "start": s, "end": e}]}})
    bodies["w3c"] = ("application/ld+json", json.dumps({"@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection", "total": total,
        "first": {"type": "AnnotationPage", "items": items}}).encode())

    conll = {}
    for c in coders:
        rows = ["# global.columns = TOKEN START END claims"]
        for a in range(ARTICLES):
            d = docs[a]
            tags = ["O"] * len(d["words"])
            for lab, f, l in sorted(by_article[a][c], key=lambda x: x[1]):
                if any(t != "O" for t in tags[f:l + 1]):
                    continue  # CoNLL cannot hold overlapping spans of one layer
                for w in range(f, l + 1):
                    tags[w] = ("B-" if w == f else "I-") + lab.replace(" ", "_")
            rows.append("-DOCSTART-")
            rows += [f"{word}\t{d['starts'][w]}\t{d['starts'][w] + len(word)}\t{tags[w]}" for w, word in enumerate(d["words"])]
            rows.append("")
        conll[c + ".conll"] = "\n".join(rows) + "\n"
    bodies["conll"] = ("text/plain", zipped(conll))

    def run(fmt, query):
        content_type, data = bodies[fmt]
        p = project(fmt)
        t0 = time.perf_counter()
        rep = call("POST", f"/api/v1/projects/{p}/annotations/import?{query}", data, content_type)
        dt = time.perf_counter() - t0
        assert rep["failed"] == 0, (fmt, rep["errors"][:3])
        return rep["created"], dt, len(data)

    source_q = "source=" + source_name
    plan = [("crosscheck", "format=crosscheck"),
            ("labelstudio", "format=labelstudio&" + source_q),
            ("doccano", "format=doccano&layer=claims&" + source_q),
            ("webanno-tsv", "format=webanno-tsv&layer=Claims=claims&" + source_q),
            ("w3c", "format=w3c"),
            ("conll", "format=conll&" + source_q),
            ("crosscheck", "format=crosscheck")]
    only = os.environ.get("ONLY")
    if only:
        plan = [plan[0]] + [x for x in plan[1:-1] if x[0] in only.split(",")] + [plan[-1]]
    results = []
    for fmt, query in plan:
        created, dt, size = run(fmt, query)
        results.append((fmt, created, dt, size))
        print(f"{fmt:12s} {created:7d} annotations in {dt:6.2f} s = {created / dt:9.0f}/s  (body {size / 1e6:.1f} MB)", flush=True)
    reference = (results[0][1] / results[0][2] + results[-1][1] / results[-1][2]) / 2
    print(f"\nreference: NDJSON {reference:.0f}/s (mean of the first and last run)")
    for fmt, created, dt, size in results[1:-1]:
        print(f"{fmt:12s} {created / dt / reference:5.2f} x the NDJSON rate")


if __name__ == "__main__":
    main()
