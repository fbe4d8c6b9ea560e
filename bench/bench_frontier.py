"""Benchmark of the corners and frontier programs (``make bench``).

Prints a table of wall time (median of a few runs) and peak memory
(tracemalloc, in a separate run) for

* corners by divide and conquer, O(M N log N), at N = 10^2 .. 10^6;
* corners by the plain O(M N^2) program, where it finishes in seconds;
* corners by brute-force enumeration of every contiguous grouping (N = 100);
* the exact frontier (bi-objective program) at N = 20 .. 1000, next to
  brute-force enumeration at N = 20;
* the coarse-to-fine frontier at N = 10^3 .. 10^6, with its measured gap to
  the exact frontier at N = 1000;
* the exact frontier at given entropies (branch and bound) at N = 1000,
  checked against the whole exact frontier, and on the warm-up example's
  2000 equal-width bins (the information-bottleneck chapter's table).

Usage: python bench/bench_frontier.py [--quick] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from distill.binning import JointTable, joint_from_cdf, read_cdf_csv  # noqa: E402
from distill import analytic  # noqa: E402
from distill.frontier import corners, enumerate_groupings, frontier, frontier_at  # noqa: E402

REF = Path(__file__).resolve().parents[2] / "shared" / "reference" / "tegmark-wu-2019"


def random_table(n: int, seed: int = 0) -> JointTable:
    """Posteriors in random order: sorting moves every bin."""
    rng = np.random.default_rng(seed)
    p = rng.random((n, 2)) ** 2
    return JointTable(p / p.sum())


def smooth_table(n: int, seed: int = 0) -> JointTable:
    """W uniform with a logistic posterior and multiplicative noise: like a
    trained classifier's histogram, with some bins out of order."""
    rng = np.random.default_rng(seed)
    w = (np.arange(n) + 0.5) / n
    post = 1 / (1 + np.exp(-12 * (w - 0.5)))
    post = np.clip(post * np.exp(0.3 * rng.standard_normal(n)), 1e-4, 1 - 1e-4)
    p = np.stack([post, 1 - post], axis=1)
    return JointTable(p / p.sum())


def measure(fn, repeats: int):
    """Median wall time over ``repeats`` runs, peak traced memory of one more
    run, and the last result."""
    times = []
    out = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20, out


def brute_corners(table, M):
    H, I, bins, _ = enumerate_groupings(table, M)
    return [float(I[bins <= m].max()) for m in range(1, M + 1)]


def brute_frontier_at(table, M, h):
    H, I, _, _ = enumerate_groupings(table, M)
    return np.array([I[H <= x + 1e-12].max() for x in h])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes only (seconds)")
    ap.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    args = ap.parse_args(argv)

    sizes = [10**2, 10**3, 10**4] if args.quick else [10**2, 10**3, 10**4, 10**5, 10**6]
    rows = []

    def add(task, method, table_name, n, m, secs, mb, result, note=""):
        rows.append(dict(task=task, method=method, table=table_name, N=n, M=m,
                         seconds=secs, peak_MiB=mb, result=result, note=note))
        print(f"  {task:9s} {method:15s} {table_name:7s} N={n:<8d} M={m}  "
              f"{secs:9.4f} s  {mb:8.1f} MiB  {result}", file=sys.stderr, flush=True)

    # corners: divide and conquer at every size, quadratic and brute force where feasible
    for n in sizes:
        t = random_table(n)
        for m in (2, 4, 8):
            reps = 3 if n <= 10**5 else 1
            secs, mb, res = measure(lambda: corners(t, m), reps)
            add("corners", "divide&conquer", "random", n, m, secs, mb, f"I_M={res.corners[-1].I:.6f}")
        if n <= (10**3 if args.quick else 10**4):
            reps = 3 if n <= 10**3 else 1
            secs, mb, ref = measure(lambda: corners(t, 8, method="quadratic"), reps)
            same = np.max(np.abs(ref.I - corners(t, 8).I))
            add("corners", "quadratic", "random", n, 8, secs, mb,
                f"I_M={ref.corners[-1].I:.6f}", f"max |dI| vs d&c {same:.1e}")
        if n == 100:
            for m in (2, 3, 4):
                secs, mb, bf = measure(lambda: brute_corners(t, m), 1)
                diff = max(abs(a - b) for a, b in zip(bf, corners(t, m).I))
                add("corners", "brute force", "random", n, m, secs, mb, f"I_M={bf[-1]:.6f}",
                    f"max |dI| vs d&c {diff:.1e}")

    # exact frontier, and brute force where feasible
    t20 = smooth_table(20)
    secs, mb, fr = measure(lambda: frontier(t20, 8), 3)
    add("frontier", "exact", "smooth", 20, 8, secs, mb, f"{len(fr.points)} points")
    h = np.linspace(0, fr.H[-1] + 0.1, 2000)
    secs, mb, bf = measure(lambda: brute_frontier_at(t20, 8, h), 1)
    add("frontier", "brute force", "smooth", 20, 8, secs, mb, "I*(h) on 2000 h",
        f"max |dI*| vs exact {np.max(np.abs(bf - fr.at(h))):.1e}")
    exact_1000 = None
    for n in [100, 200, 1000] if not args.quick else [100, 200]:
        t = smooth_table(n)
        for m in (4, 8):
            reps = 3 if n <= 200 else 1
            secs, mb, fr = measure(lambda: frontier(t, m), reps)
            add("frontier", "exact", "smooth", n, m, secs, mb, f"{len(fr.points)} points",
                f"states/layer {fr.stats['layers']}")
            if n == 1000 and m == 8:
                exact_1000 = fr
    mnist = REF / "MNISTF.csv"
    cifar = REF / "CIFARF.csv"
    for name, path in (("MNIST", mnist), ("CIFAR", cifar)):
        if not path.is_file():
            continue
        for n in ([200, 1000] if not args.quick else [200]):
            t = joint_from_cdf(*read_cdf_csv(path), n_bins=n)
            secs, mb, fr = measure(lambda: frontier(t, 8), 1 if n > 200 else 3)
            add("frontier", "exact", name, n, 8, secs, mb, f"{len(fr.points)} points")
            if n == 1000:
                for c in (100, 200):
                    s2, mb2, ap_ = measure(lambda: frontier(t, 8, coarse=c), 1)
                    hh = np.linspace(0, fr.H[-1], 4000)
                    gap = fr.at(hh) - ap_.at(hh)
                    add("frontier", f"coarse {c}", name, n, 8, s2, mb2, f"{len(ap_.points)} points",
                        f"gap to exact: max {gap.max():.1e}, mean {gap.mean():.1e} bits")

    # coarse-to-fine at every size
    for n in sizes[1:]:
        t = smooth_table(n)
        secs, mb, ap_ = measure(lambda: frontier(t, 8, coarse=200), 1)
        note = ""
        if n == 1000 and exact_1000 is not None:
            hh = np.linspace(0, exact_1000.H[-1], 4000)
            gap = exact_1000.at(hh) - ap_.at(hh)
            note = f"gap to exact: max {gap.max():.1e}, mean {gap.mean():.1e} bits"
        add("frontier", "coarse 200", "smooth", n, 8, secs, mb, f"{len(ap_.points)} points", note)

    # the exact frontier at a few entropies, started from the coarse-to-fine one
    hs = np.linspace(0.5, 2.9, 9)
    if exact_1000 is not None:
        t = smooth_table(1000)
        start = frontier(t, 8, coarse=200)
        secs, mb, fp = measure(lambda: frontier_at(t, hs, 8, start=start), 1)
        add("frontier", "exact at 9 h", "smooth", 1000, 8, secs, mb, "I*(h) at 9 h",
            f"max |dI*| vs whole exact frontier {np.max(np.abs(fp.I - exact_1000.at(hs))):.1e}")
    for n in ([2000] if not args.quick else [500]):
        t = analytic.joint_table(n, spacing="width")
        start = frontier(t, 8, coarse=min(400, n // 2), resolution=1e-7)
        secs, mb, fp = measure(lambda: frontier_at(t, hs, 8, start=start), 1)
        short = fp.I - start.at(hs)
        add("frontier", "exact at 9 h", "warm-up", n, 8, secs, mb, "I*(h) at 9 h",
            f"coarse-to-fine curve below it by up to {short.max():.1e} bits")

    print(f"\ndistill benchmark ({platform.processor() or platform.machine()}, "
          f"numpy {np.__version__}, python {platform.python_version()})")
    print("wall time: median of 3 runs (1 run for slow cases); peak memory: tracemalloc, one run\n")
    hdr = f"| {'task':8s} | {'method':15s} | {'table':6s} | {'N':>8s} | M | {'time [s]':>9s} | {'peak [MiB]':>10s} | result | note |"
    print(hdr)
    print("|" + "|".join("-" * (len(c)) for c in hdr.split("|")[1:-1]) + "|")
    for r in rows:
        print(f"| {r['task']:8s} | {r['method']:15s} | {r['table']:6s} | {r['N']:>8d} | {r['M']} | "
              f"{r['seconds']:9.4f} | {r['peak_MiB']:10.1f} | {r['result']} | {r['note']} |")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
