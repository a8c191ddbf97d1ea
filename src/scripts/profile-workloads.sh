#!/usr/bin/env bash
# Where the agent's time goes: runs each workload once under the agent (include=*, mode=test and
# mode=staging) with Flight Recorder, then prints per recording the share of CPU samples in the
# transformer and in the probes, and the top racewatch frames.
# Build first: mvn -B -q package -DskipTests
# Usage: src/scripts/profile-workloads.sh [out-dir] [workloads, e.g. h2,cache]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-benchmarks/target/profiles}
only=${2:-h2,cache,http,forkjoin,reactive,classes}
jar=benchmarks/target/racewatch-benchmarks.jar
java -cp "$jar" io.racewatch.bench.workloads.Suite --agent agent/target/racewatch-agent.jar \
  --reps 1 --configs 'test/*,staging/*' --only "$only" --jfr "$out" --out "$out"
for f in "$out"/*.jfr; do
  java -cp "$jar" io.racewatch.bench.workloads.JfrTop "$f" 10
  echo
done
