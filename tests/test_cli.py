"""Tests of the command line ``python -m distill`` (DESIGN.md's contract)."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from distill.__main__ import main
from distill.binning import joint_from_cdf, joint_from_samples, read_cdf_csv
from distill.frontier import corners, frontier

ROOT = Path(__file__).resolve().parents[1]
MNIST = Path("/work/shared/reference/tegmark-wu-2019/MNISTF.csv")


def _grid_csv(tmp_path, n=201):
    w = np.linspace(0, 1, n)
    f = tmp_path / "grid.csv"
    np.savetxt(f, np.stack([w, w ** 2 / 2, w - w ** 2 / 2], axis=1), delimiter=",")
    return f


def _pred_csv(tmp_path, n=900, seed=0):
    rng = np.random.default_rng(seed)
    w = rng.random(n)
    y = np.where(rng.random(n) < w, 1, 2)
    f = tmp_path / "pred.csv"
    np.savetxt(f, np.stack([w, y], axis=1), delimiter=",", header="w,y", comments="", fmt=["%.17g", "%d"])
    return f, w, y


def run_cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_corners_json_contract(tmp_path, capsys):
    f = _grid_csv(tmp_path)
    code, out, err = run_cli(capsys, "corners", "--cdf", f, "--max-bins", 4)
    assert code == 0 and err == ""
    d = json.loads(out)
    assert set(d) >= {"I_total", "H_Y", "corners"}
    assert [c["bins"] for c in d["corners"]] == [1, 2, 3, 4]
    for c in d["corners"]:
        assert set(c) >= {"bins", "H", "I", "thresholds", "joint"}
        assert len(c["thresholds"]) == c["bins"] - 1
        assert np.array(c["joint"]).shape == (c["bins"], 2)
    # same numbers as the library
    ref = corners(joint_from_cdf(*read_cdf_csv(f)), 4)
    assert [c["I"] for c in d["corners"]] == pytest.approx(ref.I.tolist(), abs=1e-15)
    # a monotone problem: thresholds on the W scale, increasing
    assert d["corners"][3]["threshold_scale"] == "w"
    assert np.all(np.diff(d["corners"][3]["thresholds"]) > 0)


def test_frontier_json_contract_with_at(tmp_path, capsys):
    f = _grid_csv(tmp_path, 41)
    code, out, err = run_cli(capsys, "frontier", "--cdf", f, "--max-bins", 3, "--at", "0.5,1,1.5")
    assert code == 0
    d = json.loads(out)
    pts = np.array(d["points"])
    assert pts.shape[1] == 2 and np.all(np.diff(pts[:, 0]) > 0)
    assert [a["H"] for a in d["at"]] == [0.5, 1.0, 1.5]
    fr = frontier(joint_from_cdf(*read_cdf_csv(f)), 3)
    assert [a["I"] for a in d["at"]] == pytest.approx(fr.at([0.5, 1.0, 1.5]).tolist(), abs=1e-15)


def test_fine_bins_resamples_the_grid(tmp_path, capsys):
    f = _grid_csv(tmp_path)
    code, out, _ = run_cli(capsys, "corners", "--cdf", f, "--max-bins", 2, "--fine-bins", 10)
    assert code == 0
    assert json.loads(out)["n_fine"] == 10


def test_predictions_source_default_sqrt_bins(tmp_path, capsys):
    f, w, y = _pred_csv(tmp_path)
    code, out, _ = run_cli(capsys, "corners", "--predictions", f, "--max-bins", 3)
    assert code == 0
    d = json.loads(out)
    assert d["n_fine"] == 30  # round(sqrt(900))
    ref = corners(joint_from_samples(w, y), 3)
    assert d["corners"][2]["I"] == pytest.approx(ref.corners[2].I, abs=1e-15)


def test_no_sort_groups_in_w_order(tmp_path, capsys):
    f, _, _ = _pred_csv(tmp_path)
    _, a, _ = run_cli(capsys, "corners", "--predictions", f, "--max-bins", 3)
    _, b, _ = run_cli(capsys, "corners", "--predictions", f, "--max-bins", 3, "--no-sort")
    a, b = json.loads(a), json.loads(b)
    assert b["sorted"] is False
    assert b["corners"][2]["I"] <= a["corners"][2]["I"] + 1e-15
    assert b["corners"][2]["threshold_scale"] == "w"


@pytest.mark.parametrize(
    "args, message",
    [
        (["corners", "--max-bins", "3"], "one of the arguments --cdf --predictions --analytic is required"),
        (["corners", "--cdf", "{missing}", "--max-bins", "3"], "CDF file .* does not exist"),
        (["corners", "--cdf", "{grid}", "--max-bins", "0"], "argument --max-bins: must be a positive integer; got 0"),
        (["corners", "--cdf", "{grid}", "--max-bins", "3", "--fine-bins", "x"], "argument --fine-bins: must be a positive integer"),
        (["corners", "--cdf", "{grid}", "--max-bins", "300"], r"max_bins must not exceed the number of non-empty fine bins \(200\); got 300"),
        (["frontier", "--cdf", "{grid}", "--max-bins", "3", "--at", "1,-2"], "entropies must be finite and >= 0 bits; got -2"),
        (["corners", "--cdf", "{grid}", "--max-bins", "3", "--at", "1"], "unrecognized arguments: --at 1"),
        (["corners", "--cdf", "{bad}", "--max-bins", "3"], r"expected 3 columns \(w, F1, F2\); got 2"),
        (["corners", "--predictions", "{onecls}", "--max-bins", "2"], "y has a class with no samples"),
        (["corners", "--cdf", "{grid}", "--predictions", "{grid}", "--max-bins", "2"], "not allowed with argument"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, args, message):
    grid = _grid_csv(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("0,0\n1,1\n")
    onecls = tmp_path / "one.csv"
    onecls.write_text("0.1,1\n0.2,1\n0.3,1\n")
    subs = {"{grid}": grid, "{missing}": tmp_path / "nope.csv", "{bad}": bad, "{onecls}": onecls}
    args = [str(subs.get(a, a)) for a in args]
    code, out, err = run_cli(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("python -m distill: error: ")
    assert __import__("re").search(message, err)


def test_module_runs_without_torch_or_matplotlib(tmp_path):
    f = _grid_csv(tmp_path, 51)
    code = (
        "import sys, runpy; sys.argv = ['distill', 'corners', '--cdf', %r, '--max-bins', '2'];"
        "import io, contextlib\n"
        "buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf):\n"
        "    try:\n"
        "        runpy.run_module('distill', run_name='__main__')\n"
        "    except SystemExit as e:\n"
        "        assert e.code == 0, e.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'matplotlib', 'pandas', 'torchvision'))\n"
        "print(heavy)\n" % str(f)
    )
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"


def test_subprocess_error_exit_status(tmp_path):
    res = subprocess.run([sys.executable, "-m", "distill", "corners", "--cdf", str(tmp_path / "x.csv"),
                          "--max-bins", "2"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert res.returncode == 2
    assert res.stdout == ""
    assert len(res.stderr.strip().splitlines()) == 1
    assert "Traceback" not in res.stderr


@pytest.mark.skipif(not MNIST.is_file(), reason="authors' files not present")
def test_mnist_eight_corners(capsys):
    code, out, _ = run_cli(capsys, "corners", "--cdf", MNIST, "--max-bins", 8)
    assert code == 0
    d = json.loads(out)
    assert len(d["corners"]) == 8
    I = [c["I"] for c in d["corners"]]
    assert np.all(np.diff(I) >= 0) and I[-1] <= d["I_total"]


def test_analytic_source_uses_joint_table(monkeypatch, capsys):
    import types

    import distill
    from distill.binning import JointTable

    calls = []
    fake = types.ModuleType("distill.analytic")

    def joint_table(n_bins):
        calls.append(n_bins)
        p = np.linspace(1, 2, n_bins)
        return JointTable(np.stack([p, p[::-1] ** 2], axis=1) / (p.sum() + (p ** 2).sum()))

    fake.joint_table = joint_table
    monkeypatch.setitem(sys.modules, "distill.analytic", fake)
    monkeypatch.setattr(distill, "analytic", fake, raising=False)
    code, out, _ = run_cli(capsys, "corners", "--analytic", "--max-bins", 2, "--fine-bins", 50)
    assert code == 0 and calls == [50]
    assert len(json.loads(out)["corners"]) == 2


def test_analytic_source_without_joint_table_is_an_error(monkeypatch, capsys):
    import types

    import distill

    fake = types.ModuleType("distill.analytic")
    monkeypatch.setitem(sys.modules, "distill.analytic", fake)
    monkeypatch.setattr(distill, "analytic", fake, raising=False)
    code, out, err = run_cli(capsys, "corners", "--analytic", "--max-bins", 2)
    assert code == 2 and out == ""
    assert "distill.analytic.joint_table(n_bins), which is missing" in err


def test_frontier_coarse_envelope_is_flagged_approximate_its_at_values_exact(tmp_path, capsys):
    f = _grid_csv(tmp_path, 401)
    code, out, _ = run_cli(capsys, "frontier", "--cdf", f, "--max-bins", 3, "--coarse", 20, "--at", "1")
    assert code == 0
    d = json.loads(out)
    assert d["exact"] is False
    exact = frontier(joint_from_cdf(*read_cdf_csv(f)), 3)
    # the envelope is approximate, the values asked for with --at are exact
    assert d["at"][0]["exact"] is True
    assert d["at"][0]["I"] == pytest.approx(exact.at(1.0), abs=1e-12)


@pytest.mark.skipif(not MNIST.is_file(), reason="authors' files not present")
def test_frontier_on_the_full_authors_grid_suggests_the_way_out(capsys):
    code, out, err = run_cli(capsys, "frontier", "--cdf", MNIST, "--max-bins", 8)
    assert code == 2 and out == ""
    assert "--fine-bins 1000" in err and "--coarse 200" in err
