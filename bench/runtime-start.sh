#!/usr/bin/env bash
# Container start in the runtime module (issue 4): the runtime's create+start+wait of `true`
# against raw `runc --root R run -b BUNDLE ID` of a bundle prepared from the same config.json,
# alternating, RUNS times each after a warm-up; target <= 1.5x. Both use a busybox rootfs and
# state under /var/tmp. See runtime/src/test/java/dev/legends/runtime/StartBench.java.
# Usage: bench/runtime-start.sh [RUNS]   (as root)
source "$(dirname "$0")/lib.sh"
cd "$REPO"
RUNS=${1:-${RUNS:-20}}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT

./mvnw -q -B -o -pl runtime install -DskipTests >&2
./mvnw -q -B -o -pl runtime dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
CP="runtime/target/test-classes:runtime/target/classes:$(cat "$cp_file")"

out=$("$JAVA_HOME/bin/java" -cp "$CP" dev.legends.runtime.StartBench "$RUNS" 2>&1 | grep -v '^SLF4J')
echo "$out" >&2
# last line: "median ours O ms, runc run R ms, ratio X"
echo "$out" | tail -1 | awk '{ gsub(",", ""); printf "runtime create+start+wait true\t%.3f\trunc run\t%.3f\t%s\t<= 1.5x\n", $3 / 1000, $7 / 1000, $10 }'
