"""The book's build tools: pipeline, table of contents and notebooks agree."""

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import build_book  # noqa: E402


def pipeline():
    with open(ROOT / "notebooks" / "pipeline.toml", "rb") as fh:
        return tomllib.load(fh).get("run", [])


def test_every_pipeline_run_is_in_the_table_of_contents():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = {Path(f).name for f in build_book.toc_files(toc)}
    for run in pipeline():
        assert run.get("name", run["notebook"]) in files


def test_every_toc_file_exists_as_prose_or_pipeline_run():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    runs = {run.get("name", run["notebook"]) for run in pipeline()}
    for entry in build_book.toc_files(toc):
        if entry.startswith("notebooks/"):
            assert Path(entry).name in runs, entry
        else:
            assert (ROOT / f"{entry}.md").is_file(), entry


@pytest.mark.parametrize("run", pipeline(), ids=lambda r: r.get("name", r["notebook"]))
def test_parameters_cell_parses_and_has_profile_and_data_root(run, recwarn):
    # papermill reads the parameters cell to report unknown parameters; a line
    # it cannot parse (an "=" in a comment, say) makes it warn that a real
    # parameter is unknown.
    import nbformat
    from papermill.translators import PythonTranslator

    text = (ROOT / "notebooks" / f"{run['notebook']}.py").read_text()
    _, _, rest = text.partition('# %% tags=["parameters"]')
    assert rest, "no cell tagged parameters"
    source = rest.split("# %%", 1)[0]
    assigned = [
        line.split("=", 1)[0].strip() for line in source.splitlines()
        if "=" in line.split("#", 1)[0]
    ]
    names = [p.name for p in PythonTranslator.inspect(nbformat.v4.new_code_cell(source))]
    assert names == assigned
    assert "profile" in names and "data_root" in names
    for name in run.get("parameters", {}):
        assert name in names, f"pipeline.toml passes {name!r}, not a parameter"


def test_runner_rejects_an_unknown_profile_in_one_line():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "run_notebooks.py"), "--profile", "nonsense"],
        capture_output=True, text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "run_notebooks: unknown profile 'nonsense'; choose one of quick, full, paper"
    )


def test_runner_rejects_a_missing_data_root(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "run_notebooks.py"), "--profile", "quick",
         "--data", str(tmp_path / "nope")],
        capture_output=True, text=True,
    )
    assert proc.returncode == 2
    assert "does not exist" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_toc_files_walks_nested_parts():
    toc = {"root": "a", "parts": [{"chapters": [{"file": "b", "sections": [{"file": "c"}]}]}]}
    assert build_book.toc_files(toc) == ["a", "b", "c"]


def test_check_site_follows_the_redirect_page(tmp_path):
    import check_site

    page = tmp_path / "index.html"
    page.write_text('<meta http-equiv="Refresh" content="0; url=book/intro.html" />')
    assert check_site.redirect_target(page) == "book/intro.html"
    page.write_text("<html><head><title>t</title></head><body>no redirect</body></html>")
    assert check_site.redirect_target(page) is None
    # a redirect to a page that is not there is a broken link
    (tmp_path / "book").mkdir()
    assert check_site.check_link("http://x/book/intro.html", "http://x/", tmp_path) == \
        "broken link to book/intro.html"
    (tmp_path / "book" / "intro.html").write_text("<html></html>")
    assert check_site.check_link("http://x/book/intro.html", "http://x/", tmp_path) is None


def test_runner_passes_a_nearby_data_root_relative_to_the_repository(tmp_path):
    import run_notebooks

    sibling = ROOT.parent / "shared" / "data"
    if sibling.is_dir():
        assert run_notebooks.parse_args(["--data", str(sibling)]).data == "../shared/data"
    inside = ROOT / "tests"
    assert run_notebooks.parse_args(["--data", str(inside)]).data == "tests"
    # far away: absolute, and the notebooks (run in the repository root) find it either way
    far = run_notebooks.parse_args(["--data", str(tmp_path)]).data
    assert (ROOT / far).resolve() == tmp_path.resolve()
