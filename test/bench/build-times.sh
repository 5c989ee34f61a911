#!/usr/bin/env bash
# Times the example app's synth and the full test suite on this machine, the numbers BENCHMARKS.md quotes.
#   test/bench/build-times.sh            # synth (3 runs) and ./mvnw -B -ntp verify (once), pinned to 2 cores
#   SYNTH_RUNS=1 SUITE=0 test/bench/build-times.sh   # synth only
# Needs what .ci/run needs (JDK 17+, Node.js 20+). Pinned with taskset to cores 0..CORES-1 when taskset exists.
set -euo pipefail
cd "$(dirname "$0")/../.."

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION=1
cores=${CORES:-2}
synth_runs=${SYNTH_RUNS:-3}
suite=${SUITE:-1}
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c "0-$((cores - 1))"); fi

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores visible," \
     "pinned to ${cores}; $(java -version 2>&1 | head -1); node $(node --version)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# The example app's synth as the examples module runs it at package time (ExampleApp -> cdk.out), alone:
# build everything once without it, then run it on the module's classpath.
./mvnw -B -ntp -q -pl examples -am package -DskipTests -Dsynth.skip=true \
    dependency:build-classpath -Dmdep.outputFile="$PWD/examples/target/synth.classpath"
classpath="$PWD/examples/target/classes:$(cat examples/target/synth.classpath)"
times=()
for run in $(seq 1 "$synth_runs"); do
    out=$(mktemp -d)
    start=$(now)
    (cd examples && "${pin[@]}" java -classpath "$classpath" io.medextract.examples.ExampleApp "$out" \
        > /dev/null 2>&1)
    times+=("$(seconds "$start" "$(now)")")
    rm -rf "$out"
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(( (synth_runs + 1) / 2 ))p")
echo "example synth (ExampleApp -> cdk.out), ${synth_runs} runs: ${times[*]} s; median ${median} s"

if [ "$suite" = 1 ]; then
    start=$(now)
    status=0
    log="${TMPDIR:-/tmp}/medextract-verify-$$.log"
    "${pin[@]}" ./mvnw -B -ntp verify > "$log" 2>&1 || status=$?
    echo "full test suite (./mvnw -B -ntp verify; log: $log):" \
         "$(seconds "$start" "$(now)") s, exit ${status}"
    echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
    exit "$status"
fi
