#!/usr/bin/env bash
# Same-run A/B of two running builds on one project: /agreement, ?ci=0.95 and the source report, called on each app
# in turn for ROUNDS rounds (so load drifts alike over both), then each app's medians and ratios to its /agreement.
# Usage: A_PORT=18161 B_PORT=18162 PROJECT=1 LAYER=stance ROUNDS=3 bench/agreement-rest/ab.sh
# Env: AB_CI=0 leaves out ?ci=0.95; SOURCES_QUERY is appended to the source report's URL (e.g. "?replicates=100").
# Both apps must run on the same database with CROSSCHECK_ADMIN_TOKEN=bench-admin-token.
set -euo pipefail
T="Authorization: Bearer bench-admin-token"
P=${PROJECT:-1}; L=${LAYER:-stance}; R=${ROUNDS:-3}
OUT=$(mktemp)
t() { curl -s -o /dev/null -w '%{time_total}' -H "$T" "http://localhost:$1/api/v1/projects/$2"; }
for _ in $(seq 1 "$R"); do
  for app in "A:${A_PORT:-18161}" "B:${B_PORT:-18162}"; do
    n=${app%%:*}; port=${app##*:}
    echo "$n agr $(t "$port" "$P/agreement?layer=$L")"
    [ "${AB_CI:-1}" = 1 ] && echo "$n ci $(t "$port" "$P/agreement?layer=$L&ci=0.95")"
    echo "$n src $(t "$port" "$P/sources/report${SOURCES_QUERY:-}")"
  done
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done > "$OUT"
med() { grep "^$1 $2 " "$OUT" | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for n in A B; do
  a=$(med $n agr); s=$(med $n src)
  ci=
  if [ "${AB_CI:-1}" = 1 ]; then c=$(med $n ci); ci="; ?ci=0.95 $c s ($(echo "scale=2; $c / $a" | bc)x)"; fi
  echo "$n: /agreement $a s$ci; source report $s s ($(echo "scale=2; $s / $a" | bc)x)"
done
rm -f "$OUT"
