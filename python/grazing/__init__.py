"""grazing from Python: build a configuration, run it, get moments and velocities as numpy arrays
(docs/python.md).

    import grazing
    cfg = grazing.Config({"model": {"name": "mbc", "gamma": -3.0, "h": 0.01},
                          "initial": {"kind": "maxwellian", "N": 1000},
                          "run": {"t_end": 1.0, "output_every": 0.1, "replicas": 4}})
    res = grazing.run(cfg, progress=lambda t, frac: print(t))
    res.moments["mean_v4"], res.velocities(1.0)         # numpy

    v0 = grazing.initial_sample("maxwellian", N=1000, seed=7)          # a run's t = 0 state, (N, 3)
    sim = grazing.Simulation(v0, {"name": "tabary", "gamma": -3.0, "dt": 0.01}, seed=7)
    sim.advance(0.1).advance(0.2); sim.velocities                       # any model, from any state

Same validation and error messages as `grazing run` (grazing.InputError, a ValueError, with .key), same
numbers for the same seed (bit for bit). The compiled engine is grazing._core (built by CMake into
build/python/grazing; PYTHONPATH=build/python). grazing.plot works without it.
"""
import json
import math
import os

import numpy as np

try:
    from . import _core
    _core_error = None
except ImportError as e:  # the plots (grazing.plot) work without the compiled module
    _core = None
    _core_error = e

__all__ = ["Config", "run", "RunResult", "InputError", "to_toml", "models", "initial_kinds", "MOMENT_COLUMNS", "read_species",
           "initial_sample", "Simulation", "advance", "references", "diagnostics", "plot"]


def _need_core():
    if _core is None:
        raise ImportError("grazing's compiled module grazing._core is not importable (%s): build it with "
                          "`bash scripts/build.sh` and put build/python first on PYTHONPATH, or install it (docs/python.md, "
                          "docs/install.md)"
                          % _core_error)
    return _core


if _core is not None:
    InputError = _core.InputError
    __version__ = _core.version
else:
    class InputError(ValueError):
        """Bad input (the compiled module is missing; this class only keeps `except grazing.InputError` valid)."""
    __version__ = "unknown"


def _input_error(key, message):
    """grazing.InputError "key: message" with .key = key, as the compiled module raises them."""
    e = InputError("%s: %s" % (key, message))
    e.key = key
    return e

# The columns of moments.csv, in order (docs/commands/run.md), as the engine writes them.
MOMENT_COLUMNS = tuple(_core.moment_columns) if _core is not None else ()
_MOMENT_DTYPE = np.dtype([(c, np.int64 if c in ("replica", "events") else np.float64) for c in MOMENT_COLUMNS])


# The columns of species.csv, in order (docs/plasma.md#outputs).
SPECIES_COLUMNS = tuple(_core.species_columns) if _core is not None else ()


def read_species(run_dir, frame=False):
    """species.csv of a run with [[species]] (docs/plasma.md#outputs): a numpy structured array with its
    columns (replica, t in s, species, density, drift_x/y/z in m/s, T_x/y/z, T_par, T_perp in eV,
    energy_density in J/m^3); frame=True gives a pandas DataFrame (Debian's python3-pandas)."""
    path = os.path.join(run_dir, "species.csv")
    if frame:
        import pandas
        return pandas.read_csv(path, float_precision="round_trip")  # the file's digits, exactly
    return np.genfromtxt(path, delimiter=",", names=True, dtype=None, encoding="utf-8")


def _toml_value(v, key):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, np.integer)):
        if not -2 ** 63 <= int(v) < 2 ** 63:
            raise _input_error(key, "integer %d is out of range (config integers are 64-bit)" % int(v))
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        x = float(v)
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return repr(x)  # shortest representation that reads back to the same double
    if isinstance(v, str):
        return json.dumps(v)  # a TOML basic string
    if isinstance(v, os.PathLike):
        return json.dumps(os.fspath(v))
    if isinstance(v, (list, tuple, np.ndarray)):
        return "[" + ", ".join(_toml_value(x, key) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join("%s = %s" % (k, _toml_value(x, key + "." + k)) for k, x in v.items()) + "}"
    raise TypeError("%s: cannot write a %s into a config" % (key, type(v).__name__))


def to_toml(config):
    """TOML text of a config dict {section: {key: value}} (the form of a config file)."""
    if not isinstance(config, dict):
        raise TypeError("a config is a dict of sections, e.g. {'model': {...}, 'initial': {...}, 'run': {...}}")
    out = []
    for section, keys in config.items():
        if isinstance(keys, (list, tuple)) and all(isinstance(t, dict) for t in keys):  # [[species]] tables
            for t in keys:
                out.append("[[%s]]" % section)
                out += ["%s = %s" % (k, _toml_value(v, section + "." + k)) for k, v in t.items()]
            continue
        if not isinstance(keys, dict):
            raise TypeError("config section %r must be a dict of keys (got %s)" % (section, type(keys).__name__))
        out.append("[%s]" % section)
        out += ["%s = %s" % (k, _toml_value(v, section + "." + k)) for k, v in keys.items()]
    return "\n".join(out) + "\n"


class Config:
    """A validated run configuration.

    Config(dict)            sections as in a config file: {"model": {...}, "initial": {...}, "run": {...}}
    Config("run.toml")      a config file, read as `grazing run` reads it
    overrides=["run.seed=7"]   applied in order, as `--set`

    Raises grazing.InputError (a ValueError; .key is the offending key) with the CLI's message. Relative
    paths inside a dict config (initial.path) resolve against the current directory.
    """

    def __init__(self, source, overrides=()):
        core = _need_core()
        overrides = [str(o) for o in overrides]
        if isinstance(source, Config):
            source = source.source
        if isinstance(source, dict):
            self.toml = to_toml(source)
            self.source = source
            self._spec = core.spec_from_text(self.toml, "<dict>", overrides)
        elif isinstance(source, (str, os.PathLike)):
            path = os.fspath(source)
            self._spec = core.spec_from_file(path, overrides)
            self.toml = open(path).read()
            self.source = path
        else:
            raise TypeError("Config takes a dict or a path to a TOML file, not %s" % type(source).__name__)
        self.overrides = overrides

    @classmethod
    def from_toml(cls, text, overrides=()):
        """A config from TOML text."""
        self = cls.__new__(cls)
        self.toml, self.source, self.overrides = text, text, [str(o) for o in overrides]
        self._spec = _need_core().spec_from_text(text, "<text>", self.overrides)
        return self

    N = property(lambda self: self._spec.N)
    replicas = property(lambda self: self._spec.replicas)
    seed = property(lambda self: self._spec.seed)
    t_end = property(lambda self: self._spec.t_end)
    model = property(lambda self: self._spec.model)
    landau_C = property(lambda self: self._spec.landau_C)
    output_times = property(lambda self: np.array(self._spec.output_times))
    parameters = property(lambda self: self._spec.parameters, doc="effective model and initial parameters")
    approximations = property(lambda self: self._spec.approximations)

    def __repr__(self):
        return "grazing.Config(model=%r, N=%d, replicas=%d, t_end=%g)" % (self.model, self.N, self.replicas, self.t_end)


class RunResult:
    """What grazing.run returns.

    times      (T,) output times
    moments    structured array of T*R rows, the columns of moments.csv (MOMENT_COLUMNS), time-major
    run_info   dict: run.json's content without the directory entries
    species    runs with [[species]]: structured array with species.csv's columns (None otherwise);
               species_frame() gives it as a pandas DataFrame
    velocities(t, replica=0)   (N, 3) view (no copy) of one replica's velocities at output time t
    velocities_all(t)          (R, N, 3) view of every replica
    moment(name)               (T, R) array of one moments column
    """

    def __init__(self, d):
        self.times = d["times"]
        raw = d["moments"]
        self.moments = np.empty(raw.shape[0], dtype=_MOMENT_DTYPE)
        for i, c in enumerate(MOMENT_COLUMNS):
            self.moments[c] = raw[:, i]
        self.run_info = d["run_info"]
        self.species = None
        if d.get("species_names"):
            raw = d["species"]
            names = list(d["species_names"])
            dtype = [("replica", np.int64), ("t", np.float64), ("species", "U%d" % max(len(n) for n in names))]
            dtype += [(c, np.float64) for c in SPECIES_COLUMNS[3:]]
            self.species = np.empty(raw.shape[0], dtype=dtype)
            self.species["replica"] = raw[:, 0]
            self.species["t"] = raw[:, 1]
            self.species["species"] = [names[int(k)] for k in raw[:, 2]]
            for i, c in enumerate(SPECIES_COLUMNS[3:]):
                self.species[c] = raw[:, 3 + i]
        self._v = d["velocities"]
        self.has_velocities = self._v.ndim == 4

    def _k(self, t):
        k = int(np.argmin(np.abs(self.times - t)))
        if not abs(self.times[k] - t) <= 1e-9 * max(1.0, abs(t)):
            raise ValueError("t = %r is not an output time (they are %s)" % (t, self.times))
        return k

    def species_frame(self):
        """species as a pandas DataFrame (Debian's python3-pandas)."""
        import pandas
        if self.species is None:
            raise ValueError("not a run with [[species]]")
        return pandas.DataFrame(self.species)

    def velocities_all(self, t):
        if not self.has_velocities:
            raise ValueError("velocities were not kept: run with keep_velocities=True")
        return self._v[self._k(t)]

    def velocities(self, t, replica=0):
        R = self.run_info["replicas"]
        if not isinstance(replica, (int, np.integer)) or not 0 <= replica < R:
            raise _input_error("replica", "must be an integer in [0, %d] (got %r)" % (R - 1, replica))
        return self.velocities_all(t)[replica]

    def moment(self, name):
        T, R = len(self.times), self.run_info["replicas"]
        return self.moments[name].reshape(T, R)

    def __repr__(self):
        return "grazing.RunResult(model=%r, N=%d, replicas=%d, %d output times, %d events)" % (
            self.run_info["model"], self.run_info["N"], self.run_info["replicas"], len(self.times),
            self.run_info["events"])


def run(config, progress=None, keep_velocities=True, threads=None, overrides=()):
    """Run a config (a Config, a dict or a TOML path) in memory and return a RunResult.

    progress(t, fraction) is called after each output time. The GIL is released while the run computes;
    Ctrl-C (SIGINT) stops it at the models' next safe point and raises KeyboardInterrupt. threads
    overrides run.threads (the numbers do not depend on it). keep_velocities=False keeps only the moments
    (memory 24 N R T bytes otherwise). threads outside [0, 4096] raises grazing.InputError, as run.threads."""
    if not isinstance(config, Config) or overrides:
        config = Config(config, overrides)
    return RunResult(_need_core().run(config._spec, progress, bool(keep_velocities), threads))


def initial_sample(kind, N=None, seed=1, replica=0, **params):
    """The initial velocities (N, 3) of replica `replica` of a run with [initial] kind = kind, N = N and
    the kind's other keys as keyword arguments (exact_moments=True too), and run.seed = seed: bit for
    bit the run's t = 0 state. Errors are the CLI's (grazing.InputError naming initial.KEY)."""
    section = {"kind": kind}
    if N is not None:
        section["N"] = N
    section.update(params)
    return _need_core().initial_sample(to_toml({"initial": section}), seed, replica)


def _model_section(model):
    if isinstance(model, str):
        return {"name": model}
    if not isinstance(model, dict):
        raise TypeError("model is a dict of [model] keys, e.g. {'name': 'mbc', 'gamma': -3.0, 'h': 0.01}, or a name")
    return model


class Simulation:
    """One replica advanced by any model from a given state, as the run driver advances it.

    Simulation(velocities, model, seed=1, replica=0, t=0.0, interval=0, counters=None, threads=None)
        velocities  (N, 3) array (copied); model: a dict of [model] keys (or a model name); seed and
        replica key the random streams as run.seed and the replica index of a run; t is the start time
        on the run's clock (model.landau_C rescales it as in a run); interval and counters continue a
        run's replica from its state after `interval` output intervals (counters: events, steps,
        candidates, ... as after them).
    advance(t1, progress=None)   advances to t1 > t over one output interval (returns self); interval k
                   of a run from output time t_k to t_{k+1} is advance(t_{k+1}), Config.output_times
                   giving the t_k. progress(events, fraction) is called between the model's blocks of
                   events or steps (events done by this call, their fraction of the expected events)
    velocities     (N, 3) copy of the current state;  moments(): the moments.csv columns of it
    t, interval, counters, N, seed, replica, model, parameters, approximations, landau_C, time_scale

    Ctrl-C during advance (or an exception raised by progress) raises KeyboardInterrupt (or that
    exception) and leaves the interval half done: advance(t1) with the same t1 finishes it exactly.
    Errors in the model keys are the CLI's (grazing.InputError); bad arguments raise grazing.InputError
    naming them (threads in [0, 4096] as run.threads).
    """

    def __init__(self, velocities, model, seed=1, replica=0, t=0.0, interval=0, counters=None, threads=None):
        self._sim = _need_core().Simulation(np.asarray(velocities, dtype=np.float64),
                                            to_toml({"model": _model_section(model)}), seed, replica,
                                            float(t), interval, dict(counters or {}), threads)

    def advance(self, t1, progress=None):
        self._sim.advance(float(t1), progress)
        return self

    @property
    def velocities(self):
        return self._sim.velocities()

    def moments(self):
        return self._sim.moments()

    t = property(lambda self: self._sim.t)
    interval = property(lambda self: self._sim.interval)
    counters = property(lambda self: self._sim.counters)
    N = property(lambda self: self._sim.N)
    seed = property(lambda self: self._sim.seed)
    replica = property(lambda self: self._sim.replica)
    model = property(lambda self: self._sim.model)
    parameters = property(lambda self: self._sim.parameters)
    approximations = property(lambda self: self._sim.approximations)
    landau_C = property(lambda self: self._sim.landau_C)
    time_scale = property(lambda self: self._sim.time_scale)
    interrupted = property(lambda self: self._sim.interrupted, doc="an advance was interrupted (finish it first)")

    def __repr__(self):
        return "grazing.Simulation(model=%r, N=%d, t=%g, interval=%d, events=%d)" % (
            self.model, self.N, self.t, self.interval, self.counters["events"])


def advance(velocities, model, t0, t1, seed=1, replica=0, interval=0, counters=None, threads=None):
    """The state (N, 3) at t1 of `velocities` given at t0, advanced by `model` over one output interval
    (index `interval`): Simulation(velocities, model, seed, replica, t0, interval, counters).advance(t1)."""
    return Simulation(velocities, model, seed, replica, t0, interval, counters, threads).advance(t1).velocities


def models():
    """[(name, summary)] of every model."""
    return list(_need_core().models())


def initial_kinds():
    """[(kind, summary)] of every initial distribution."""
    return list(_need_core().initial_kinds())


def __getattr__(name):
    """grazing.references, grazing.diagnostics and grazing.plot, imported on first use (plot needs
    matplotlib; the other two the compiled module)."""
    if name in ("references", "diagnostics", "plot"):
        import importlib
        return importlib.import_module("." + name, __name__)
    raise AttributeError("module 'grazing' has no attribute %r" % name)
