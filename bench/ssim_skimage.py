"""Peer timing for bench/ssim.mjs: scikit-image 0.19 SSIM (wang2004 settings, full map) and PSNR.

Usage: /usr/bin/python3 bench/ssim_skimage.py A.png B.png RUNS
Prints one JSON object: versions, medians (wall and CPU, ms) and the values, so the caller can
check that both sides computed the same number. Decoding is not timed.
"""
import json
import statistics
import sys
import time

import numpy as np
import scipy
import skimage
from PIL import Image
from skimage.metrics import peak_signal_noise_ratio, structural_similarity


def timed(fn, runs):
    fn()  # warm-up: imports, caches
    wall, cpu = [], []
    value = None
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        value = fn()
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return {"wall_median_ms": statistics.median(wall), "cpu_median_ms": statistics.median(cpu), "wall_min_ms": min(wall)}, value


def main():
    path_a, path_b, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    a = np.asarray(Image.open(path_a).convert("RGB"))
    b = np.asarray(Image.open(path_b).convert("RGB"))

    def ssim():
        mssim, _map = structural_similarity(
            a, b, channel_axis=-1, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=255, full=True
        )
        return float(mssim)

    def ssim_one_channel():
        mssim, _map = structural_similarity(
            a[..., 0], b[..., 0], gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=255, full=True
        )
        return float(mssim)

    def psnr():
        return float(peak_signal_noise_ratio(a, b, data_range=255))

    ssim_t, ssim_v = timed(ssim, runs)
    one_t, one_v = timed(ssim_one_channel, runs)
    psnr_t, psnr_v = timed(psnr, runs)
    print(json.dumps({
        "versions": {"scikit-image": skimage.__version__, "numpy": np.__version__, "scipy": scipy.__version__, "python": sys.version.split()[0]},
        "ssim_rgb": {**ssim_t, "value": ssim_v},
        "ssim_one_channel": {**one_t, "value": one_v},
        "psnr": {**psnr_t, "value": psnr_v},
    }))


main()
