"""Summarises the runs of bench/gpu_check.sh from their logs; standard library only.

    python bench/gpu_check_report.py OUT_DIR MODE... --max-length N --samples-per-step N

For each MODE it reads OUT_DIR/MODE.log (the payload's stdout and stderr), OUT_DIR/MODE.rc (exit
status), OUT_DIR/MODE.seconds (wall time of the launch) and OUT_DIR/MODE.smi.csv (nvidia-smi
samples: memory.used MiB, utilization %, power W). Prints one table and writes OUT_DIR/summary.json.

Throughput is taken from the payload's own `train` lines: the first interval (warm-up, allocator
growth) and any interval holding an evaluation or a checkpoint are left out, and the median of the
rest is reported. Tokens per second is samples per second times max_length, exact when every sample
is truncated to max_length (bench/gpu_check_data.py writes such samples).
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

PREFIX = "AINFINITY_METRICS "
PEAK = "GPU_CHECK_PEAK "


def read_lines(log: Path, prefix: str) -> list[dict]:
    out = []
    if not log.is_file():
        return out
    for line in log.read_text(errors="replace").splitlines():
        at = line.find(prefix)
        if at < 0:
            continue
        try:
            out.append(json.loads(line[at + len(prefix) :]))
        except ValueError:
            continue
    return out


def smi_peak(path: Path) -> dict:
    used, util, power = [], [], []
    if path.is_file():
        for row in path.read_text().splitlines():
            parts = [p.strip() for p in row.split(",")]
            if len(parts) < 3:
                continue
            try:
                used.append(float(parts[0]))
                util.append(float(parts[1]))
                power.append(float(parts[2]))
            except ValueError:
                continue
    return {
        "smi_samples": len(used),
        "smi_peak_memory_mib": max(used) if used else None,
        "smi_peak_power_w": max(power) if power else None,
    }


def first_error(log: Path) -> str | None:
    if not log.is_file():
        return "no log"
    lines = log.read_text(errors="replace").splitlines()
    for marker in ("Traceback (most recent call last)", "AINFINITY_ERROR", "CUDA out of memory"):
        for i, line in enumerate(lines):
            if marker in line:
                tail = [x for x in lines[i : i + 60] if x.strip()]
                # The last line of a traceback block names the exception.
                for candidate in tail[1:]:
                    if not candidate.startswith((" ", "\t")) and ("Error" in candidate or "Exception" in candidate):
                        return candidate.strip()[:400]
                return line.strip()[:400]
    return None


def summarise(out_dir: Path, mode: str, max_length: int, samples_per_step: int) -> dict:
    log = out_dir / f"{mode}.log"
    metrics = read_lines(log, PREFIX)
    train = [m for m in metrics if m.get("kind") == "train"]
    evals = [m for m in metrics if m.get("kind") == "eval"]
    gpus = [m for m in metrics if m.get("kind") == "gpu"]
    rc_file, seconds_file = out_dir / f"{mode}.rc", out_dir / f"{mode}.seconds"
    rc = int(rc_file.read_text().strip()) if rc_file.is_file() else None
    seconds = float(seconds_file.read_text().strip()) if seconds_file.is_file() else None
    # Steady intervals: skip the first two lines (step 1 and the first full interval).
    steady = [m["samples_per_second"] for m in train[2:] if m.get("samples_per_second")]
    if train and train[-1].get("step") == train[-1].get("total_steps") and len(steady) > 1:
        steady = steady[:-1]  # the last interval may hold the final evaluation's start-up
    sps = statistics.median(steady) if steady else None
    nvml_used = [g.get("memory_used_mb") for m in gpus for g in m.get("gpus", []) if g.get("memory_used_mb")]
    util = [g.get("utilization_pct") for m in gpus for g in m.get("gpus", []) if g.get("utilization_pct") is not None]
    peaks = read_lines(log, PEAK)
    summary = {
        "mode": mode,
        "exit_code": rc,
        "wall_seconds": seconds,
        "steps": train[-1]["step"] if train else None,
        "first_loss": train[0].get("loss") if train else None,
        "last_loss": train[-1].get("loss") if train else None,
        "eval_loss": evals[-1].get("eval_loss") if evals else None,
        "samples_per_second": sps,
        "step_seconds": samples_per_step / sps if sps else None,
        "tokens_per_second": sps * max_length if sps else None,
        "nvml_max_memory_used_mib": max(nvml_used) if nvml_used else None,
        "nvml_utilization_pct_median": statistics.median(util) if util else None,
        "torch_max_allocated_gib": max((p.get("max_allocated_gib", 0) for p in peaks), default=None),
        "torch_max_reserved_gib": max((p.get("max_reserved_gib", 0) for p in peaks), default=None),
        "error": None if rc == 0 else first_error(log),
        "metric_lines": len(metrics),
    }
    summary.update(smi_peak(out_dir / f"{mode}.smi.csv"))
    return summary


def fmt(value, digits=2) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("modes", nargs="+")
    parser.add_argument("--max-length", type=int, required=True)
    parser.add_argument("--samples-per-step", type=int, required=True)
    args = parser.parse_args()
    rows = [summarise(args.out_dir, m, args.max_length, args.samples_per_step) for m in args.modes]
    (args.out_dir / "summary.json").write_text(json.dumps(rows, indent=2) + "\n")
    head = ("mode", "rc", "wall s", "steps", "loss first", "loss last", "eval loss", "s/step", "samples/s",
            "tokens/s", "torch peak alloc GiB", "torch peak reserved GiB", "nvidia-smi peak MiB", "GPU util %")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        cells = (r["mode"], r["exit_code"], fmt(r["wall_seconds"], 0), r["steps"], fmt(r["first_loss"], 3),
                 fmt(r["last_loss"], 3), fmt(r["eval_loss"], 3), fmt(r["step_seconds"], 3),
                 fmt(r["samples_per_second"], 1), fmt(r["tokens_per_second"], 0), fmt(r["torch_max_allocated_gib"]),
                 fmt(r["torch_max_reserved_gib"]), fmt(r["smi_peak_memory_mib"], 0),
                 fmt(r["nvml_utilization_pct_median"], 0))
        print("| " + " | ".join(str(c) for c in cells) + " |")
    for r in rows:
        if r["error"]:
            print(f"{r['mode']}: {r['error']}")


if __name__ == "__main__":
    main()
