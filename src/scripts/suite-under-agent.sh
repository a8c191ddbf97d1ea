#!/usr/bin/env bash
# Runs a library's own test suite (its "-tests" jar from Maven Central, or its "-test-sources" jar
# compiled here when it publishes no "-tests" jar) with the JUnit Platform
# console launcher, once without racewatch and once under it with include=*, and prints both
# summaries and racewatch's findings. Artifacts come through Maven (nothing is installed).
#
#   src/scripts/suite-under-agent.sh GROUP:ARTIFACT:VERSION [launcher selectors...]
#   e.g. src/scripts/suite-under-agent.sh org.apache.commons:commons-lang3:3.20.0 \
#          --select-package=org.apache.commons.lang3.concurrent
# Without selectors every test class of the jar runs (--scan-class-path on the tests jar).
# The launcher runs only classes its default name pattern matches (Test*, *Test, *Tests): pass
# --include-classname='.*(Test|TestCase)$' for suites named otherwise (Undertow's *TestCase ran 14 of
# 477 tests without it; JCTools' QueueSanityTestMpscArray and the like, '.*Test.*').
# Env: WORK (default /tmp/racewatch-suites), AGENT (default agent/target/racewatch-agent.jar),
#      MODES ("plain agent" by default, "none" to only fetch), AGENT_OPTIONS (extra agent options, comma-separated),
#      JUNIT_CONSOLE (junit-platform-console-standalone version, default 1.14.1),
#      TIMEOUT (seconds per run, default 3600), JVM_OPTIONS (for both runs, e.g. -Xmx512m),
#      EXTRA_DEPS ("g:a:v[:classifier] ..." test dependencies a published pom does not name: a Gradle
#      build's pom lists none), TEST_SOURCES (a jar of test sources to compile, for a library that
#      publishes neither: made from its repository at the release's tag), REUSE=1 (keep what an earlier call fetched and compiled), FORK=class (each test class in a
#      JVM of its own and a working directory of its own, for suites built with reuseForks=false;
#      selectors then only --select-package; CLASSES, the regex naming test classes).
# When a plain and an agent run are both under WORK (this call's, or an earlier call's with
# REUSE=1), it then prints, test by test, every outcome that differs and the slowest tests under
# the agent beside their plain time (src/scripts/suite-compare.py, usable on its own too).
# Suites that fill the heap on purpose (commons-pool2's TestSoftRefOutOfMemory calls System.gc()
# once per MB until the heap is full) take time that grows with the heap: set -Xmx in JVM_OPTIONS.
set -euo pipefail

coords=$1; shift
IFS=: read -r group artifact version <<<"$coords"
root=$(cd "$(dirname "$0")/../.." && pwd)
agent=$(readlink -m "${AGENT:-$root/agent/target/racewatch-agent.jar}") # absolute: the runs start elsewhere (-m: MODES=none needs no jar built yet)
work=${WORK:-/tmp/racewatch-suites}/$artifact-$version
mkdir -p "$work"; work=$(cd "$work" && pwd) # absolute: each run starts in a directory of its own
console=${JUNIT_CONSOLE:-1.14.1}

launcher=$work/junit-platform-console-standalone-$console.jar
if [ -z "${REUSE:-}" ] || [ ! -f "$work/classpath.txt" ]; then
# 1. The library's pom, effective (versions from its parents), to learn its test dependencies.
mvn -B -ntp -q dependency:get -Dartifact="$group:$artifact:$version:pom" -Dtransitive=false
pom=$HOME/.m2/repository/${group//.//}/$artifact/$version/$artifact-$version.pom
mvn -B -ntp -q -f "$pom" help:effective-pom -Doutput="$work/effective-pom.xml" >/dev/null

# Compiled tests, or only their sources?
if [ -n "${TEST_SOURCES:-}" ]; then
  tests=test-sources # a jar of the test sources made here (from the project's repository, at the release's tag)
elif mvn -B -ntp -q dependency:get -Dartifact="$group:$artifact:$version:jar:tests" -Dtransitive=false >/dev/null 2>&1; then
  tests=tests
elif mvn -B -ntp -q dependency:get -Dartifact="$group:$artifact:$version:jar:test" -Dtransitive=false >/dev/null 2>&1; then
  tests=test # Gradle builds (Kafka) publish theirs as "-test"
else
  tests=test-sources
fi

# 2. A throwaway project depending on the jar, its tests jar, its test dependencies (JUnit's
#    own left out: the console launcher brings the platform and the engines) and the launcher.
python3 - "$work/effective-pom.xml" "$work/pom.xml" "$group" "$artifact" "$version" "$console" "$tests" "${EXTRA_DEPS:-}" "${TEST_SOURCES:-}" <<'PY'
import sys, xml.etree.ElementTree as ET
src, out, g, a, v, console, tests, extra, extra_src = sys.argv[1:]
ns = {'m': 'http://maven.apache.org/POM/4.0.0'}
tree = ET.parse(src)
deps = []
for d in tree.getroot().findall('m:dependencies/m:dependency', ns):
    get = lambda t: (d.find('m:' + t, ns).text if d.find('m:' + t, ns) is not None else '')
    if get('groupId').startswith('org.junit') or get('type') in ('pom',):
        continue
    # A "test-jar" dependency (another module's test helpers) is the jar with the "tests" classifier.
    classifier = get('classifier') or ('tests' if get('type') == 'test-jar' else '')
    deps.append((get('groupId'), get('artifactId'), get('version'), classifier, get('optional')))
def dep(gr, ar, ve, cl=''):
    c = f'<classifier>{cl}</classifier>' if cl else ''
    return f'<dependency><groupId>{gr}</groupId><artifactId>{ar}</artifactId><version>{ve}</version>{c}</dependency>'
body = [dep(g, a, v)] + ([] if tests == 'test-sources' and extra_src else [dep(g, a, v, tests)]) + [dep('org.junit.platform', 'junit-platform-console-standalone', console)]
body += [dep(gr, ar, ve, cl) for gr, ar, ve, cl, opt in deps if (gr, ar) != (g, a)]
body += [dep(*x.split(':')) for x in extra.split()]
open(out, 'w').write(f'''<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local.racewatch</groupId><artifactId>suite-{a}</artifactId><version>1</version>
<dependencies>{''.join(body)}</dependencies></project>''')
PY
rm -rf "$work/lib"
mvn -B -ntp -q -f "$work/pom.xml" dependency:copy-dependencies -DoutputDirectory="$work/lib" -DexcludeGroupIds=org.junit.jupiter,org.junit.vintage,org.junit.platform -DincludeScope=test
mvn -B -ntp -q -f "$work/pom.xml" dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$console" -DoutputDirectory="$work"
rm -f "$work/lib/junit-platform-console-standalone-"*.jar
if [ "$tests" = test-sources ]; then
  # compile the tests against the library, its test dependencies and the launcher (JUnit's API)
  src=$work/test-src; classes=$work/test-classes
  rm -rf "$src" "$classes"; mkdir -p "$src" "$classes"
  (cd "$src" && unzip -q "${TEST_SOURCES:-$work/lib/$artifact-$version-test-sources.jar}")
  rm -f "$work/lib/$artifact-$version-test-sources.jar"
  javac -nowarn -proc:none -d "$classes" -cp "$(ls "$work"/lib/*.jar | tr '\n' ':')$launcher" $(find "$src" -name '*.java') 2>"$work/javac.txt" || { cat "$work/javac.txt"; exit 1; }
  (cd "$src" && find . -type f ! -name '*.java' -exec cp --parents {} "$classes" \;)
  testsjar=$classes
  cp=$classes:$(ls "$work"/lib/*.jar | tr '\n' ':')
else
  testsjar=$work/lib/$artifact-$version-$tests.jar
  cp=$(ls "$work"/lib/*.jar | tr '\n' ':')
fi
echo "$cp" >"$work/classpath.txt"
echo "$testsjar" >"$work/testsjar.txt"
fi
cp=$(cat "$work/classpath.txt")
testsjar=$(cat "$work/testsjar.txt")
selectors=("$@")
[ ${#selectors[@]} -gt 0 ] || selectors=(--scan-class-path="$testsjar")

# The test classes a FORK=class run starts one by one: those of the tests jar (or compiled
# sources) in the packages selected with --select-package (all of them without), top-level only.
test_classes() {
  local prefixes=() a
  for a in "${selectors[@]}"; do
    case $a in --select-package=*) prefixes+=("${a#--select-package=}");; --scan-class-path=*) ;;
      *) echo "FORK=class takes only --select-package selectors, not $a" >&2; exit 2;; esac
  done
  if [ -d "$testsjar" ]; then (cd "$testsjar" && find . -name '*.class' | sed 's#^\./##'); else unzip -Z1 "$testsjar"; fi |
    grep -E '\.class$' | grep -v '\$' | sed 's/\.class$//; s#/#.#g' | grep -E "${CLASSES:-(Test|Tests|TestCase|IT)$}" |
    while read -r c; do
      if [ ${#prefixes[@]} -eq 0 ]; then echo "$c"; continue; fi
      for p in "${prefixes[@]}"; do [ "${c%.*}" != "$p" ] || echo "$c"; done
    done | sort
}

# One launcher JVM in DIR/cwd (a fresh working directory with the resources laid out), its
# console in DIR, its JUnit reports in DIR/junit and, under the agent, its findings in DIR/racewatch.
run_launcher() {
  local dir=$1; shift
  # shellcheck disable=SC2206
  local jvm=(java -Xshare:auto ${JVM_OPTIONS:-})
  if [ "$mode" = agent ]; then
    jvm+=("-javaagent:$agent=include=*,report=$dir/racewatch${AGENT_OPTIONS:+,$AGENT_OPTIONS}")
  fi
  # Suites write files relative to their working directory (target/..., reading src/test/resources):
  # each run gets a fresh one, so that what the first run leaves cannot change the second's outcome.
  # Suites read their test resources relative to the project (src/test/resources/...): lay them
  # there from the tests jar (or the compiled sources), where Maven put them on the class path.
  mkdir -p "$dir/cwd/src/test/resources"
  if [ -d "$testsjar" ]; then
    (cd "$testsjar" && find . -type f ! -name '*.class' -exec cp --parents {} "$dir/cwd/src/test/resources" \;)
  else
    unzip -q -o "$testsjar" -x '*.class' 'META-INF/*' -d "$dir/cwd/src/test/resources" 2>/dev/null || true
  fi
  set +e
  (cd "$dir/cwd" && exec timeout "${TIMEOUT:-3600}" "${jvm[@]}" -jar "$launcher" execute --disable-banner --details=summary \
    --details-theme=ascii --class-path="$cp" --reports-dir="$dir/junit" "$@" >"$dir/console.txt" 2>"$dir/stderr.txt")
  local rc=$?
  set -e
  return $rc
}

# 3. The suite, without and with the agent, one after the other. FORK=class starts a JVM per test
#    class (TIMEOUT then applies to each), as suites whose build forks one per class need (log4j-core:
#    its classes set the context selector or configuration file in static initialisers, once per JVM).
for mode in ${MODES:-plain agent}; do
  [ "$mode" != none ] || continue # MODES=none: fetch and compile only
  out=$work/$mode; rm -rf "$out"; mkdir -p "$out"
  start=$(date +%s)
  if [ "${FORK:-}" = class ]; then
    mkdir -p "$out/junit"
    for c in $(test_classes); do
      dir=$out/classes/${c##*.}; mkdir -p "$dir"
      t0=$(date +%s); rc=0
      run_launcher "$dir" --select-class="$c" || rc=$?
      for x in "$dir"/junit/*.xml; do [ ! -f "$x" ] || cp "$x" "$out/junit/${c##*.}-${x##*/}"; done
      echo "$mode ${c##*.}: exit $rc in $(( $(date +%s) - t0 )) s: $(for k in successful failed aborted; do grep -hoE "[0-9]+ tests $k" "$dir/console.txt"; done | tr '\n' ' ')$(head -1 "$dir/racewatch/report.txt" 2>/dev/null | sed -E 's/ \(JVM .*//; s/;.*//')"
    done >"$out/classes.txt"
    echo "== $artifact $version $mode: $(wc -l <"$out/classes.txt") classes, each in a JVM of its own, in $(( $(date +%s) - start )) s"
    grep -vE ': exit 0 in [0-9]+ s: [0-9]+ tests successful 0 tests failed 0 tests aborted (racewatch report: 0 findings)?$' "$out/classes.txt" || true
    if [ "$mode" = agent ]; then
      head -qn1 "$out"/classes/*/racewatch/report.txt 2>/dev/null | sed -E 's/ \(JVM .*//; s/;.*//' | sort | uniq -c || true
    fi
    continue
  fi
  rc=0
  run_launcher "$out" "${selectors[@]}" || rc=$?
  echo "== $artifact $version $mode: exit $rc in $(( $(date +%s) - start )) s (124 = timed out)"
  grep -E "tests (successful|failed|aborted|skipped|found)|containers failed" "$out/console.txt" || true
  grep -E "^JUnit Jupiter:|MethodSource|=> " "$out/console.txt" | head -60 || true
  if [ "$mode" = agent ]; then
    # the report's first line: the summary printed at exit goes to the program's SLF4J logger when it has one
    head -1 "$out/racewatch/report.txt" 2>/dev/null || true
  fi
done

# 4. Test by test: what differs between the two runs, and where the time went.
if [ -d "$work/plain/junit" ] && [ -d "$work/agent/junit" ]; then
  python3 "$root/src/scripts/suite-compare.py" "$work/plain" "$work/agent" 15 || true
fi
