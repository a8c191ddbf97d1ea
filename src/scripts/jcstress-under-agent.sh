#!/usr/bin/env bash
# Runs jcstress samples (jcstress-core and jcstress-samples from Maven Central) without racewatch
# and under it, alternating, and prints for each run the samples a second jcstress measured and,
# under the agent, the findings of every forked JVM, test by test. jcstress forks a JVM per test
# configuration; racewatch goes into each fork through -jvmArgsPrepend.
#
#   src/scripts/jcstress-under-agent.sh [TEST_REGEX] [jcstress options...]
#   e.g. src/scripts/jcstress-under-agent.sh ConcurrencySample_02 -m quick -f 1
#        src/scripts/jcstress-under-agent.sh BrokenMultimap -time 3000 -iters 3 -f 1 -jvmArgs -Xmx256m
# Env: WORK (default /tmp/racewatch-jcstress), AGENT (default agent/target/racewatch-agent.jar),
#      JCSTRESS (version of both artifacts, default 0.11: the last samples jar on Maven Central),
#      INCLUDE (racewatch's include, default org.openjdk.jcstress.samples.*: the samples and the
#      harness jcstress generates beside them), REPS (pairs of runs, default 1).
# The samples' own verdicts (ACCEPTABLE_INTERESTING for the broken ones) are jcstress's; what this
# checks is that racewatch reports the broken samples and stays silent on the correct ones.
set -euo pipefail

regex=${1:-ConcurrencySample_02}; shift || true
opts=("$@"); [ ${#opts[@]} -gt 0 ] || opts=(-m quick -f 1)
root=$(cd "$(dirname "$0")/../.." && pwd)
agent=$(readlink -m "${AGENT:-$root/agent/target/racewatch-agent.jar}")
work=${WORK:-/tmp/racewatch-jcstress}; mkdir -p "$work"; work=$(cd "$work" && pwd)
version=${JCSTRESS:-0.11}
include=${INCLUDE:-org.openjdk.jcstress.samples.*}

if [ ! -d "$work/lib-$version" ]; then
  cat > "$work/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>racewatch.jcstress</groupId><artifactId>fetch</artifactId><version>1</version>
<dependencies>
<dependency><groupId>org.openjdk.jcstress</groupId><artifactId>jcstress-core</artifactId><version>$version</version></dependency>
<dependency><groupId>org.openjdk.jcstress</groupId><artifactId>jcstress-samples</artifactId><version>$version</version></dependency>
</dependencies></project>
EOF
  mvn -B -ntp -q -f "$work/pom.xml" dependency:copy-dependencies -DoutputDirectory="$work/lib-$version" -DincludeScope=runtime
fi

run() { # label, then jcstress's extra arguments
  local label=$1; shift
  local dir=$work/$label; rm -rf "$dir"; mkdir -p "$dir"
  (cd "$dir" && /usr/bin/time -f "%e s wall, %U s user, %S s sys" -o time.txt \
    java -cp "$work/lib-$version/*" org.openjdk.jcstress.Main -t "$regex" "${opts[@]}" -r "$dir/results" "$@" > out.txt 2>&1) || true
  echo "== $label: $(cat "$dir/time.txt" | tail -1)"
  echo "   samples/s: $(grep -o 'Sample Rate: [^)]*' "$dir/out.txt" | sed 's/Sample Rate: //' | tr '\n' ' ')"
}

for rep in $(seq 1 "${REPS:-1}"); do
  run "plain-$rep"
  run "agent-$rep" -jvmArgsPrepend "-javaagent:$agent=include=$include,report=$work/agent-$rep/racewatch"
  # Each fork's output (racewatch's summary line among it) is in the test's page of jcstress's report.
  for page in "$work/agent-$rep/results/"*.html; do
    test=$(basename "$page" .html); [ "$test" = index ] && continue
    echo "   ${test##*.}: $(grep -o 'racewatch: [0-9]* finding[^<;]*' "$page" | sort | uniq -c | sed 's/^ *//' | tr '\n' ';')"
  done
done
