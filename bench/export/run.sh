#!/usr/bin/env bash
# Export benchmark: 1,020,000 submitted annotations (10,000 articles × 3 annotators × 34), the service at -Xmx256m.
# For each format: start the packaged jar fresh, stream the export to /dev/null with curl, read the JVM's peak RSS
# (VmHWM), stop it. Per format: one warm-up export, then BENCH_REPS (3) pairs of COPY and export; medians.
# Then, in the same run, PostgreSQL's COPY (SELECT …) TO STDOUT of the same rows (the article
# and raw-annotation cursors the export reads), for the floor. Needs: a PostgreSQL at $PGHOST (default 127.0.0.1,
# user postgres), a packaged app (./mvnw package -DskipTests), curl, psql.
# Usage: bench/export/run.sh [formats...]   (default: jsonl csv webanno conll card)
# job-<format> (e.g. job-jsonl, job-csv): the export as a job (docs/jobs.md) — POST …/exports, ask for the job with
# ?wait=1 until done (a build without ?wait= is polled every 0.25 s), download the result (to /dev/null); timed from the POST to the last byte downloaded; each file's
# sha256 is checked against the job's by a second, untimed download. The last rep also downloads
# the file again in two halves (Range: first half, then curl -C - for the rest) and checks the sha256 against the ETag.
# BENCH_KEEP_DB=1 reuses an already filled bench database.
set -euo pipefail
cd "$(dirname "$0")/../.."
PGHOST=${PGHOST:-127.0.0.1}
PGUSER=${PGUSER:-postgres}
DB=${BENCH_DB:-cc_export_bench}
PORT=${BENCH_PORT:-18087}
HEAP=${BENCH_HEAP:--Xmx256m}
TOKEN=bench-admin-token
FORMATS=("$@")
[ ${#FORMATS[@]} -eq 0 ] && FORMATS=(jsonl csv webanno conll card)
export PGHOST PGUSER
JAR=${BENCH_JAR:-target/quarkus-app/quarkus-run.jar}   # another build for an A/B run (e.g. a copy of main's)
[ -f "$JAR" ] || { echo "build first: ./mvnw -B package -DskipTests" >&2; exit 1; }

APP_PID=
start_app() {
  DB_URL=jdbc:postgresql://$PGHOST:5432/$DB DB_USER=$PGUSER CROSSCHECK_ADMIN_TOKEN=$TOKEN CROSSCHECK_SEED=false \
    CROSSCHECK_JOB_DIR=$PWD/target/bench-export-jobs \
    QUARKUS_HTTP_PORT=$PORT java $HEAP -jar "$JAR" > "target/bench-export-app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/q/health/ready" > /dev/null && return 0
    sleep 0.5
  done
  echo "app did not start; see target/bench-export-app.log" >&2; exit 1
}
stop_app() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  APP_PID=
  rm -rf target/bench-export-jobs   # the job results of this run (kept 24 h otherwise)
}
trap stop_app EXIT

if [ "${BENCH_KEEP_DB:-}" != 1 ] || ! psql -qtAc "select 1" "$DB" > /dev/null 2>&1; then
  psql -q -c "drop database if exists $DB" -c "create database $DB" postgres
  start_app   # Flyway migrates the empty database
  PID=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"name":"bench-export","annotatorsPerItem":3,"layers":[
          {"name":"stance","scope":"document","measurement":"nominal","labels":["pro","neutral","anti"]},
          {"name":"claims","scope":"span","measurement":"nominal","labels":["unsupported","contradicted"],
           "attributes":[{"name":"severity","type":"int"}]}]}' \
    "http://127.0.0.1:$PORT/api/v1/projects" | sed -E 's/.*"id":([0-9]+).*/\1/')
  stop_app
  t0=$(date +%s.%N)
  psql -q -v pid="$PID" -f bench/export/fill.sql "$DB"
  echo "fill: $(echo "$(date +%s.%N) - $t0" | bc) s"
fi
PID=$(psql -qtAc "select id from project where name = 'bench-export'" "$DB")
ROWS=$(psql -qtAc "select count(*) from annotation where project_id = $PID" "$DB")
echo "project $PID, $ROWS annotations, heap $HEAP"

# The floor: COPY of the rows the export reads — the export's own two statements (ExportReader.read for jsonl, csv,
# webanno and conll with include=raw: articles with their escalation columns and the "has counted work" filter, and the
# raw annotations with annotator, layer and round), same joins, filters and order, the parameters inlined. Like the
# export, only webanno (W3C, the one format that writes it) selects an annotation's created_at; the others a null.
copy_run() {
  local t0 t1 created=null::timestamptz
  [[ "$1" == *webanno* ]] && created=an.created_at
  t0=$(date +%s.%N)
  psql -qc "copy (select ar.id, ar.title, ar.text, ar.url, ar.story_key, s.id, s.name, pi.escalations,
      (select item_escalation_reason(pi.escalations, pi.escalation_agreements, pi.capacity, pr.escalation_layer,
        pr.escalation_below, exists (select 1 from layer l where l.project_id = pr.id and l.name = pr.escalation_layer
        and l.scope = 'span')) from project pr where pr.id = pi.project_id)
      from project_item pi join article ar on ar.id = pi.article_id join source s on s.id = ar.source_id
      where pi.project_id = $PID and exists (select 1 from assignment x where x.item_id = pi.id
        and work_counts(x.status, x.round, 1))
      order by ar.id) to stdout" "$DB" > /dev/null
  psql -qc "copy (select a.article_id, u.username, a.id, a.imported, an.id, an.layer_id, an.label, an.start_offset,
      an.end_offset, an.quote, an.attributes::text, $created, a.round from assignment a
      join project_item pi on pi.id = a.item_id join article ar on ar.id = a.article_id
      join app_user u on u.id = a.annotator_id
      left join (annotation an join layer l on l.id = an.layer_id) on an.assignment_id = a.id
      where work_counts(a.status, a.round, 1) and pi.project_id = $PID
      order by a.article_id, u.username, a.id, l.position, an.start_offset nulls first, an.end_offset, an.label, an.id)
      to stdout" "$DB" > /dev/null
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# One export job: POST, poll, download. Prints "<http code> <seconds> <bytes>" (stdout); details on stderr.
job_run() {
  local fmt=$1 rep=$2 base="http://127.0.0.1:$PORT/api/v1" t0 t1 job state seen=() last= body code bytes sha
  t0=$(date +%s.%N)
  job=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"format":"'"$fmt"'","include":"raw"}' "$base/projects/$PID/exports" | sed -E 's/.*"jobId":([0-9]+).*/\1/')
  while :; do
    # ?wait=1 (docs/jobs.md): the answer comes when the job ends, or after a second with its progress. A build without
    # it answers at once; then the loop polls every 0.25 s as before.
    local asked=$EPOCHREALTIME
    body=$(curl -sf -H "Authorization: Bearer $TOKEN" "$base/jobs/$job?wait=1")
    state=$(sed -E 's/.*"state":"([a-z]+)".*/\1/' <<< "$body")
    done_=$(sed -E 's/.*"done":([0-9]+).*/\1/' <<< "$body")
    [ "$state" = running ] && [ "$done_" != "$last" ] && { seen+=("$done_"); last=$done_; }
    [ "$state" = done ] && break
    [ "$state" = failed ] && { echo "job $job failed: $body" >&2; echo "500 0 0"; return; }
    [ "$(echo "$EPOCHREALTIME - $asked < 0.2" | bc)" = 1 ] && sleep 0.25
  done
  # Timed: the download to /dev/null, like the streamed export and COPY's output (what the client does with the bytes
  # is not the service's time). Untimed, after it: the file downloaded again through sha256sum against the job's sha256.
  read -r code bytes <<< "$(curl -s -o /dev/null -w '%{http_code} %{size_download}' \
    -H "Authorization: Bearer $TOKEN" "$base/jobs/$job/result")"
  t1=$(date +%s.%N)
  sha=$(sed -E 's/.*"sha256":"([0-9a-f]+)".*/\1/' <<< "$body")
  echo "  job-$fmt rep $rep: job $job, ${#seen[@]} distinct progress values seen while running (of $(sed -E 's/.*"total":([0-9]+).*/\1/' <<< "$body") articles), run $(sed -E 's/.*"startedAt":"([^"]+)".*"finishedAt":"([^"]+)".*/\1 → \2/' <<< "$body")" >&2
  [ "$(curl -s -H "Authorization: Bearer $TOKEN" "$base/jobs/$job/result" | sha256sum | cut -d' ' -f1)" = "$sha" ] \
    || { echo "job $job: sha256 differs" >&2; code=500; }
  if [ "$rep" = "$REPS" ]; then
    local half=$((bytes / 2))
    curl -s -r "0-$((half - 1))" -o target/bench-export-job.part -H "Authorization: Bearer $TOKEN" "$base/jobs/$job/result"
    curl -s -C - -o target/bench-export-job.part -H "Authorization: Bearer $TOKEN" "$base/jobs/$job/result"
    if [ "$(sha256sum < target/bench-export-job.part | cut -d' ' -f1)" = "$sha" ]; then
      echo "  job-$fmt: download resumed at byte $half of $bytes; the joined file's sha256 equals the ETag" >&2
    else
      echo "  job-$fmt: resumed download differs" >&2; code=500
    fi
    rm -f target/bench-export-job.part
  fi
  echo "$code $(echo "$t1 - $t0" | bc) $bytes"
}
REPS=${BENCH_REPS:-3}
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %10s %12s %14s %12s %10s %8s\n' format seconds MB annotations/s COPY_s ratio peakRSS_MB
for f in "${FORMATS[@]}"; do
  start_app
  times=(); copies=()
  # one warm-up export (JIT), then REPS pairs of (COPY, export) side by side; medians reported
  for rep in $(seq 0 "$REPS"); do
    [ "$rep" -gt 0 ] && copies+=("$(copy_run "$f")")
    if [[ "$f" == job-* ]]; then
      out=$(job_run "${f#job-}" "$rep")
      read -r code secs bytes <<< "$out"
      if [ "$code" != 200 ] || grep -q OutOfMemoryError target/bench-export-app.log; then
        echo "$f: FAILED (HTTP $code), see target/bench-export-app.log" >&2; exit 1
      fi
      [ "$rep" -gt 0 ] && times+=("$secs")
      continue
    fi
    url="http://127.0.0.1:$PORT/api/v1/projects/$PID/export?format=$f&include=raw"
    # "card": the dataset card of the JSONL export (streams the export through SHA-256 and builds the span arrays)
    [ "$f" = card ] && url="http://127.0.0.1:$PORT/api/v1/projects/$PID/export/card?format=jsonl&include=raw"
    sink=/dev/null
    [ "$f" = card ] && sink=target/bench-export-card.json
    out=$(curl -s -o "$sink" -w '%{http_code} %{time_total} %{size_download}' \
      -H "Authorization: Bearer $TOKEN" "$url")
    [ "$f" = card ] && [ "$rep" = "$REPS" ] && { cat "$sink"; echo; }
    read -r code secs bytes <<< "$out"
    if [ "$code" != 200 ] || grep -q OutOfMemoryError target/bench-export-app.log; then
      echo "$f: FAILED (HTTP $code), see target/bench-export-app.log" >&2; exit 1
    fi
    [ "$rep" -gt 0 ] && times+=("$secs")
  done
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$APP_PID/status")
  stop_app
  secs=$(printf '%s\n' "${times[@]}" | median)
  copy_s=$(printf '%s\n' "${copies[@]}" | median)
  printf '%-8s %10.2f %12.1f %14.0f %12.2f %10.2f %8.0f\n' "$f" "$secs" "$(echo "$bytes / 1048576" | bc -l)" \
    "$(echo "$ROWS / $secs" | bc -l)" "$copy_s" "$(echo "$copy_s / $secs" | bc -l)" "$(echo "$hwm / 1024" | bc -l)"
done
echo "ratio = COPY seconds / export seconds (1.0 = as fast as COPY; goal (#12.8): jsonl, csv >= 0.8, the others >= 0.6)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
