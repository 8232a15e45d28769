"""grazing.run: bit-identical to the CLI, arrays of the right shape, progress, KeyboardInterrupt."""
import csv
import os
import signal
import subprocess

import h5py
import numpy as np
import pytest

import grazing

CFG = {"model": {"name": "mbc", "gamma": -3.0, "h": 0.01},
       "initial": {"kind": "gaussian", "N": 300, "variances": [2.0, 0.5, 0.5]},
       "run": {"t_end": 0.3, "output_every": 0.1, "replicas": 3, "seed": 11},
       "output": {"particles": True}}


@pytest.fixture(scope="module")
def cli_run(grazing_bin, tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    cfg = d / "c.toml"
    cfg.write_text(grazing.to_toml(CFG))
    subprocess.run([grazing_bin, "run", str(cfg), "--out", str(d / "run"), "-q"], check=True)
    return d / "run"


@pytest.fixture(scope="module")
def py_run():
    return grazing.run(CFG)


def test_moments_bit_identical_to_the_cli(cli_run, py_run):
    rows = list(csv.reader(open(cli_run / "moments.csv")))
    assert tuple(rows[0]) == grazing.MOMENT_COLUMNS
    assert len(rows) - 1 == len(py_run.moments) == 4 * 3
    for row, m in zip(rows[1:], py_run.moments):
        for c, text in zip(grazing.MOMENT_COLUMNS, row):
            x = m[c]
            assert (int(text) == x) if c in ("replica", "events") else (float(text) == x), (c, text, x)


def test_velocities_shape_dtype_values(cli_run, py_run):
    with h5py.File(cli_run / "particles.h5", "r") as f:
        ref = f["velocities"][:]
        times = f["times"][:]
    assert np.array_equal(times, py_run.times)
    for k, t in enumerate(py_run.times):
        for r in range(3):
            v = py_run.velocities(t, r)
            assert v.shape == (300, 3) and v.dtype == np.float64
            assert np.array_equal(v, ref[k, r])
    # a view, not a copy
    assert py_run.velocities(0.1, 1).base is not None
    assert np.shares_memory(py_run.velocities(0.1, 1), py_run.velocities_all(0.1))
    with pytest.raises(ValueError):
        py_run.velocities(0.15)


# The other engines: pair splitting (tabary, Strang; landau-diffusion), Euler-Maruyama (tabary), each
# with replicas run in parallel (threads = 2) on the Python side and one thread on the CLI's.
OTHER = {
    "tabary": {"name": "tabary", "gamma": -3.0, "dt": 0.01, "splitting": "strang"},
    "tabary-euler-maruyama": {"name": "tabary", "gamma": -2.5, "dt": 0.005, "scheme": "euler-maruyama"},
    "landau-diffusion": {"name": "landau-diffusion", "gamma": -3.0, "dt": 0.01},
}


@pytest.mark.parametrize("case", sorted(OTHER))
def test_other_models_bit_identical_to_the_cli(grazing_bin, tmp_path, case):
    cfg = {"model": OTHER[case], "initial": {"kind": "gaussian", "N": 101, "variances": [2.0, 0.5, 0.5]},
           "run": {"t_end": 0.06, "output_every": 0.02, "replicas": 3, "seed": 5, "threads": 1},
           "output": {"particles": True}}
    (tmp_path / "c.toml").write_text(grazing.to_toml(cfg))
    subprocess.run([grazing_bin, "run", str(tmp_path / "c.toml"), "--out", str(tmp_path / "run"), "-q"], check=True)
    res = grazing.run(cfg, threads=2)
    rows = list(csv.reader(open(tmp_path / "run" / "moments.csv")))
    assert len(rows) - 1 == len(res.moments) == 4 * 3
    for row, m in zip(rows[1:], res.moments):
        for c, text in zip(grazing.MOMENT_COLUMNS, row):
            assert (int(text) == m[c]) if c in ("replica", "events") else (float(text) == m[c]), (case, c, text, m[c])
    with h5py.File(tmp_path / "run" / "particles.h5", "r") as f:
        V = f["velocities"][:]
    for k, t in enumerate(res.times):
        assert np.array_equal(res.velocities_all(t), V[k]), (case, k)
    assert res.run_info["counters"]["steps"] > 0 and res.run_info["model"] == OTHER[case]["name"]


def test_plot_result_writes_the_run_plots(cli_run, py_run, tmp_path):
    import grazing.plot
    names = grazing.plot.plot_result(py_run, str(tmp_path / "figs"))
    assert names == ["moments.png", "histograms.png"]
    for n in names:
        with open(tmp_path / "figs" / n, "rb") as f:
            head = f.read(8)
        assert head == b"\x89PNG\r\n\x1a\n" and os.path.getsize(tmp_path / "figs" / n) > 10000, n
    # the same plots as `grazing plot` draws from the CLI's run directory (particles.h5 at t_end)
    import shutil
    shutil.copytree(cli_run, tmp_path / "cli")
    assert grazing.plot.plot_run(str(tmp_path / "cli")) == names
    # moments only without velocities
    res = grazing.run(CFG, keep_velocities=False)
    assert grazing.plot.plot_result(res, str(tmp_path / "m")) == ["moments.png"]
    assert sorted(os.listdir(tmp_path / "m")) == ["moments.png"]


def test_run_info_matches_run_json(cli_run, py_run):
    import json
    j = json.load(open(cli_run / "run.json"))
    for k in ("model", "N", "replicas", "seed", "events", "parameters", "landau_C", "approximations",
              "max_rel_energy_drift", "max_momentum_drift", "counters"):
        assert py_run.run_info[k] == j[k], k


def test_progress_and_threads():
    seen = []
    r1 = grazing.run(CFG, progress=lambda t, frac: seen.append((t, frac)), threads=1, keep_velocities=False)
    r2 = grazing.run(CFG, threads=2, keep_velocities=False)
    assert [round(t, 12) for t, _ in seen] == [0.0, 0.1, 0.2, 0.3]
    assert seen[-1][1] == 1.0
    assert np.array_equal(r1.moments, r2.moments)
    assert not r1.has_velocities


def test_callback_exception_stops_the_run():
    def boom(t, frac):
        if t > 0:
            raise RuntimeError("stop here")
    with pytest.raises(RuntimeError, match="stop here"):
        grazing.run(CFG, progress=boom)


def test_keyboard_interrupt_stops_a_run():
    # SIGINT raised from the progress callback at the second output time: the run stops there (10^4
    # output times otherwise)
    long = {k: dict(v) for k, v in CFG.items()}
    long["run"] = {"t_end": 1000.0, "output_every": 0.1, "replicas": 1}
    long["output"] = {}
    seen = []

    def interrupt(t, fraction):
        seen.append(t)
        if t > 0:
            signal.raise_signal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        grazing.run(long, progress=interrupt, keep_velocities=False)
    assert seen == pytest.approx([0.0, 0.1])
    # the previous SIGINT handler (Python's) is back: a later run is unaffected
    assert grazing.run(CFG, keep_velocities=False).moments.shape == (12,)
