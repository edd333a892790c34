#!/usr/bin/env bash
# Same-run A/B of two running builds on one project: /agreement and, after it, each endpoint of ENDPOINTS, called on
# each app in turn for ROUNDS rounds (so load drifts alike over both), then each app's medians and ratios to its
# /agreement. ENDPOINTS (default "ci src"): ci = ?ci=0.95, src = the source report, annot = the annotators page.
# Usage: A_PORT=18161 B_PORT=18162 PROJECT=1 LAYER=stance ROUNDS=3 bench/agreement-rest/ab.sh
#        ENDPOINTS=annot A_PORT=18110 B_PORT=18111 PROJECT=1 LAYER=stance ROUNDS=5 bench/agreement-rest/ab.sh
# Env: SOURCES_QUERY is appended to the source report's URL (e.g. "?replicates=100"); ENDPOINTS=src leaves out ?ci.
# Both apps must run on the same database with CROSSCHECK_ADMIN_TOKEN=bench-admin-token.
set -euo pipefail
T="Authorization: Bearer bench-admin-token"
P=${PROJECT:-1}; L=${LAYER:-stance}; R=${ROUNDS:-3}; E=${ENDPOINTS:-ci src}
OUT=$(mktemp)
t() { curl -s -o /dev/null -w '%{time_total}' -H "$T" "http://localhost:$1/api/v1/projects/$2"; }
path() {
  case $1 in
    ci) echo "$P/agreement?layer=$L&ci=0.95" ;;
    src) echo "$P/sources/report${SOURCES_QUERY:-}" ;;
    annot) echo "$P/annotators?size=5" ;;
    *) echo "unknown endpoint $1 (ci, src, annot)" >&2; exit 2 ;;
  esac
}
for _ in $(seq 1 "$R"); do
  for app in "A:${A_PORT:-18161}" "B:${B_PORT:-18162}"; do
    n=${app%%:*}; port=${app##*:}
    echo "$n agr $(t "$port" "$P/agreement?layer=$L")"
    for e in $E; do
      echo "$n $e $(t "$port" "$(path "$e")")"
    done
  done
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done > "$OUT"
med() { grep "^$1 $2 " "$OUT" | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for n in A B; do
  a=$(med $n agr)
  line="$n: /agreement $a s"
  for e in $E; do
    m=$(med $n "$e")
    line="$line; $e $m s ($(echo "scale=2; $m / $a" | bc)x)"
  done
  echo "$line"
done
rm -f "$OUT"
