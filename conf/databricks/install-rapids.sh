#!/bin/bash
# Databricks cluster init script: puts the RAPIDS Accelerator for Apache Spark on the cluster's
# class path, so that spark.plugins=com.nvidia.spark.SQLPlugin (gpu-cluster.json) can load it.
# For Spark 3.5 / Scala 2.12 runtimes only (RAPIDS 25.04 has shims for Databricks 12.2, 13.3 and
# 14.3 LTS and no Scala 2.13 build); on DBR 17.3 (Spark 4.0) leave this script and the plugin out.
#
# RAPIDS_JAR_URL (cluster environment variable) replaces the download source, e.g. a jar in a
# volume (/Volumes/...) for workspaces without internet access.
set -euo pipefail

RAPIDS_VERSION="${RAPIDS_VERSION:-25.04.0}"
jar="rapids-4-spark_2.12-${RAPIDS_VERSION}.jar"
source_url="${RAPIDS_JAR_URL:-https://repo1.maven.org/maven2/com/nvidia/rapids-4-spark_2.12/${RAPIDS_VERSION}/${jar}}"
target_dir="/databricks/jars"

# Only one RAPIDS jar may be on the class path.
rm -f "${target_dir}"/rapids-4-spark_*.jar

case "${source_url}" in
  /*) cp "${source_url}" "${target_dir}/${jar}" ;;
  *) curl --fail --silent --show-error --location --retry 3 -o "${target_dir}/${jar}" "${source_url}" ;;
esac

echo "install-rapids: ${target_dir}/${jar} ($(stat -c %s "${target_dir}/${jar}") bytes)"
