"""Command line: corners and frontiers of H(Z) against I(Z;Y), as JSON.

    python -m distill corners  SOURCE --max-bins M [--fine-bins N] [--no-sort]
    python -m distill frontier SOURCE --max-bins M [--at H1,H2,...] [--fine-bins N] [--no-sort]

SOURCE is one of ``--cdf FILE.csv`` (columns w, F1, F2 with
F_j(w) = P(W < w, Y = j)), ``--predictions FILE.csv`` (columns w, y) or
``--analytic``. JSON goes to stdout; a bad input gets one line on stderr and
exit status 2. Only numpy and scipy are imported.
"""

from __future__ import annotations

import argparse
import json
import math
import sys

import numpy as np

EXIT_BAD_INPUT = 2
ANALYTIC_DEFAULT_FINE_BINS = 1000
"""Fine bins for ``--analytic`` without ``--fine-bins`` (binning loss < 6/N bits)."""


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (no usage dump)."""

    def error(self, message):  # noqa: D102 (argparse API)
        raise _UsageError(message)


def _positive_int(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a positive integer; got {text!r}") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer; got {v}")
    return v


def _entropy_list(text: str) -> list[float]:
    vals = []
    for part in text.split(","):
        part = part.strip()
        try:
            v = float(part)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"must be comma-separated entropies in bits, e.g. 0.5,1,1.5; got {part!r}"
            ) from None
        if not math.isfinite(v) or v < 0:
            raise argparse.ArgumentTypeError(f"entropies must be finite and >= 0 bits; got {part}")
        vals.append(v)
    return vals


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m distill",
        description="Exact corners and Pareto frontier of H(Z) against I(Z;Y) "
                    "(Tegmark & Wu 2019). Prints JSON; all quantities in bits.",
    )
    sub = parser.add_subparsers(dest="command", metavar="{corners,frontier}")
    sub.required = True
    notes = {
        "corners": "Thresholds are on the W scale (\"threshold_scale\": \"w\") when the "
                   "groups are W-intervals; when sorting by P(Y=1|bin) reorders the fine "
                   "bins they are on the posterior scale (\"posterior\"). --no-sort keeps "
                   "W-intervals.",
        "frontier": "The envelope is exact on the fine bins; its cost grows fast with N "
                    "(up to about a minute at N = 1000, M = 8): use --fine-bins to resample "
                    "a coarser grid, or --coarse K for the coarse-to-fine approximation "
                    "(\"exact\": false in the JSON).",
    }
    for name, help_text in (
        ("corners", "for each m = 1..M, the grouping into m bins with the most I(Z;Y)"),
        ("frontier", "the upper envelope I*(H): best I(Z;Y) with H(Z) <= H"),
    ):
        p = sub.add_parser(name, help=help_text, description=f"{help_text}. {notes[name]}")
        src = p.add_mutually_exclusive_group(required=True)
        src.add_argument("--cdf", metavar="FILE.csv",
                         help="joint CDF grid: columns w, F1, F2 with F_j(w) = P(W < w, Y = j)")
        src.add_argument("--predictions", metavar="FILE.csv",
                         help="predicted probabilities and labels: columns w, y "
                              "(y in {1, 2} or {0, 1}; label 1 is the class W is the "
                              "probability of)")
        src.add_argument("--analytic", action="store_true",
                         help="the paper's analytic warm-up example")
        p.add_argument("--max-bins", type=_positive_int, required=True, metavar="M",
                       help="largest number of bins M")
        p.add_argument("--fine-bins", type=_positive_int, default=None, metavar="N",
                       help="number of fine bins N. Default: the grid's own cells for "
                            "--cdf; round(sqrt(n)) equal-count bins for --predictions "
                            "with n samples (one bin per sample would make every bin "
                            "pure after sorting and overstate I); "
                            f"{ANALYTIC_DEFAULT_FINE_BINS} for --analytic")
        p.add_argument("--no-sort", action="store_true",
                       help="group contiguous fine bins in W order instead of sorting "
                            "them by P(Y=1|bin) first")
        if name == "frontier":
            p.add_argument("--at", type=_entropy_list, default=None, metavar="H1,H2,...",
                           help="also report I*(h) at these entropies (bits); exact "
                                "also with --coarse, up to 2500 non-empty fine bins")
            p.add_argument("--coarse", type=_positive_int, default=None, metavar="K",
                           help="approximate: exact frontier on K equal-mass blocks of the "
                                "sorted fine bins, then each boundary refined over the fine "
                                "bins")
    return parser


def _load_table(args):
    from .binning import joint_from_cdf, joint_from_samples, read_cdf_csv, read_predictions_csv

    if args.cdf is not None:
        w, f1, f2 = read_cdf_csv(args.cdf)
        return joint_from_cdf(w, f1, f2, n_bins=args.fine_bins)
    if args.predictions is not None:
        w, y = read_predictions_csv(args.predictions)
        return joint_from_samples(w, y, n_bins=args.fine_bins)
    try:
        from . import analytic
    except ImportError as exc:
        raise ValueError(f"--analytic needs distill.analytic, which could not be imported ({exc})") from None
    if not hasattr(analytic, "joint_table"):
        raise ValueError("--analytic needs distill.analytic.joint_table(n_bins), which is missing")
    n = args.fine_bins or ANALYTIC_DEFAULT_FINE_BINS
    return analytic.joint_table(n)


def run(argv=None) -> dict:
    """Parse ``argv`` and return the JSON-ready result (raises on bad input)."""
    from .frontier import LAMBDA_MAX_ROWS, corners, frontier, frontier_at

    args = build_parser().parse_args(argv)
    table = _load_table(args)
    sort = not args.no_sort
    if args.command == "corners":
        return corners(table, args.max_bins, sort=sort).to_dict()
    res = frontier(table, args.max_bins, sort=sort, coarse=args.coarse)
    out = res.to_dict()
    if args.at is not None:
        hs = np.array(args.at, dtype=float)
        vals, exact = np.atleast_1d(res.at(hs)), res.exact
        if not exact and table.n_nonempty <= LAMBDA_MAX_ROWS:
            # the approximate envelope seeds an exact search at each budget
            vals, exact = frontier_at(table, hs, args.max_bins, sort=sort, start=res).I, True
        out["at"] = [{"H": float(h), "I": float(v), "exact": bool(exact)} for h, v in zip(hs, vals)]
    return out


def main(argv=None) -> int:
    """Entry point: print JSON, or one error line and exit status 2."""
    try:
        out = run(argv)
    except _UsageError as exc:
        print(f"python -m distill: error: {exc} (see --help)", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (ValueError, FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        msg = " ".join(str(exc).split())
        print(f"python -m distill: error: {msg}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into head: not an error of ours
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
