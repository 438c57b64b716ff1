#!/usr/bin/env bash
# GPU check of the training payload: runs ainfinity_train.finetune the way skylaunch/deepspeed.yaml
# and skylaunch/fsdp.yaml do (accelerate launch --config_file train/accelerate/<config>), on a
# Qwen3-shaped model with random weights and a tokenizer both built in-process on a synthetic chat
# file, so nothing is downloaded. Each run trains a fixed number of steps in bf16, evaluates and
# writes a checkpoint and the final model at the last step; a table of loss, step time, tokens per
# second and peak GPU memory follows. See train/README.md, "GPU check".
#
#   bench/gpu_check.sh [MODE...]      MODE: ds2 (DeepSpeed ZeRO-2), fsdp (FSDP2), plain (one
#                                     process, no accelerate); default: ds2 fsdp
#
# Run from anywhere; the launches run from the repository root. Environment (defaults):
#   PYTHON=.venv-train/bin/python     interpreter with the payload's dependencies (+ deepspeed for ds2)
#   ACCELERATE=<accelerate next to PYTHON, else PYTHON -m accelerate.commands.accelerate_cli>
#   GPU_CHECK_ROOT=<repo root>        where train/ lives
#   GPU_CHECK_OUT=outputs/gpu_check   logs, nvidia-smi samples, summary.json, checkpoints
#   GPU_CHECK_GPUS=1  GPU_CHECK_STEPS=60  GPU_CHECK_BATCH=8  GPU_CHECK_ACCUM=2  GPU_CHECK_MAX_LENGTH=1024
#   GPU_CHECK_LAYERS=28  GPU_CHECK_HIDDEN=1024  GPU_CHECK_FFN=3072  GPU_CHECK_VOCAB=32000
#   GPU_CHECK_RECORDS=1100            synthetic conversations (5% go to evaluation)
#   GPU_CHECK_TIMEOUT=240             seconds per run before it is stopped (exit code 124)
#   GPU_CHECK_BF16=true               training.bf16 (false only for a dry run of the script on CPU)
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="${GPU_CHECK_ROOT:-$(cd "$here/.." && pwd)}"
cd "$root" || exit 1
[ -d train/ainfinity_train ] || { echo "gpu_check: no train/ainfinity_train under $root (set GPU_CHECK_ROOT)" >&2; exit 1; }

python="${PYTHON:-.venv-train/bin/python}"
if [ -n "${ACCELERATE:-}" ]; then
  read -r -a accelerate <<<"$ACCELERATE"
elif [[ "$python" == */* ]] && [ -x "$(dirname "$python")/accelerate" ]; then
  accelerate=("$(dirname "$python")/accelerate")
else
  accelerate=("$python" -m accelerate.commands.accelerate_cli)
fi
out="${GPU_CHECK_OUT:-outputs/gpu_check}"
gpus="${GPU_CHECK_GPUS:-1}"
steps="${GPU_CHECK_STEPS:-60}"
batch="${GPU_CHECK_BATCH:-8}"
accum="${GPU_CHECK_ACCUM:-2}"
max_length="${GPU_CHECK_MAX_LENGTH:-1024}"
layers="${GPU_CHECK_LAYERS:-28}"
hidden="${GPU_CHECK_HIDDEN:-1024}"
ffn="${GPU_CHECK_FFN:-3072}"
vocab="${GPU_CHECK_VOCAB:-32000}"
records="${GPU_CHECK_RECORDS:-1100}"
limit="${GPU_CHECK_TIMEOUT:-240}"
bf16="${GPU_CHECK_BF16:-true}"
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(ds2 fsdp)

mkdir -p "$out"
out="$(cd "$out" && pwd)"
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_OFFLINE=1
# The payload of this checkout first (as the templates do), then the peak-memory hook.
export PYTHONPATH="$root/train:$here/gpu_check_site${PYTHONPATH:+:$PYTHONPATH}"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1 | sed 's/^/gpu: /'
  "$python" - <<'EOF' 2>&1
import importlib.metadata as md, platform, torch
print("python:", platform.python_version())
print("torch:", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())
for name in ("transformers", "accelerate", "deepspeed", "datasets", "tokenizers", "huggingface_hub",
             "hydra-core", "omegaconf", "nvidia-ml-py", "pyarrow", "numpy"):
    try:
        print(f"{name}: {md.version(name)}")
    except md.PackageNotFoundError:
        print(f"{name}: not installed")
EOF
} | tee "$out/versions.txt"

data="$out/synthetic_chat.jsonl"
# Every reply gets more words than max_length, so every sample is truncated to max_length tokens.
"$python" "$here/gpu_check_data.py" "$data" --records "$records" --min-words "$((max_length + max_length / 4))" || exit 1

request() {  # $1: output dir, $2: accelerate config name or "null"
  "$python" - "$1" "$2" <<EOF
import json, sys
accelerate_config = None if sys.argv[2] == "null" else sys.argv[2]
print(json.dumps({
    "model": "tiny_random", "dataset": "$data", "max_steps": $steps,
    "per_device_train_batch_size": $batch, "learning_rate": 3e-4,
    "output_dir": sys.argv[1], "accelerate_config": accelerate_config,
    "extra_args": {
        "training.bf16": "$bf16", "training.max_length": "$max_length",
        "training.gradient_accumulation_steps": "$accum", "training.warmup_steps": "10",
        "training.logging_steps": "5", "training.eval_steps": "$steps", "training.save_steps": "$steps",
        "training.per_device_eval_batch_size": "$batch",
        "model.vocab_size": "$vocab", "model.hidden_size": "$hidden", "model.intermediate_size": "$ffn",
        "model.num_hidden_layers": "$layers", "model.num_attention_heads": "16",
        "model.num_key_value_heads": "8", "model.head_dim": "128",
        "model.max_position_embeddings": "$((max_length * 2))",
    },
}))
EOF
}

run_mode() {
  local mode="$1" config="" cmd=()
  case "$mode" in
    ds2) config=ds2_config.yaml ;;
    fsdp) config=fsdp_config.yaml ;;
    plain) ;;
    *) echo "gpu_check: unknown mode '$mode' (ds2, fsdp, plain)" >&2; return 2 ;;
  esac
  if [ -n "$config" ]; then
    cmd=("${accelerate[@]}" launch --config_file "train/accelerate/$config" --num_processes "$gpus" -m ainfinity_train.finetune)
  else
    cmd=("$python" -m ainfinity_train.finetune)
  fi
  rm -rf "$out/$mode"
  local req
  req="$(request "$out/$mode" "${config:-null}")" || return 1
  echo "== $mode: ${cmd[*]}"
  echo "   AINFINITY_TRAINING=$req"
  nvidia-smi --query-gpu=memory.used,utilization.gpu,power.draw --format=csv,noheader,nounits -lms 500 \
    >"$out/$mode.smi.csv" 2>/dev/null &
  local smi=$!
  local start=$SECONDS
  # Own process group, so a run that outlives its limit is stopped with all of its workers.
  local group=(setsid)
  command -v setsid >/dev/null || group=()
  AINFINITY_TRAINING="$req" "${group[@]}" "${cmd[@]}" >"$out/$mode.log" 2>&1 &
  local pid=$! rc
  while kill -0 "$pid" 2>/dev/null && [ $((SECONDS - start)) -lt "$limit" ]; do sleep 1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "   stopped after ${limit}s"
    kill -TERM -- "-$pid" 2>/dev/null; sleep 10; kill -KILL -- "-$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    rc=124
  else
    wait "$pid"; rc=$?
  fi
  echo "$((SECONDS - start))" >"$out/$mode.seconds"
  echo "$rc" >"$out/$mode.rc"
  kill "$smi" 2>/dev/null; wait "$smi" 2>/dev/null
  grep -E "AINFINITY_METRICS|GPU_CHECK_PEAK|ainfinity-train:" "$out/$mode.log" | sed 's/^/   /'
  [ "$rc" -eq 0 ] || tail -n 30 "$out/$mode.log" | sed 's/^/   | /'
  echo "   exit $rc after $((SECONDS - start))s"
  # Checkpoints and the final model are only there to prove that saving works.
  du -sh "$out/$mode" 2>/dev/null | sed 's/^/   saved: /'
  [ -n "${GPU_CHECK_KEEP:-}" ] || rm -rf "$out/$mode"
}

for mode in "${modes[@]}"; do
  run_mode "$mode"
done
"$python" "$here/gpu_check_report.py" "$out" "${modes[@]}" --max-length "$max_length" \
  --samples-per-step "$((batch * accum * gpus))" | tee "$out/summary.md"
failed=0
for mode in "${modes[@]}"; do
  [ "$(cat "$out/$mode.rc" 2>/dev/null)" = 0 ] || failed=1
done
exit "$failed"
