#!/usr/bin/env bash
# GPU discovery script for Spark's resource scheduling (spark.executor.resource.gpu.discoveryScript,
# spark.worker.resource.gpu.discoveryScript): prints the GPUs of this machine as the JSON Spark
# expects, {"name":"gpu","addresses":["0","1"]}. The addresses are nvidia-smi's indices, which are
# what DJL's Device.gpu(i) takes when CUDA_VISIBLE_DEVICES is not set. Exits non-zero (and Spark
# refuses to start the executor) when nvidia-smi is missing or fails.
set -euo pipefail
if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "getGpusResources.sh: nvidia-smi not found; no NVIDIA driver on $(hostname)" >&2
  exit 1
fi
mapfile -t ids < <(nvidia-smi --query-gpu=index --format=csv,noheader | tr -d ' ')
addresses=""
for id in "${ids[@]}"; do
  [[ -z "$id" ]] && continue
  addresses+="${addresses:+,}\"$id\""
done
echo "{\"name\":\"gpu\",\"addresses\":[${addresses}]}"
