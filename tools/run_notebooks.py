#!/usr/bin/env python
"""Execute the book's notebooks with papermill under one profile.

Each entry of ``notebooks/pipeline.toml`` names a jupytext percent-format
notebook in ``notebooks/`` and, optionally, extra parameters (the classifier
chapter runs once per dataset). For each entry this script

1. converts ``notebooks/<notebook>.py`` to an ``.ipynb`` with jupytext,
2. executes it with papermill, passing ``profile``, ``data_root`` and the
   entry's parameters, into a temporary file,
3. moves the result to ``_build/executed/<name>.ipynb`` (or under ``--build``) only when it
   succeeded, so a failed run never replaces (or deletes) an earlier result.

It prints one summary line per notebook with its wall time and exits with
status 1 when any notebook failed (the failed copy is kept under
``_build/failed/`` for inspection), or 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIPELINE = ROOT / "notebooks" / "pipeline.toml"
PROFILES = ("quick", "full", "paper")
CELL_TIMEOUT = {"quick": 900, "full": 7200, "paper": 172800}


def fail(message: str) -> None:
    print(f"run_notebooks: {message}", file=sys.stderr)
    raise SystemExit(2)


def kernel_for_this_python(folder: Path) -> str:
    """Register a Jupyter kernel that runs this very interpreter.

    A kernel named "python3" could resolve to another environment (a user-wide
    kernel spec wins over the environment's own), so the notebooks get a
    kernel spec of their own, found through ``JUPYTER_PATH``.
    """
    spec_dir = folder / "kernels" / "distill"
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [
            sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
            # NumPy 2 prints scalars as "np.float64(0.5)", which myst-nb's glue
            # cannot format as a number: print them as plain numbers.
            "--IPKernelApp.exec_lines=import numpy; numpy.set_printoptions(legacy='1.25')",
            # the kernel talks to papermill over loopback TCP; its warning that
            # the channel is unencrypted would repeat for every notebook
            "--IPKernelApp.log_level=ERROR",
        ],
        "display_name": "Python 3 (distill)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1))
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(folder), os.environ.get("JUPYTER_PATH", "")) if p
    )
    return "distill"


def retitle(nb, title: str) -> None:
    """Replace the first top-level heading of ``nb`` (one notebook, several runs)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = cell.source.splitlines()
            for i, line in enumerate(lines):
                if line.startswith("# "):
                    lines[i] = f"# {title}"
                    cell.source = "\n".join(lines)
                    return
    raise ValueError("pipeline.toml gives a title but the notebook has no '# ' heading")


def load_pipeline(path: Path = PIPELINE) -> list[dict]:
    with open(path, "rb") as fh:
        runs = tomllib.load(fh).get("run", [])
    for run in runs:
        run.setdefault("name", run["notebook"])
        run.setdefault("parameters", {})
        source = ROOT / "notebooks" / f"{run['notebook']}.py"
        if not source.is_file():
            fail(f"pipeline.toml names {run['notebook']!r} but {source} does not exist")
    return runs


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="full", help="quick, full or paper")
    parser.add_argument("--data", default="", help="data root (default: $DISTILL_DATA)")
    parser.add_argument(
        "--only", nargs="*", default=None, help="run only these entries (by name)"
    )
    parser.add_argument(
        "-p", "--parameter", nargs=2, action="append", default=[],
        metavar=("NAME", "VALUE"),
        help="extra papermill parameter for every notebook (VALUE parsed as YAML)",
    )
    parser.add_argument(
        "--build", default=str(ROOT / "_build"),
        help="build folder; executed notebooks go to BUILD/executed (default _build)",
    )
    args = parser.parse_args(argv)
    if args.profile not in PROFILES:
        fail(f"unknown profile {args.profile!r}; choose one of {', '.join(PROFILES)}")
    data = args.data or os.environ.get("DISTILL_DATA", "")
    if data:
        root = Path(data).expanduser().resolve()
        if not root.is_dir():
            fail(
                f"data root {str(root)!r} does not exist; pass an existing folder "
                "(DATA=path) or leave it empty to download with torchvision"
            )
        # the notebooks run in the repository root: a data root next to it is
        # passed relative (the injected parameters cell shows no machine path)
        rel = Path(os.path.relpath(root, ROOT))
        args.data = rel.as_posix() if rel.parts.count("..") <= 1 else str(root)
    else:
        args.data = None
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    runs = load_pipeline()
    if args.only:
        known = {run["name"] for run in runs}
        unknown = sorted(set(args.only) - known)
        if unknown:
            fail(f"unknown notebook(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        runs = [run for run in runs if run["name"] in args.only]

    import jupytext
    import papermill
    import yaml

    extra = {name: yaml.safe_load(value) for name, value in args.parameter}
    out_dir = Path(args.build).resolve() / "executed"
    tmp_dir = out_dir.parent / "tmp"
    failed_dir = out_dir.parent / "failed"
    for folder in (out_dir, tmp_dir):
        folder.mkdir(parents=True, exist_ok=True)

    kernel = kernel_for_this_python(out_dir.parent / "jupyter")
    summary = []
    t_all = time.perf_counter()
    for run in runs:
        name = run["name"]
        source = ROOT / "notebooks" / f"{run['notebook']}.py"
        parameters = {"profile": args.profile, "data_root": args.data}
        parameters.update(run["parameters"])
        parameters.update(extra)
        nb = jupytext.read(source)
        if "title" in run:
            retitle(nb, run["title"])
        nb.metadata["kernelspec"] = {
            "name": "python3", "display_name": "Python 3", "language": "python",
        }
        src_nb = tmp_dir / f"{name}.source.ipynb"
        tmp_nb = tmp_dir / f"{name}.ipynb"
        jupytext.write(nb, src_nb)
        print(f"== {name}: executing ({args.profile})", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        error = None
        try:
            papermill.execute_notebook(
                str(src_nb),
                str(tmp_nb),
                parameters=parameters,
                kernel_name=kernel,
                cwd=str(ROOT),
                progress_bar=True,
                execution_timeout=CELL_TIMEOUT[args.profile],
            )
        except Exception as exc:  # papermill raises PapermillExecutionError
            if hasattr(exc, "ename"):
                error = f"{exc.ename}: {exc.evalue}".replace("\n", " ")
            else:
                lines = str(exc).strip().splitlines()
                error = lines[-1] if lines else type(exc).__name__
        wall = time.perf_counter() - t0
        if error is None:
            os.replace(tmp_nb, out_dir / f"{name}.ipynb")
            (failed_dir / f"{name}.ipynb").unlink(missing_ok=True)  # stale failure
            status = "ok"
        else:
            failed_dir.mkdir(parents=True, exist_ok=True)
            if tmp_nb.exists():
                os.replace(tmp_nb, failed_dir / f"{name}.ipynb")
            status = f"FAILED: {error[:300]}"
        src_nb.unlink(missing_ok=True)
        line = f"{name:<34} {wall:8.1f} s  {status}"
        summary.append((name, error is None, line))
        print(line, file=sys.stderr, flush=True)

    total = time.perf_counter() - t_all
    print(f"\nnotebooks ({args.profile} profile):", file=sys.stderr)
    for _, _, line in summary:
        print("  " + line, file=sys.stderr)
    n_failed = sum(not ok for _, ok, _ in summary)
    print(
        f"  {len(summary) - n_failed} ok, {n_failed} failed, {total:.1f} s in all",
        file=sys.stderr,
    )
    if n_failed:
        names = ", ".join(name for name, ok, _ in summary if not ok)
        print(
            f"run_notebooks: failed: {names} (executed copies in {failed_dir}); "
            f"earlier results in {out_dir} are kept",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
