#!/usr/bin/env python3
"""PyTorch baseline for `lathe bench`: the same F32 CPU micro-benchmarks, the same way.

Cases: matmul at 128, 512 and 2048 square; the three convolutions of cnn-fashion
(../shared/MODELS.md) at batch 32, stride 1, no padding, no bias: forward, backward-data,
backward-filter, and forward+backward (all three passes).

Method (as dev.lathe.cli.bench.MicroBenchmarks): per case, untimed warm-up (at least --warmup
calls and at least a quarter of --min-time-ms; Lathe's JVM also waits until its JIT compiler has
settled, which CPython has nothing like), then timed calls, one clock reading around each,
until both --min-time-ms of timed work and --min-reps calls are done (or 10,000 calls). Reported:
best and median time per call and GFLOP/s from each. FLOPs: 2*m*n*k per matrix product,
2*N*O*OH*OW*C*kh*kw per convolution pass; each backward pass counts as much as the forward.

Backward passes call aten::convolution_backward, the kernel autograd itself uses, with the
output mask selecting the input gradient, the weight gradient, or both.

Usage: /usr/bin/python3 bench/pytorch_micro.py [--threads 2] [--json] [--filter TEXT]
Use Debian's interpreter (/usr/bin/python3) for Debian's python3-torch; see docs/benchmarks.md.
"""

import argparse
import ctypes
import json
import platform
import re
import statistics
import sys
import time

import torch
import torch.nn.functional as F

MATMUL_SIZES = (128, 512, 2048)
# name, N, C, H, W, O, k  (stride 1, padding 0)
CNN_FASHION_CONVS = (
    ("conv1", 32, 1, 28, 28, 32, 3),
    ("conv2", 32, 32, 13, 13, 64, 3),
    ("conv3", 32, 64, 5, 5, 64, 3),
)
MAX_REPS = 10_000
SEED = 1234


def measure(op, shape, flops, body, args):
    warm_budget = args.min_time_ms * 1e6 / 4
    start = time.perf_counter_ns()
    i = 0
    while i < args.warmup or time.perf_counter_ns() - start < warm_budget:
        body()
        i += 1
    times = []
    total = 0
    budget = args.min_time_ms * 1e6
    while len(times) < MAX_REPS and (len(times) < args.min_reps or total < budget):
        t0 = time.perf_counter_ns()
        body()
        dt = time.perf_counter_ns() - t0
        times.append(dt)
        total += dt
    best_ms = min(times) / 1e6
    median_ms = statistics.median(times) / 1e6
    return {
        "op": op,
        "shape": shape,
        "flops": flops,
        "reps": len(times),
        "best_ms": best_ms,
        "median_ms": median_ms,
        "gflops_best": flops / (best_ms * 1e6),
        "gflops_median": flops / (median_ms * 1e6),
    }


def matches(filt, op, shape):
    """Every comma-separated word of filt must equal a word of op and shape (as in lathe bench)."""
    if not filt or not filt.strip():
        return True
    words = set(re.split(r"[\s.\[\]@,>-]+", op + " " + shape))
    return all(w.strip() in words for w in filt.split(",") if w.strip())


def run_all(args, sink):
    g = torch.Generator().manual_seed(SEED)

    def uniform(low, high, *shape):
        return torch.rand(*shape, generator=g, dtype=torch.float32) * (high - low) + low

    for n in MATMUL_SIZES:
        shape = f"[{n},{n}]@[{n},{n}]"
        if matches(args.filter, "matmul", shape):
            a = uniform(-1, 1, n, n)
            b = uniform(-1, 1, n, n)
            sink(measure("matmul", shape, 2.0 * n * n * n, lambda: torch.mm(a, b), args))

    for name, n, c, h, w, o, k in CNN_FASHION_CONVS:
        oh, ow = h - k + 1, w - k + 1
        shape = f"{name} x[{n},{c},{h},{w}] w[{o},{c},{k},{k}] -> [{n},{o},{oh},{ow}]"
        passes = 2.0 * n * o * oh * ow * c * k * k
        x = uniform(-1, 1, n, c, h, w)
        wt = uniform(-0.3, 0.3, o, c, k, k)
        gy = uniform(-1, 1, n, o, oh, ow)

        def backward(mask):
            return torch.ops.aten.convolution_backward(
                gy, x, wt, None, [1, 1], [0, 0], [1, 1], False, [0, 0], 1, mask)

        def fwd_bwd():
            F.conv2d(x, wt)
            backward([True, True, False])

        cases = (
            ("conv2d.fwd", passes, lambda: F.conv2d(x, wt)),
            ("conv2d.bwd_data", passes, lambda: backward([True, False, False])),
            ("conv2d.bwd_filter", passes, lambda: backward([False, True, False])),
            ("conv2d.fwd+bwd", 3 * passes, fwd_bwd),
        )
        for op, flops, body in cases:
            if matches(args.filter, op, shape):
                sink(measure(op, shape, flops, body, args))


def run_metadata():
    """What every set of PyTorch results records about how it ran."""
    return {
        "framework": "pytorch",
        "torch": torch.__version__,
        "python": platform.python_version(),
        "device": "cpu",
        "dtype": "F32",
        "threads": torch.get_num_threads(),
        "mkldnn": torch.backends.mkldnn.is_available(),
        "blas": blas_info(),
    }


def blas_info():
    """Which BLAS library the process loaded, and OpenBLAS's own description when it is OpenBLAS."""
    paths = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                if "blas" in path.lower():
                    paths.add(path)
    except OSError:
        pass
    info = ", ".join(sorted(paths)) or "unknown"
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_config.restype = ctypes.c_char_p
            info += " (" + lib.openblas_get_config().decode() + ")"
            break
        except (OSError, AttributeError):
            continue
    return info


ROW = "%-18s %-52s %6s %10s %10s %10s %10s"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default: 2)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--filter", default=None,
                        help="run only cases matching every comma-separated word of TEXT, each equal to a word "
                             "of the op or shape: e.g. matmul; matmul,512; conv2; conv2,fwd+bwd")
    parser.add_argument("--min-time-ms", type=float, default=1000, help="timed work per case, at least")
    parser.add_argument("--min-reps", type=int, default=5, help="timed calls per case, at least")
    parser.add_argument("--warmup", type=int, default=3, help="untimed calls per case, at least")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    meta = run_metadata()
    with torch.no_grad():
        if args.json:
            results = []
            run_all(args, results.append)
            meta["blas"] = blas_info()
            meta["results"] = results
            print(json.dumps(meta))
        else:
            print(f"pytorch_micro: torch {meta['torch']}, CPU, F32, {meta['threads']} thread(s), "
                  f"mkldnn={meta['mkldnn']}, BLAS: {meta['blas']}")
            header = ROW % ("op", "shape", "reps", "best ms", "median ms", "GFLOP/s", "GFLOP/s")
            print(header)
            print(ROW % ("", "", "", "", "", "(best)", "(median)"))
            print("-" * len(header))

            def show(r):
                print(ROW % (r["op"], r["shape"], r["reps"], "%.3f" % r["best_ms"], "%.3f" % r["median_ms"],
                             "%.1f" % r["gflops_best"], "%.1f" % r["gflops_median"]))
                sys.stdout.flush()

            results = []
            run_all(args, lambda r: (results.append(r), show(r)))
    if not (meta.get("results") if args.json else results):
        print(f"pytorch_micro.py: --filter {args.filter} selects no benchmark", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
