#!/usr/bin/env bash
# Builds what bench/coldstart.py's lambda-mock variant runs: the -Plambda build in target/lambda-app (the same
# function code as target/function.zip, unzipped) and AWS' Lambda runtime interface client in target/lambda-ric,
# the client Lambda's managed Java runtimes run the handler with (from Maven Central). Leaves target/quarkus-app
# (the HTTP service) as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/lambda-app target/lambda-ric   # the Lambda extension writes its scripts before the folder exists
./mvnw -B -q package -Plambda -DskipTests -Dquarkus.package.output-directory=lambda-app
for artifact in com.amazonaws:aws-lambda-java-runtime-interface-client:2.10.1 \
    com.amazonaws:aws-lambda-java-serialization:1.2.0 software.amazon.awssdk:utils-lite:2.34.0; do
  ./mvnw -B -q dependency:copy -Dartifact="$artifact" -DoutputDirectory=target/lambda-ric
done
