#!/usr/bin/env bash
# Interleaved CPU per operation of the churn programs (io.racewatch.bench.churn.ChurnMain), no agent
# and each jar, one fresh JVM per run, the order rotated each round; prints each run's figure.
# Usage: src/scripts/churn-pairs.sh BENCH_JAR maps|tasks ROUNDS a.jar,b.jar [agent options]
set -euo pipefail
bench=$1 op=$2 rounds=$3 jars=$4 more=${5:-}
IFS=, read -r -a configs <<< "none,$jars"
report=$(mktemp -d)
for ((r = 0; r < rounds; r++)); do
  for ((k = 0; k < ${#configs[@]}; k++)); do
    c=${configs[$(( (k + r) % ${#configs[@]} ))]}
    agent=()
    if [[ $c != none ]]; then
      agent=("-javaagent:$c=include=io.racewatch.bench.churn.*,mode=test,report=$report${more:+,$more}")
    fi
    out=$(java -Xms1g -Xmx1g -XX:+AlwaysPreTouch "${agent[@]}" -cp "$bench" io.racewatch.bench.churn.ChurnMain "$op" 5 2>/dev/null | grep '^OP ')
    echo "round $((r + 1)) $c: $out"
  done
done
rm -rf "$report"
