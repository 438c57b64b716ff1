#!/usr/bin/env bash
# Runs a task's setup, then its run, as SkyPilot does on a cluster, and leaves the phase and the exit code in the
# run directory so the service can follow the task, also after the service itself was restarted.
run_dir="$AINFINITY_RUN_DIR"
echo "$$" > "$run_dir/pid"
echo setup > "$run_dir/phase"
bash "$run_dir/setup.sh"
code=$?
if [ "$code" -eq 0 ]; then
  echo run > "$run_dir/phase"
  bash "$run_dir/run.sh"
  code=$?
else
  echo setup-failed > "$run_dir/phase"
fi
echo "$code" > "$run_dir/exit_code.tmp" && mv "$run_dir/exit_code.tmp" "$run_dir/exit_code"
exit "$code"
