"""grazing.initial_sample and grazing.Simulation: every initial kind's draw is the CLI run's t = 0 state,
and every model advanced from it over the run's output times gives the CLI's particles.h5 and
moments.csv bit for bit; the errors are the CLI's."""
import csv
import os
import signal
import subprocess

import h5py
import numpy as np
import pytest

import grazing

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FOUR = os.path.join(ROOT, "tests", "data", "four_planar.csv")

INITIAL = {  # kind's keys (N included unless the kind fixes it)
    "maxwellian": {"N": 70, "mean": [0.5, 0.0, -0.25], "temperature": 1.5},
    "gaussian": {"N": 70, "variances": [2.0, 0.5, 0.5], "exact_moments": True},
    "bkw": {"N": 70, "K0": 0.7},
    "two-maxwellians": {"N": 70, "means": [[1, 0, 0], [-1, 0, 0]], "temperatures": [0.5, 1.0], "weights": [0.3, 0.7]},
    "file": {"path": FOUR},
}

# Every model of the registry (the tabary schemes and splittings too); N = 65 is odd (binary pairing's
# triple) and not a multiple of the blocks of 64.
MODELS = {
    "mbc": {"name": "mbc", "gamma": -3.0, "h": 0.01},
    "mbc-rate-thinning": {"name": "mbc-rate", "gamma": 0.5, "h": 0.02},
    "mbc-rate-tree": {"name": "mbc-rate", "gamma": -2.0, "h": 0.02},
    "tabary-lie": {"name": "tabary", "gamma": -3.0, "dt": 0.01},
    "tabary-strang": {"name": "tabary", "gamma": -2.5, "dt": 0.01, "splitting": "strang"},
    "tabary-em": {"name": "tabary", "gamma": -3.0, "dt": 0.005, "scheme": "euler-maruyama", "project": True},
    "tabary-independent": {"name": "tabary-independent", "gamma": -2.5, "dt": 0.005},
    "tabary-mckean": {"name": "tabary-mckean", "gamma": -2.5, "dt": 0.005},
    "landau-diffusion": {"name": "landau-diffusion", "gamma": 0.0, "dt": 0.01, "splitting": "strang"},
    "landau-diffusion-clock": {"name": "landau-diffusion", "gamma": -3.0, "dt": 0.01, "landau_C": 1.0},
    "takizuka-abe": {"name": "takizuka-abe", "gamma": -3.0, "dt": 0.01},
    "nanbu": {"name": "nanbu", "gamma": -3.0, "dt": 0.01},
}
SEED = 23


def cli_run(grazing_bin, tmp_path, model, initial, replicas=2, t_end=0.06, every=0.02):
    cfg = {"model": model, "initial": initial,
           "run": {"t_end": t_end, "output_every": every, "replicas": replicas, "seed": SEED, "threads": 1},
           "output": {"particles": True}}
    path = tmp_path / "c.toml"
    path.write_text(grazing.to_toml(cfg))
    subprocess.run([grazing_bin, "run", str(path), "--out", str(tmp_path / "run"), "-q"], check=True)
    with h5py.File(tmp_path / "run" / "particles.h5", "r") as f:
        V = f["velocities"][:]
    rows = list(csv.DictReader(open(tmp_path / "run" / "moments.csv")))
    return grazing.Config(cfg), V, rows


@pytest.mark.parametrize("kind", sorted(INITIAL))
def test_initial_sample_is_the_runs_t0_state(grazing_bin, tmp_path, kind):
    keys = dict(INITIAL[kind])
    _, V, _ = cli_run(grazing_bin, tmp_path, MODELS["mbc"], dict(kind=kind, **keys), replicas=3)
    N = keys.pop("N", None)
    for r in range(3):
        v = grazing.initial_sample(kind, N=N, seed=SEED, replica=r, **keys)
        assert v.shape == V.shape[2:] and v.dtype == np.float64
        assert np.array_equal(v, V[0, r]), (kind, r)
    if kind != "file":  # the replicas and seeds differ (the file kind gives every replica the file)
        assert not np.array_equal(grazing.initial_sample(kind, N=N, seed=SEED, replica=0, **keys),
                                  grazing.initial_sample(kind, N=N, seed=SEED, replica=1, **keys))
        assert not np.array_equal(grazing.initial_sample(kind, N=N, seed=SEED, **keys),
                                  grazing.initial_sample(kind, N=N, seed=SEED + 1, **keys))


@pytest.mark.parametrize("case", sorted(MODELS))
def test_simulation_is_the_runs_replica(grazing_bin, tmp_path, case):
    model = MODELS[case]
    initial = {"kind": "gaussian", "N": 65, "variances": [2.0, 0.5, 0.5]}
    config, V, rows = cli_run(grazing_bin, tmp_path, model, initial)
    times = config.output_times
    R = 2
    for r in range(R):
        v0 = grazing.initial_sample("gaussian", N=65, seed=SEED, replica=r, variances=[2.0, 0.5, 0.5])
        sim = grazing.Simulation(v0, model, seed=SEED, replica=r, threads=1)
        assert sim.model == model["name"] and sim.N == 65 and sim.t == 0.0
        for k in range(1, len(times)):
            sim.advance(times[k])
            assert sim.interval == k and sim.t == times[k]
            assert np.array_equal(sim.velocities, V[k, r]), (case, k, r)
            row = rows[k * R + r]
            assert int(row["replica"]) == r and int(row["events"]) == sim.counters["events"]
            for c, x in sim.moments().items():
                assert float(row[c]) == x, (case, c)
    # one interval by the function form, from the run's state at t_1 with the counters after it (not for
    # a projecting model: its shell is the (P, Theta) of the state it starts from, here t_1's)
    if model.get("project"):
        return
    sim = grazing.Simulation(V[0, 0], model, seed=SEED, threads=2).advance(times[1])
    v2 = grazing.advance(V[1, 0], model, times[1], times[2], seed=SEED, interval=1, counters=sim.counters)
    assert np.array_equal(v2, V[2, 0])


def cli_error(grazing_bin, tmp_path, model, initial):
    cfg = {"model": model, "initial": initial, "run": {"t_end": 0.1}}
    path = tmp_path / "bad.toml"
    path.write_text(grazing.to_toml(cfg))
    p = subprocess.run([grazing_bin, "run", str(path), "--out", str(tmp_path / "bad"), "-q"],
                       capture_output=True, text=True)
    assert p.returncode == 2 and not (tmp_path / "bad").exists(), p.stderr
    return p.stderr.strip().splitlines()[0][len("grazing: error: "):]


@pytest.mark.parametrize("initial,key", [
    ({"kind": "maxwelian", "N": 10}, "initial.kind"),
    ({"kind": "bkw", "N": 10, "K0": 0.5}, "initial.K0"),
    ({"kind": "gaussian", "N": 10}, "initial.variances"),
    ({"kind": "maxwellian", "N": 1}, "initial.N"),
    ({"kind": "bkw", "N": 10, "K0": 0.7, "colour": 1}, "initial.colour"),
    ({"kind": "file", "path": FOUR, "exact_moments": True}, "initial.exact_moments"),
    ({"kind": "file", "path": FOUR, "N": 5}, "initial.N"),
])
def test_initial_errors_are_the_clis(grazing_bin, tmp_path, initial, key):
    expected = cli_error(grazing_bin, tmp_path, MODELS["mbc"], initial)
    keys = dict(initial)
    with pytest.raises(grazing.InputError) as e:
        grazing.initial_sample(keys.pop("kind"), N=keys.pop("N", None), **keys)
    assert str(e.value) == expected and e.value.key == key


@pytest.mark.parametrize("model,key", [
    ({"name": "mcb", "gamma": 0.0}, "model.name"),
    ({"name": "mbc", "gamma": 0.0, "h": -1}, "model.h"),
    ({"name": "mbc"}, "model.gamma"),
    ({"name": "tabary", "gamma": -3.0, "scheme": "rk4"}, "model.scheme"),
    ({"name": "landau-diffusion", "gamma": 0.0, "dt": 0.01, "h": 0.1}, "model.h"),
    ({"name": "mbc", "gamma": 0.0, "landau_C": 0}, "model.landau_C"),
])
def test_model_errors_are_the_clis(grazing_bin, tmp_path, model, key):
    expected = cli_error(grazing_bin, tmp_path, model, {"kind": "maxwellian", "N": 10})
    with pytest.raises(grazing.InputError) as e:
        grazing.Simulation(np.zeros((10, 3)), model)
    assert str(e.value) == expected and e.value.key == key


def test_bad_arguments():
    v = grazing.initial_sample("maxwellian", N=10)
    with pytest.raises(grazing.InputError, match="run.seed"):
        grazing.initial_sample("maxwellian", N=10, seed=-1)
    with pytest.raises(grazing.InputError, match="replica"):
        grazing.Simulation(v, {"name": "landau-diffusion", "gamma": 0.0}, replica=-1)
    with pytest.raises(ValueError, match="shape"):
        grazing.Simulation(v[:, :2], {"name": "mbc", "gamma": 0.0})
    sim = grazing.Simulation(v, {"name": "mbc", "gamma": 0.0, "h": 0.1})
    with pytest.raises(ValueError, match="> t"):
        sim.advance(0.0)
    with pytest.raises(ValueError, match="counters"):
        grazing.Simulation(v, {"name": "mbc", "gamma": 0.0}, counters={"collisions": 3})
    with pytest.raises(grazing.InputError, match="expected events"):
        grazing.Simulation(v, {"name": "mbc", "gamma": 0.0, "h": 1e-12}).advance(1e3)


def test_keyboard_interrupt_leaves_an_interval_that_finishes_exactly():
    # SIGINT raised from the progress callback after the first block of events: the model stops at the
    # next block boundary, inside the interval (5e5 events, blocks of 65536 with one thread)
    v0 = grazing.initial_sample("maxwellian", N=1000, seed=3)
    model = {"name": "mbc", "gamma": 0.0, "h": 0.001}
    ref = grazing.Simulation(v0, model, seed=3, threads=1).advance(0.5)
    sim = grazing.Simulation(v0, model, seed=3, threads=1)

    def interrupt(events, fraction):
        if events > 0:
            signal.raise_signal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        sim.advance(0.5, progress=interrupt)
    assert sim.t == 0.0 and sim.interrupted and 0 < sim.counters["events"] < ref.counters["events"]
    with pytest.raises(ValueError, match="interrupted"):
        sim.advance(0.4)
    sim.advance(0.5)
    assert np.array_equal(sim.velocities, ref.velocities) and sim.counters == ref.counters
    assert not sim.interrupted and sim.interval == 1


# The models that stop inside an interval (mbc-rate has no stop points); mbc with enough events for
# several blocks of 65536.
STOPPABLE = {k: v for k, v in MODELS.items() if v["name"] != "mbc-rate"}
STOPPABLE["mbc"] = dict(MODELS["mbc"], h=1e-5)


@pytest.mark.parametrize("name", sorted(STOPPABLE))
def test_progress_is_called_inside_the_interval_and_its_exception_stops_it(name):
    v0 = grazing.initial_sample("maxwellian", N=65, seed=SEED)
    model = STOPPABLE[name]
    ref = grazing.Simulation(v0, model, seed=SEED, threads=1).advance(0.02).advance(0.06)
    calls = []
    sim = grazing.Simulation(v0, model, seed=SEED, threads=1).advance(0.02, progress=lambda e, f: calls.append((e, f)))
    events = [e for e, _ in calls]
    assert len(calls) >= 2 and events[0] == 0 and events == sorted(events) and events[-1] > 0
    assert all(0 <= f <= 1 for _, f in calls)

    def stop(events, fraction):
        if events > 0:
            raise RuntimeError("stop here")
    with pytest.raises(RuntimeError, match="stop here"):
        sim.advance(0.06, progress=stop)
    assert sim.interrupted and sim.t == 0.02 and sim.counters != ref.counters
    sim.advance(0.06)
    assert np.array_equal(sim.velocities, ref.velocities) and sim.counters == ref.counters
