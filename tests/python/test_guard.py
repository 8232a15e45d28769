"""The numerical guard is one: grazing.Simulation rejects a state with the message grazing run prints.

The state of tests/cli/numerical_guard.sh case A: two particles 1e-150 apart (in a component where both
are 0) under tabary Euler-Maruyama at gamma = -3 with eta = 1e-300, so r^gamma overflows and the first
step makes particles 5 and 6 NaN, whatever the random numbers. The CLI's run.json error and Python's
RuntimeError must be the same text, for the run's first step and for a later start time.
"""
import json
import subprocess

import numpy as np
import pytest

import grazing

V = np.array([[0.3, -1.1, 0.4], [-0.7, 0.2, 0.9], [1.2, 0.5, -0.3], [-0.4, -0.6, -1.0],
              [0.8, 1.0, 0.1], [0.5, 0.5, 0.0], [0.5, 0.5, 1e-150], [-1.3, 0.1, 0.6]])
MODEL = {"name": "tabary", "scheme": "euler-maruyama", "gamma": -3.0, "eta": 1e-300, "dt": 1e-3}


def cli_error(grazing_bin, tmp_path, output_every):
    np.savetxt(tmp_path / "v.csv", V, delimiter=",", header="vx,vy,vz", comments="")
    cfg = tmp_path / "a.toml"
    cfg.write_text('[model]\nname = "tabary"\nscheme = "euler-maruyama"\ngamma = -3.0\neta = 1e-300\ndt = 1e-3\n'
                   '[initial]\nkind = "file"\npath = "v.csv"\n'
                   f'[run]\nt_end = 0.01\noutput_every = {output_every}\nreplicas = 1\nseed = 4\n')
    out = tmp_path / "run"
    p = subprocess.run([grazing_bin, "run", str(cfg), "--out", str(out), "-q"], capture_output=True, text=True)
    assert p.returncode == 1, p.stderr
    error = json.load(open(out / "run.json"))["error"]
    assert p.stderr.strip() == "grazing: failed: " + error
    return error


@pytest.mark.parametrize("output_every", [1e-3, 0.01])
def test_python_and_cli_guards_give_the_same_message(grazing_bin, tmp_path, output_every):
    cli = cli_error(grazing_bin, tmp_path, output_every)
    assert "at t = 0.001, replica 0, particle 5 (in the step where it appeared)" in cli
    sim = grazing.Simulation(V, MODEL, seed=4, threads=1)
    with pytest.raises(RuntimeError) as err:
        sim.advance(output_every)
    assert str(err.value) == cli


def test_the_guard_names_the_time_of_the_step_on_the_run_clock(tmp_path):
    # Started at t = 2 on a clock twice as slow (landau_C = 1/2 for a model of C = 1): the step of
    # model time 1e-3 is run time 2 + 0.002.
    sim = grazing.Simulation(V, dict(MODEL, landau_C=0.5), seed=4, t=2.0, threads=1)
    with pytest.raises(RuntimeError, match=r"at t = 2\.002, replica 0, particle 5 \(in the step where it appeared\)"):
        sim.advance(2.01)
