#!/usr/bin/env python3
"""Load driver for annotation ingest: the NDJSON import and the batch endpoint. Prints annotations per second.

Not a test: it needs a running Crosscheck and (for the batch part) psql access to its database, because leased
assignments are created directly so that the figure measures the batch endpoint and not the queue.

    ./mvnw -B -q package -DskipTests
    DB_URL=jdbc:postgresql://127.0.0.1:5432/cc_annot DB_USER=postgres CROSSCHECK_ADMIN_TOKEN=bench-token \
      CROSSCHECK_SEED=false QUARKUS_HTTP_PORT=18085 java -jar target/quarkus-app/quarkus-run.jar &
    BASE=http://localhost:18085 TOKEN=bench-token PSQL="psql -h 127.0.0.1 -U postgres cc_annot" \
      python3 bench/annotation_ingest.py [articles] [coders] [spans-per-coder] [batches] [batch-size] [clients]
"""
import concurrent.futures
import json
import os
import random
import shlex
import subprocess
import sys
import time
import urllib.request
import uuid

BASE = os.environ.get("BASE", "http://localhost:8080")
TOKEN = os.environ.get("TOKEN", "bench-token")
PSQL = shlex.split(os.environ.get("PSQL", "psql -h 127.0.0.1 -U postgres cc_annot"))


def call(method, path, body=None, token=TOKEN, content_type="application/json"):
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method,
                                 headers={"Authorization": "Bearer " + token, "Content-Type": content_type})
    with urllib.request.urlopen(req, timeout=600) as resp:
        text = resp.read()
        return json.loads(text) if text else None


def psql(sql):
    return subprocess.run(PSQL + ["-qtAc", sql], check=True, capture_output=True, text=True).stdout.strip()


def cpu_seconds():
    """CPU seconds used so far by the app (JAVA_PID) and by this database's backends: on a shared, overloaded machine
    wall time mostly measures the queue for a core, CPU time what the work costs."""
    app = proc_cpu([os.environ["JAVA_PID"]] if os.environ.get("JAVA_PID") else [])
    db = proc_cpu(psql("select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()").split())
    return Cpu(app, db)


class Cpu:
    def __init__(self, app, db):
        self.app, self.db = app, db

    def __sub__(self, other):
        return Cpu(self.app - other.app, self.db - other.db)

    def __str__(self):
        return f"CPU app {self.app:.2f} s + database {self.db:.2f} s"

    def total(self):
        return self.app + self.db


def proc_cpu(pids):
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (FileNotFoundError, PermissionError):
            pass
    return total


def main():
    articles = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    coders = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    spans = int(sys.argv[3]) if len(sys.argv) > 3 else 9
    batches = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    batch_size = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
    clients = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    run = uuid.uuid4().hex[:8]
    rnd = random.Random(42)
    words = [f"w{i:04d}" for i in range(2000)]  # 6 code points a word with its space
    text = " ".join(words) + " 😀"

    source = call("POST", "/api/v1/sources", {"name": "bench-" + run, "kind": "outlet"})["id"]
    lines = "".join(json.dumps({"sourceId": source, "title": f"a{i}", "text": f"{i} {run} " + text}) + "\n"
                    for i in range(articles))
    call("POST", "/api/v1/articles/import", lines.encode(), content_type="application/x-ndjson")
    ids = [a["id"] for p in range(0, articles, 1000)
           for a in call("GET", f"/api/v1/articles?sourceId={source}&size=1000&page={p // 1000}")["items"]]
    project = call("POST", "/api/v1/projects", {"name": "bench-" + run, "annotatorsPerItem": 3, "layers": [
        {"name": "stance", "scope": "document", "measurement": "nominal", "labels": ["pro", "neutral", "anti"]},
        {"name": "claims", "scope": "span", "measurement": "nominal", "labels": ["unsupported", "contradicted"],
         "attributes": [{"name": "severity", "type": "int"}]}]})["id"]

    out = []
    for article_id in ids:
        for c in range(coders):
            coder = f"bench-{run}-c{c}"
            out.append({"articleId": article_id, "annotator": coder, "layer": "stance",
                        "label": rnd.choice(["pro", "neutral", "anti"])})
            for _ in range(spans):
                w = rnd.randrange(10, 1900)
                start = 20 + 6 * w
                line = {"articleId": article_id, "annotator": coder, "layer": "claims",
                        "label": rnd.choice(["unsupported", "contradicted"]), "start": start, "end": start + 9,
                        "attributes": {"severity": rnd.randint(1, 3)}}
                out.append(line)
    body = "".join(json.dumps(l) + "\n" for l in out).encode()
    c0, t0 = cpu_seconds(), time.perf_counter()
    report = call("POST", f"/api/v1/projects/{project}/annotations/import", body, content_type="application/x-ndjson")
    dt, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    print(f"import: {len(out)} lines ({len(body) / 1e6:.1f} MB), created {report['created']}, "
          f"duplicates {report['duplicates']}, failed {report['failed']} in {dt:.2f} s wall "
          f"= {report['created'] / dt:,.0f} annotations/s; {cpu} "
          f"= {report['created'] / cpu.total():,.0f} annotations per CPU-second")

    # Batch: one annotator per batch (one live lease per annotator and project), assignments made with SQL.
    extra = [call("POST", "/api/v1/articles", {"sourceId": source, "title": f"b{i}", "text": f"batch {i} {run} " + text})["id"]
             for i in range(batches)]
    call("POST", f"/api/v1/projects/{project}/items", {"articleIds": extra})
    users = [call("POST", "/api/v1/users", {"username": f"bench-{run}-b{i}", "role": "annotator"}) for i in range(batches)]
    assignments = []
    for article_id, user in zip(extra, users):
        assignments.append(int(psql(
            "insert into assignment (project_id, item_id, article_id, annotator_id, status, lease_expires_at) "
            f"select {project}, id, article_id, {user['id']}, 'leased', now() + interval '1 hour' from project_item "
            f"where project_id = {project} and article_id = {article_id} returning id").splitlines()[0]))
    # Request bodies are built before the clock starts, so the figure is the server's, not this script's JSON.
    bodies = []
    for i in range(batches):
        prefix = len(f"batch {i} {run} ")
        items = []
        for _ in range(batch_size):
            w = rnd.randrange(0, 1990)
            start = prefix + 6 * w
            items.append({"layer": "claims", "label": "unsupported", "start": start, "end": start + 5,
                          "quote": words[w], "attributes": {"severity": 2}})
        bodies.append(json.dumps({"annotations": items}).encode())

    def post(i):
        return call("POST", f"/api/v1/assignments/{assignments[i]}/annotations/batch", bodies[i],
                    token=users[i]["token"])["created"]

    c0, t0 = cpu_seconds(), time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=clients) as pool:
        total = sum(pool.map(post, range(batches)))
    dt, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    print(f"batch: {batches} requests of {batch_size} annotations, {total} created in {dt:.2f} s wall "
          f"= {total / dt:,.0f} annotations/s ({clients} client{'s' if clients > 1 else ''}); {cpu} "
          f"= {total / cpu.total():,.0f} annotations per CPU-second")


if __name__ == "__main__":
    main()
