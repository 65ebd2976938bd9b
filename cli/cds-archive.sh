#!/usr/bin/env bash
# Builds the AppCDS archive ./celador starts with, at package time (cli/pom.xml): one training run
# of `celador test` on policies/ (which loads, parses and compiles every policy as `check` does,
# then runs the suites) under -XX:ArchiveClassesAtExit, so the classes it loaded are mapped from
# the archive at the next start instead of being read, verified and linked again.
#
#   cli/cds-archive.sh JAVA JAR ARCHIVE POLICIES
#
# The archive fits only the JVM build that wrote it and this very jar; the JVM checks both and
# ignores a mismatched archive (./celador also skips one older than the jar). It never fails the
# build: without an archive celador only starts slower.
set -uo pipefail

if (($# != 4)); then
  echo "usage: $0 JAVA JAR ARCHIVE POLICIES" >&2
  exit 2
fi
java="$1" jar="$2" archive="$3" policies="$4"
rm -f "$archive" "$archive.tmp"
# -Xlog:cds*=off: the dump lists every class it cannot archive (picocli's Java 5 classes) on stdout.
"$java" -XX:ArchiveClassesAtExit="$archive.tmp" '-Xlog:cds*=off' -jar "$jar" test "$policies" \
  >/dev/null 2>&1
if [[ -s "$archive.tmp" ]]; then
  mv "$archive.tmp" "$archive"
  echo "cds-archive.sh: $archive ($(du -h "$archive" | cut -f1))" >&2
else
  rm -f "$archive.tmp"
  echo "cds-archive.sh: warning: no AppCDS archive was written; celador starts without one" >&2
fi
exit 0
