#!/usr/bin/env bash
# The JDK 25 AOT cache (JEP 483/514), opt-in: builds the service as Quarkus' aot-jar (every class on the JVM's
# own class path, which the cache needs: classes of Quarkus' fast-jar class loader are not cached), then makes
# target/aot-app/app.aot with a training run on JDK 25 that answers real drops (bench/coldstart.py --train-aot).
#
#   bench/aot-cache.sh               build + train
#   bench/aot-cache.sh --skip-build  train again on the existing target/aot-app
#
# Then run it (from that folder: the cache only serves the class path it was trained with):
#   cd target/aot-app && /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -XX:AOTCache=app.aot -jar quarkus-run.jar
# The cache belongs to one JDK build and one jar set: make it again after every build or JDK update (a
# mismatched cache is ignored with a warning, and the service starts without it).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$JAVA25_HOME/bin/java" ] || { echo "aot-cache: no JDK 25 at $JAVA25_HOME (set JAVA25_HOME)" >&2; exit 1; }
if [ "${1:-}" != --skip-build ]; then
  ./mvnw -B -q package -DskipTests -Dquarkus.package.jar.type=aot-jar -Dquarkus.package.output-directory=aot-app
fi
rm -f target/aot-app/app.aot
JAVA25_HOME=$JAVA25_HOME python3 bench/coldstart.py --train-aot target/aot-app
