"""GPU readings through NVML. Absent GPUs or drivers mean no readings, never an error: the same
payload runs on CPU machines where pynvml imports but nvmlInit fails."""

from __future__ import annotations


class GpuSampler:
    def __init__(self, nvml=None):
        self._nvml = None
        self._handles = []
        try:
            if nvml is None:
                import pynvml as nvml
            nvml.nvmlInit()
            self._handles = [nvml.nvmlDeviceGetHandleByIndex(i) for i in range(nvml.nvmlDeviceGetCount())]
            self._nvml = nvml
        except Exception:  # noqa: BLE001 - NVMLError, ImportError, OSError: all mean "no GPU readings"
            self._handles = []

    @property
    def available(self) -> bool:
        return bool(self._handles)

    def sample(self) -> list[dict]:
        return [self._read(index, handle) for index, handle in enumerate(self._handles)]

    def _read(self, index: int, handle) -> dict:
        nvml = self._nvml
        memory = self._call(nvml.nvmlDeviceGetMemoryInfo, handle)
        utilization = self._call(nvml.nvmlDeviceGetUtilizationRates, handle)
        temperature = self._call(nvml.nvmlDeviceGetTemperature, handle, nvml.NVML_TEMPERATURE_GPU)
        power_mw = self._call(nvml.nvmlDeviceGetPowerUsage, handle)
        mib = 1024 * 1024
        return {
            "index": index,
            "utilization_pct": None if utilization is None else float(utilization.gpu),
            "memory_used_mb": None if memory is None else memory.used / mib,
            "memory_total_mb": None if memory is None else memory.total / mib,
            "temperature_c": None if temperature is None else float(temperature),
            "power_w": None if power_mw is None else power_mw / 1000.0,
        }

    @staticmethod
    def _call(fn, *args):
        # Some boards do not report every reading (power on many consumer cards): null that one only.
        try:
            return fn(*args)
        except Exception:  # noqa: BLE001
            return None
