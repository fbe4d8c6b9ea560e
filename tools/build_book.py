#!/usr/bin/env python
"""Render the book from the prose in ``book/`` and the executed notebooks.

Stages a source tree in ``BUILD/src`` (``_config.yml``, ``_toc.yml``,
``book/`` and ``BUILD/executed/*.ipynb`` as ``notebooks/``), runs
``jupyter-book build`` on it into ``BUILD/next`` and, only if that succeeded,
replaces ``BUILD/html``: a failed build leaves the previous book in place.
``BUILD`` is ``_build`` unless ``--build`` says otherwise.
``--strict`` turns Sphinx warnings into errors.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"


def toc_files(toc: dict) -> list[str]:
    """Every file named anywhere in a sphinx-external-toc ``_toc.yml``."""
    found = [toc["root"]] if "root" in toc else []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="warnings are errors")
    parser.add_argument(
        "--build", default=str(BUILD),
        help="build folder holding executed/ (input) and html/ (output); default _build",
    )
    args = parser.parse_args(argv)
    build = Path(args.build).resolve()

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    executed = build / "executed"
    src = build / "src"
    if src.exists():
        shutil.rmtree(src)
    (src / "notebooks").mkdir(parents=True)
    shutil.copy2(ROOT / "_config.yml", src / "_config.yml")
    shutil.copy2(ROOT / "_toc.yml", src / "_toc.yml")
    shutil.copytree(ROOT / "book", src / "book")

    missing = []
    for entry in toc_files(toc):
        if entry.startswith("notebooks/"):
            name = Path(entry).name.removesuffix(".ipynb")
            nb = executed / f"{name}.ipynb"
            if nb.is_file():
                shutil.copy2(nb, src / "notebooks" / f"{name}.ipynb")
            else:
                missing.append(name)
    if missing:
        print(
            f"build_book: no executed notebook for {', '.join(missing)} in {executed}; "
            "run tools/run_notebooks.py (make book / make test) first",
            file=sys.stderr,
        )
        return 2

    out = build / "next"
    if out.exists():
        shutil.rmtree(out)
    # -q: no Sphinx status lines; warnings and errors are still printed.
    cmd = [
        str(Path(sys.executable).parent / "jupyter-book"), "build", "-q", str(src),
        "--path-output", str(out),
    ]
    if args.strict:
        cmd += ["-W", "--keep-going"]
    t0 = time.perf_counter()
    # Jupyter Book's banner names the temporary output folder: show its
    # standard output only when the build failed (warnings go to stderr).
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    new_html = out / "_build" / "html"
    if proc.returncode != 0 or not (new_html / "index.html").is_file():
        print(proc.stdout, file=sys.stderr)
        print(
            f"build_book: jupyter-book build failed after {wall:.1f} s "
            f"(exit {proc.returncode}); the previous {build / 'html'} is kept",
            file=sys.stderr,
        )
        return 1
    html = build / "html"
    old = build / "html.old"
    if old.exists():
        shutil.rmtree(old)
    if html.exists():
        os.replace(html, old)
    os.replace(new_html, html)
    if old.exists():
        shutil.rmtree(old)
    print(f"build_book: rendered {html / 'index.html'} in {wall:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
