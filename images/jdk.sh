# Sourced by the scripts that need a JDK (.ci/run, demo.sh, images/base/build.sh, ...): the one
# place that says which JDK the project takes. Exports JAVA_HOME as a JDK 25 or later (the Maven
# enforcer's [25,) too): JAVA_HOME if it is one, otherwise the first one under /usr/lib/jvm,
# otherwise the one `java` on PATH belongs to. Fails with a message when there is none.
is_jdk25() { [ -x "$1/bin/javac" ] && "$1/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9]|[1-9][0-9]{2,})'; }
if [ -z "${JAVA_HOME:-}" ] || ! is_jdk25 "$JAVA_HOME"; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/* "$(dirname "$(dirname "$(readlink -f "$(command -v java || echo /nonexistent)")")")"; do
    if is_jdk25 "$candidate"; then JAVA_HOME=$candidate; break; fi
  done
  if [ -z "$JAVA_HOME" ]; then
    echo "no JDK 25 or later found: set JAVA_HOME to one" >&2
    exit 1
  fi
fi
export JAVA_HOME
