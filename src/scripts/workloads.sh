#!/usr/bin/env bash
# The real-library workload suite: each workload in fresh JVMs without the agent, with mode=test
# and mode=staging, each with include=* and with its own package, interleaved; prints medians
# and ratios (a Markdown table, also in benchmarks/target/workloads/table.md).
# Build first: mvn -B -q package -DskipTests
# Usage: src/scripts/workloads.sh [--quick] [--reps 3] [--only h2,cache,http,forkjoin,reactive,trivial,classes]
#                                 [--configs none,test/*,test/own,staging/*,staging/own] [--jfr DIR]
#                                 [--agent before.jar,after.jar]   (each agent configuration once per jar, interleaved)
#                                 [--rounds 10 --steady 4]         (rounds per JVM, the last ones steady state)
set -euo pipefail
cd "$(dirname "$0")/../.."
exec java -cp benchmarks/target/racewatch-benchmarks.jar io.racewatch.bench.workloads.Suite \
  --agent agent/target/racewatch-agent.jar "$@"
