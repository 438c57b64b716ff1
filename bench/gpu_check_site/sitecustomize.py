"""Put on PYTHONPATH by bench/gpu_check.sh only: every Python process of a check run prints, at
exit, the CUDA caching allocator's peak figures if it used the GPU. The payload is not changed."""

import atexit
import json
import os
import sys


def _report_peak():
    torch = sys.modules.get("torch")
    if torch is None:
        return
    try:
        if not torch.cuda.is_initialized():
            return
        gib = 1024**3
        line = {
            "rank": int(os.environ.get("RANK", "0")),
            "max_allocated_gib": round(torch.cuda.max_memory_allocated() / gib, 3),
            "max_reserved_gib": round(torch.cuda.max_memory_reserved() / gib, 3),
            "device": torch.cuda.get_device_name(),
        }
        print("GPU_CHECK_PEAK " + json.dumps(line), flush=True)
    except Exception:  # noqa: BLE001 - a reading at exit must never change how the run ends
        pass


atexit.register(_report_peak)


def _chain():
    # This file shadows any sitecustomize later on sys.path (a distribution's own): run that one too.
    here = os.path.dirname(os.path.abspath(__file__))
    for entry in sys.path:
        candidate = os.path.join(entry or ".", "sitecustomize.py")
        if os.path.abspath(entry or ".") != here and os.path.isfile(candidate):
            with open(candidate, encoding="utf-8") as handle:
                exec(compile(handle.read(), candidate, "exec"), {"__name__": "sitecustomize", "__file__": candidate})
            return


_chain()
