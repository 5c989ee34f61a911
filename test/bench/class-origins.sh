#!/bin/sh
# Classes each JVM loaded (from -Xlog:class+load), by origin: JDK, AWS SDK, Jackson, JSON-schema validator, ours, other.
printf '%-20s %6s %6s %6s %8s %9s %6s %6s\n' log total jdk sdk jackson networknt ours other
for f in "$@"; do
  awk -v name="$(basename "$f" .log)" '/ source: /{t++; c=$2
    if (c ~ /^(java|javax|jdk|sun|com\.sun)\./) j++; else if (c ~ /^software\.amazon\.awssdk/) s++;
    else if (c ~ /^com\.fasterxml/) k++; else if (c ~ /^com\.networknt/) n++; else if (c ~ /^io\.medextract/) o++; else x++}
    END {printf "%-20s %6d %6d %6d %8d %9d %6d %6d\n", name, t, j, s, k, n, o, x}' "$f"
done
