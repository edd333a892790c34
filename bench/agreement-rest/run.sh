#!/usr/bin/env bash
# Times GET /api/v1/projects/{id}/agreement on a document-layer project of ~1,000,000 annotations and a span-layer
# project of ~1,000,000 spans, filled straight into PostgreSQL by fill-document.sql / fill-span.sql.
# Usage (from anywhere): bench/agreement-rest/run.sh
# Env: DOC_ID and SPAN_ID reuse projects filled by an earlier KEEP=1 run; BENCH_DB (default cc_agreement), PGHOST (127.0.0.1), PGUSER (postgres), BENCH_PORT (18090), CALLS (5),
#      DOC_ITEMS (222222), SPAN_DOCS (10000), KEEP=1 keeps the bench projects afterwards,
#      REVIEW=1 also times the review and source-report endpoints (default 1,000 replicates; REVIEW_FULL=1 adds both
#      source reports at 100 replicates), CI_CALLS calls of each ?ci=0.95 request (default CALLS for the document
#      layer, 1 for the span layer), and prints each one's ratio to /agreement on the same project in the same run;
#      it first rebuilds the stored review figures of the filled projects (POST .../item-figures/rebuild) and checks
#      that one item's report is flat: the same report on a FLAT_ITEMS (1000) item project filled in the same run,
#      and the ratio of the two;
#      the annotators page on both projects, and the service's resident memory (now and its peak) at the end;
#      AGREEMENT_CI=0 skips the ?ci=0.95 timings, REVIEW_SOURCES=0 the source reports (minutes on a loaded machine);
#      BENCH_JAVA_OPTS (e.g. -Xmx512m) is passed to the service's JVM, BENCH_APP_DIR names the built app to run.
set -euo pipefail
cd "$(dirname "$0")/../.."
DB=${BENCH_DB:-cc_agreement}
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
PORT=${BENCH_PORT:-18090}
CALLS=${CALLS:-5}
TOKEN=bench-admin-token
psql_q() { psql -d "$DB" -qAt "$@"; }

# BENCH_APP_DIR: a copy of target/quarkus-app to run (so that a rebuild meanwhile cannot change the running service).
APP_DIR=${BENCH_APP_DIR:-target/quarkus-app}
[ -f "$APP_DIR/quarkus-run.jar" ] || ./mvnw -B -q package -DskipTests

# Migrate the schema by starting the app once before filling (a fresh database has no tables).
DB_URL="jdbc:postgresql://$PGHOST:5432/$DB" DB_USER=$PGUSER CROSSCHECK_ADMIN_TOKEN=$TOKEN CROSSCHECK_SEED=false \
  QUARKUS_HTTP_PORT=$PORT java ${BENCH_JAVA_OPTS:-} -jar "$APP_DIR/quarkus-run.jar" > target/bench-agreement-app.log 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://localhost:$PORT/q/health/ready" > /dev/null && break
  sleep 1
done

stamp=$(date +%s)
if [ -n "${DOC_ID:-}" ] && [ -n "${SPAN_ID:-}" ]; then
  echo "reusing projects $DOC_ID (document) and $SPAN_ID (span)"
else
t0=$(date +%s.%N)
DOC=$(psql_q -v items="${DOC_ITEMS:-222222}" -v k=5 -v pool=20 -v name="bench-doc-$stamp" \
  -f bench/agreement-rest/fill-document.sql | tail -1)
t1=$(date +%s.%N)
SPAN=$(psql_q -v docs="${SPAN_DOCS:-10000}" -v k=3 -v pool=6 -v spans=33 -v name="bench-span-$stamp" \
  -f bench/agreement-rest/fill-span.sql | tail -1)
t2=$(date +%s.%N)
DOC_ID=${DOC%%|*}; SPAN_ID=${SPAN%%|*}
echo "document project $DOC_ID: ${DOC##*|} annotations (filled in $(echo "$t1 - $t0" | bc) s)"
echo "span project $SPAN_ID: ${SPAN##*|} spans (filled in $(echo "$t2 - $t1" | bc) s)"
fi

MEDIAN=
time_calls() { # url label [reference seconds: print the ratio to it]
  local url=$1 label=$2 ref=${3:-} first times ratio=
  first=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "$url")
  times=$(for _ in $(seq 1 "$CALLS"); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$url"; done | sort -n)
  MEDIAN=$(echo "$times" | sed -n "$(( (CALLS + 1) / 2 ))p")
  [ -n "$ref" ] && ratio="; $(echo "scale=3; $MEDIAN / $ref" | bc)x /agreement"
  echo "$label: first call ${first} s; median of $CALLS: $MEDIAN s" \
       "(min $(echo "$times" | head -1), max $(echo "$times" | tail -1))$ratio"
}
base="http://localhost:$PORT/api/v1/projects"
curl -s -o target/bench-doc.json -H "Authorization: Bearer $TOKEN" "$base/$DOC_ID/agreement?layer=stance"
head -c 400 target/bench-doc.json; echo
time_calls "$base/$DOC_ID/agreement?layer=stance" "document, 1M annotations"
DOC_REF=$MEDIAN
[ "${AGREEMENT_CI:-1}" = 1 ] && CALLS=${CI_CALLS:-$CALLS} time_calls "$base/$DOC_ID/agreement?layer=stance&ci=0.95" "document + 95% CI (1000 replicates)" "$DOC_REF"
curl -s -o target/bench-span.json -H "Authorization: Bearer $TOKEN" "$base/$SPAN_ID/agreement?layer=claims"
head -c 400 target/bench-span.json; echo
time_calls "$base/$SPAN_ID/agreement?layer=claims" "span, ~1M spans"
SPAN_REF=$MEDIAN
[ "${AGREEMENT_CI:-1}" = 1 ] && CALLS=${CI_CALLS:-1} time_calls "$base/$SPAN_ID/agreement?layer=claims&ci=0.95" "span + 95% CI (1000 replicates)" "$SPAN_REF"

# REVIEW=1: the supervisor endpoints on the same two projects (docs/review.md, "Cost"). They hold the whole project in
# memory and bootstrap per source, so they take seconds, and the span source report minutes with 1,000 replicates.
if [ "${REVIEW:-0}" = 1 ]; then
  # The review pages read stored per-item figures (docs/review.md, "Stored figures"); the fills above wrote straight
  # into the tables, so the figures are rebuilt first (what the first review read would do), and timed.
  rebuild() { # project label
    local t
    t=$(curl -s -o /dev/null -w '%{time_total}' -X POST -H "Authorization: Bearer $TOKEN" "$base/$1/item-figures/rebuild")
    echo "item figures rebuilt, $2: $t s"
  }
  rebuild "$DOC_ID" "document project"
  rebuild "$SPAN_ID" "span project"
  DOC_ITEM=$(psql_q -c "select article_id from project_item where project_id = $DOC_ID order by position limit 1")
  SPAN_ITEM=$(psql_q -c "select article_id from project_item where project_id = $SPAN_ID order by position limit 1")
  RC=${REVIEW_CALLS:-1}
  CALLS=$RC time_calls "$base/$DOC_ID/items/$DOC_ITEM/disagreements" "one item's disagreement report, document project" "$DOC_REF"
  BIG_REPORT=$MEDIAN
  # Flatness: the same report on a document project of FLAT_ITEMS (1,000) items, filled and rebuilt here, same run.
  SMALL=$(psql_q -v items="${FLAT_ITEMS:-1000}" -v k=5 -v pool=20 -v name="bench-doc-small-$stamp" \
    -f bench/agreement-rest/fill-document.sql | tail -1)
  SMALL_ID=${SMALL%%|*}
  rebuild "$SMALL_ID" "${FLAT_ITEMS:-1000}-item document project"
  SMALL_ITEM=$(psql_q -c "select article_id from project_item where project_id = $SMALL_ID order by position limit 1")
  # alternating calls, so that the machine's load drifts alike over both (FLAT_CALLS each, default 9)
  FC=${FLAT_CALLS:-9}
  pair_times=$(for _ in $(seq 1 "$FC"); do
    printf '%s ' "$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" \
      "$base/$SMALL_ID/items/$SMALL_ITEM/disagreements")"
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$base/$DOC_ID/items/$DOC_ITEM/disagreements"
  done)
  SMALL_REPORT=$(echo "$pair_times" | awk '{print $1}' | sort -n | sed -n "$(( (FC + 1) / 2 ))p")
  BIG_REPORT=$(echo "$pair_times" | awk '{print $2}' | sort -n | sed -n "$(( (FC + 1) / 2 ))p")
  echo "one item's disagreement report, ${FLAT_ITEMS:-1000}-item document project: median of $FC: $SMALL_REPORT s"
  echo "one item's disagreement report, document project (alternating with it): median of $FC: $BIG_REPORT s;" \
       "$(echo "scale=3; $BIG_REPORT / $DOC_REF" | bc)x /agreement"
  echo "flatness: one item's report, large / ${FLAT_ITEMS:-1000}-item project: $(echo "scale=2; $BIG_REPORT / $SMALL_REPORT" | bc)x"
  psql_q -c "delete from project where id = $SMALL_ID" -c "delete from article where story_key = 'bench-$SMALL_ID'"
  CALLS=$RC time_calls "$base/$SPAN_ID/items/$SPAN_ITEM/disagreements" "one item's disagreement report, span project" "$SPAN_REF"
  CALLS=$RC time_calls "$base/$DOC_ID/review-queue?layer=stance&size=20" "review-queue, document project" "$DOC_REF"
  CALLS=$RC time_calls "$base/$SPAN_ID/review-queue?layer=claims&size=20" "review-queue, span project" "$SPAN_REF"
  CALLS=$RC time_calls "$base/$DOC_ID/review-queue?size=20&page=500" "review-queue, document project, page 500, all layers" "$DOC_REF"
  CALLS=$RC time_calls "$base/$DOC_ID/review-queue?layer=stance&maxAgreement=0.5&size=20" "review-queue, document project, maxAgreement=0.5" "$DOC_REF"
  CALLS=$RC time_calls "$base/$DOC_ID/annotators?size=5" "annotators, document project" "$DOC_REF"
  CALLS=$RC time_calls "$base/$SPAN_ID/annotators?size=5" "annotators, span project" "$SPAN_REF"
  if [ "${REVIEW_SOURCES:-1}" = 1 ]; then
    CALLS=$RC time_calls "$base/$DOC_ID/sources/report" "source report, document project (1,000 replicates)" "$DOC_REF"
    CALLS=$RC time_calls "$base/$SPAN_ID/sources/report" "source report, span project (1,000 replicates)" "$SPAN_REF"
    if [ "${REVIEW_FULL:-0}" = 1 ]; then
      CALLS=1 time_calls "$base/$DOC_ID/sources/report?replicates=100" "source report, document project (100 replicates)" "$DOC_REF"
      CALLS=1 time_calls "$base/$SPAN_ID/sources/report?replicates=100" "source report, span project (100 replicates)" "$SPAN_REF"
    fi
  fi
fi
# The memory target (#13: resident under 900 MB at -Xmx512m): now, and the peak over the whole run (VmHWM).
echo "app resident memory: $(( $(ps -o rss= -p "$APP") / 1024 )) MB now," \
     "peak $(( $(awk '/^VmHWM/ {print $2}' "/proc/$APP/status") / 1024 )) MB"

if [ "${KEEP:-0}" != 1 ]; then
  psql_q -c "delete from project where id in ($DOC_ID, $SPAN_ID)" \
         -c "delete from article where story_key in ('bench-$DOC_ID', 'bench-$SPAN_ID')"
fi
