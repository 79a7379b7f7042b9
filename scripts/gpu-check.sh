#!/usr/bin/env bash
# GPU check for kd4j, unattended, in under 5 minutes (a hard `timeout` per step):
#   1. fails fast, with a clear message and exit code 3, when there is no usable NVIDIA GPU;
#   2. builds with -Pgpu (onnxruntime_gpu replaces the CPU ONNX Runtime; needs CUDA 12 + cuDNN 9)
#      and runs the tests tagged gpu (CUDA against the PyTorch fixtures) in kd-core and kd-vision;
#   3. runs the ONNX inference benchmark on CUDA against the CPU (OnnxCudaBenchmark) and prints
#      the parity (max |CUDA - CPU|) and the speed-up per input size.
# Usage: scripts/gpu-check.sh   (from anywhere; KD4J_GPU_CHECK_BUDGET=seconds, default 290)
# Exit codes: 0 all passed, 1 a build, test or parity failure, 3 no GPU, 124 out of time.
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET="${KD4J_GPU_CHECK_BUDGET:-290}"
START=$(date +%s)
left() { echo $((BUDGET - ($(date +%s) - START))); }

if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "gpu-check: no NVIDIA GPU here (nvidia-smi not found); nothing to check. Run this on a" \
    "machine with an NVIDIA GPU, its driver, CUDA 12 and cuDNN 9." >&2
  exit 3
fi
if ! GPUS=$(timeout 20 nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1) \
  || [ -z "$GPUS" ]; then
  echo "gpu-check: nvidia-smi found but no usable GPU: ${GPUS:-no output}" >&2
  exit 3
fi
echo "gpu-check: GPU(s): $GPUS"

MVN=(./mvnw -B -q -Pgpu -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dinvoker.skip=true)
echo "gpu-check: [1/2] build with -Pgpu and run the gpu-tagged tests (kd-core, kd-vision)"
timeout "$(left)" "${MVN[@]}" -pl kd-core,kd-vision -am verify -Dgroups=gpu \
  -Dsurefire.failIfNoSpecifiedTests=false
echo "gpu-check: gpu-tagged tests passed"

echo "gpu-check: [2/2] ONNX inference, CUDA against CPU (paper-sized student)"
timeout "$(left)" "${MVN[@]}" -pl kd-core -am test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.github.kd4j.core.onnx.OnnxCudaBenchmark
echo "gpu-check: done in $(($(date +%s) - START)) s"
