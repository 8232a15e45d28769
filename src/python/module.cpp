// grazing._core: the C++ engine for Python (docs/python.md). The Python package (python/grazing/)
// wraps it; this file only converts: TOML text to a validated RunSpec with the CLI's errors, a run in
// memory to numpy arrays (the GIL released while it computes, SIGINT turned into KeyboardInterrupt), and
// the references and diagnostics to functions on numpy arrays.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <fmt/format.h>
#include <omp.h>

#include <atomic>
#include <cmath>
#include <map>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <limits>
#include <sstream>

#include "grazing/config.hpp"
#include "grazing/error.hpp"
#include "grazing/estimators.hpp"
#include "grazing/initial.hpp"
#include "grazing/model.hpp"
#include "grazing/moments.hpp"
#include "grazing/plasma.hpp"
#include "grazing/run.hpp"
#include "grazing/stop_signals.hpp"
#include "grazing/version.hpp"
#include "grazing/wasserstein.hpp"
#include "reference/bkw.hpp"
#include "reference/maxwell.hpp"
#include "reference/radial_solver.hpp"

namespace py = pybind11;
using namespace grazing;

namespace {

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

// Argument checks, shared by every binding and by the Python wrappers (grazing.diagnostics): a bad
// argument raises grazing.InputError (a ValueError) whose key is the argument's name.
[[noreturn]] void bad_argument(const std::string& name, const std::string& problem) { throw InputError(name, problem); }

std::string shape_of(const py::array& a) {
  std::string s = "(";
  for (py::ssize_t d = 0; d < a.ndim(); ++d) s += (d ? ", " : "") + std::to_string(a.shape(d));
  return s + (a.ndim() == 1 ? ",)" : ")");
}

void require_finite_entries(const Array& a, const std::string& name) {
  const double* x = a.data();
  for (py::ssize_t i = 0; i < a.size(); ++i)
    if (!std::isfinite(x[i])) bad_argument(name, fmt::format("non-finite value {} at flat index {}", x[i], i));
}

// A finite (n, 3) array with n >= min_rows (and n <= max_rows), copied into a store.
ParticleStore require_points(const Array& a, const std::string& name, std::size_t min_rows = 1,
                             std::size_t max_rows = SIZE_MAX) {
  if (a.ndim() != 2 || a.shape(1) != 3)
    bad_argument(name, fmt::format("expected an array of shape (n, 3) (got shape {})", shape_of(a)));
  const auto n = static_cast<std::size_t>(a.shape(0));
  if (n < min_rows) bad_argument(name, fmt::format("needs at least {} point{} (got {})", min_rows, min_rows == 1 ? "" : "s", n));
  if (n > max_rows) bad_argument(name, fmt::format("at most {} points (got {})", max_rows, n));
  require_finite_entries(a, name);
  ParticleStore s(n);
  std::memcpy(s.data(), a.data(), sizeof(double) * 3 * n);
  return s;
}
std::vector<Vec3> require_point_list(const Array& a, const std::string& name, std::size_t min_rows) {
  const ParticleStore s = require_points(a, name, min_rows);
  std::vector<Vec3> p(s.size());
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = s.get(i);
  return p;
}
// A finite 1-D array of at least one value.
std::vector<double> require_sample(const Array& a, const std::string& name) {
  if (a.ndim() != 1) bad_argument(name, fmt::format("expected a 1-D array (got shape {})", shape_of(a)));
  if (a.size() == 0) bad_argument(name, "needs at least 1 value (got 0)");
  require_finite_entries(a, name);
  return std::vector<double>(a.data(), a.data() + a.size());
}
// Finite values at which a function is evaluated (any shape).
const Array& require_finite_array(const Array& a, const std::string& name) {
  require_finite_entries(a, name);
  return a;
}

double require_finite(double x, const std::string& name) {
  if (!std::isfinite(x)) bad_argument(name, fmt::format("must be finite (got {})", x));
  return x;
}
double require_positive(double x, const std::string& name) {
  if (!(x > 0) || !std::isfinite(x)) bad_argument(name, fmt::format("must be finite and > 0 (got {})", x));
  return x;
}
double require_nonnegative(double x, const std::string& name) {
  if (!(x >= 0) || !std::isfinite(x)) bad_argument(name, fmt::format("must be finite and >= 0 (got {})", x));
  return x;
}

constexpr std::int64_t kNoLimit = std::numeric_limits<std::int64_t>::max();
// An integer (a Python int or a numpy integer, of any size) in [lo, hi].
std::int64_t require_int(const py::handle& x, const std::string& name, std::int64_t lo, std::int64_t hi = kNoLimit) {
  const py::object i = py::reinterpret_steal<py::object>(PyNumber_Index(x.ptr()));
  if (!i) {
    PyErr_Clear();
    throw py::type_error(fmt::format("{}: expected an integer (got {})", name, py::str(py::type::of(x).attr("__name__")).cast<std::string>()));
  }
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(i.ptr(), &overflow);
  if (overflow || v < lo || v > hi) {
    const std::string got = py::str(i);
    if (hi != kNoLimit) bad_argument(name, fmt::format("must be in [{}, {}] (got {})", lo, hi, got));
    bad_argument(name, overflow > 0 ? fmt::format("must be < 2^63 (got {})", got) : fmt::format("must be >= {} (got {})", lo, got));
  }
  return v;
}
std::uint64_t require_seed(const py::handle& x, const std::string& name) {
  return static_cast<std::uint64_t>(require_int(x, name, 0));
}
// Worker threads: the CLI's run.threads range (0: all cores).
int require_threads(const py::handle& x) {
  return static_cast<int>(require_int(x, "threads", 0, 4096));
}

Array from_store(const ParticleStore& s) {
  Array a({static_cast<py::ssize_t>(s.size()), py::ssize_t{3}});
  std::memcpy(a.mutable_data(), s.data(), sizeof(double) * 3 * s.size());
  return a;
}
py::object json_to_py(const nlohmann::json& j) { return py::module_::import("json").attr("loads")(j.dump()); }

// f applied to every element of x (any shape; a scalar gives a 0-d array).
template <class F>
Array elementwise(const Array& x, F&& f) {
  Array out(std::vector<py::ssize_t>(x.shape(), x.shape() + x.ndim()));
  const double* in = x.data();
  double* o = out.mutable_data();
  for (py::ssize_t i = 0; i < x.size(); ++i) o[i] = f(in[i]);
  return out;
}

// A validated run specification (the CLI's RunSpec), shared with the runs made from it.
struct Spec {
  std::shared_ptr<RunSpec> spec;
};

Spec finish_spec(toml::table config, const std::string& source, const std::vector<std::string>& overrides) {
  for (const auto& o : overrides) apply_override(config, o);
  Spec s;
  s.spec = std::make_shared<RunSpec>(build_run_spec(std::move(config), source));
  return s;
}

// A config file, read and validated exactly as by `grazing run FILE --set ...`.
Spec spec_from_file(const std::string& path, const std::vector<std::string>& overrides) {
  return finish_spec(read_config_file(path), path, overrides);
}

// TOML text (from a dict); `source` names it in errors and relative paths resolve against its directory.
Spec spec_from_text(const std::string& text, const std::string& source, const std::vector<std::string>& overrides) {
  toml::table config;
  try {
    config = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw InputError(source, fmt::format("line {}: {}", e.source().begin.line, e.description()));
  }
  return finish_spec(std::move(config), source, overrides);
}

// SIGINT while a run computes asks the models to stop at their next safe point (StopSignals, for the
// call); the run then raises KeyboardInterrupt in Python.
std::atomic<bool>& g_stop = StopSignals::flag();

// Runs `spec` in memory. Returns times (T,), moments (R*T, 14) in moments.csv's column order, the
// velocities (T, R, N, 3) when keep_velocities, and run_info (run.json's content without the directory).
py::dict run_spec(const Spec& s, const py::object& progress, bool keep_velocities, const py::object& threads) {
  RunSpec& spec = *s.spec;
  struct Restore {  // `threads` applies to this run only
    RunSpec& spec;
    int threads;
    ~Restore() { spec.threads = threads; }
  } restore{spec, spec.threads};
  if (!threads.is_none()) spec.threads = require_threads(threads);
  if (!progress.is_none() && !PyCallable_Check(progress.ptr())) throw py::type_error("progress: expected a callable or None");
  const std::size_t T = spec.output_times.size(), R = spec.replicas, N = spec.N;
  Array moments({static_cast<py::ssize_t>(T * R), py::ssize_t{14}});
  Array velocities = keep_velocities ? Array({static_cast<py::ssize_t>(T), static_cast<py::ssize_t>(R),
                                              static_cast<py::ssize_t>(N), py::ssize_t{3}})
                                     : Array(std::vector<py::ssize_t>{0});
  double* mo = moments.mutable_data();
  double* ve = velocities.mutable_data();
  std::exception_ptr callback_error;
  // Runs with [[species]]: species.csv's rows (species as its index), 13 numbers each.
  std::vector<double> species_rows_out;
  StopSignals sigint({SIGINT}, StopSignals::Scope::kCall);
  SimulateHooks hooks;
  hooks.needs_states = keep_velocities || spec.plasma != nullptr;
  hooks.stop = &g_stop;
  hooks.on_output = [&](std::size_t k, const std::vector<ReplicaState>& states, const std::vector<Moments>& m) {
    for (const auto& st : states) {
      const Moments& x = m[st.replica];
      double* row = mo + kMomentColumns.size() * (k * R + st.replica);
      const auto vals = moment_values(st.replica, spec.output_times[k], st.counters.events, x);
      std::memcpy(row, vals.data(), sizeof vals);
      if (keep_velocities) std::memcpy(ve + 3 * N * (k * R + st.replica), st.v.data(), sizeof(double) * 3 * N);
      if (spec.plasma) {
        const std::vector<SpeciesRow> rows = species_rows(*spec.plasma, st.v);
        for (std::size_t a = 0; a < rows.size(); ++a) {
          const SpeciesRow& r = rows[a];
          species_rows_out.insert(species_rows_out.end(),
                                  {static_cast<double>(st.replica), spec.output_times[k], static_cast<double>(a), r.density,
                                   r.drift.x, r.drift.y, r.drift.z, r.T[0], r.T[1], r.T[2], r.T_par, r.T_perp,
                                   r.energy_density});
        }
      }
    }
    if (!progress.is_none() && !callback_error) {
      py::gil_scoped_acquire gil;
      try {
        progress(spec.output_times[k], static_cast<double>(k) / static_cast<double>(T - 1 > 0 ? T - 1 : 1));
      } catch (...) {  // the callback's exception ends the run and is raised after it
        callback_error = std::current_exception();
        g_stop.store(true);
      }
    }
  };
  RunSummary sum;
  RunState rs;
  {
    py::gil_scoped_release nogil;
    Progress quiet(Progress::Mode::kQuiet);
    rs = start_run(spec, run_threads(spec));
    sum = simulate(spec, quiet, rs, hooks);
  }
  if (callback_error) std::rethrow_exception(callback_error);
  if (sum.interrupted || g_stop.load()) {
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    throw py::error_already_set();
  }
  py::dict out;
  Array times({static_cast<py::ssize_t>(T)});
  std::memcpy(times.mutable_data(), spec.output_times.data(), sizeof(double) * T);
  out["times"] = times;
  out["moments"] = moments;
  out["velocities"] = velocities;
  out["run_info"] = json_to_py(run_info(spec, &sum, rs));
  if (spec.plasma) {
    Array sp({static_cast<py::ssize_t>(species_rows_out.size() / 13), py::ssize_t{13}});
    std::memcpy(sp.mutable_data(), species_rows_out.data(), sizeof(double) * species_rows_out.size());
    py::list names;
    for (const Species& x : spec.plasma->species) names.append(x.name);
    out["species"] = sp;
    out["species_names"] = names;
  }
  return out;
}

toml::table parse_text(const std::string& text, const std::string& source) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw InputError(source, fmt::format("line {}: {}", e.source().begin.line, e.description()));
  }
}

std::uint64_t checked_seed(const py::handle& seed) { return require_seed(seed, "run.seed"); }
std::uint32_t checked_replica(const py::handle& replica) {
  return static_cast<std::uint32_t>(require_int(replica, "replica", 0, (std::int64_t{1} << 31) - 1));
}

// The t = 0 state of replica `replica` of a run with this [initial] section and run.seed = seed: the
// same i.i.d. draws (stream kInitial) and exact_moments as the driver's initial_state.
Array initial_sample(const std::string& text, const py::object& seed, const py::object& replica) {
  const toml::table t = parse_text(text, "<initial>");
  RunSpec spec;
  build_initial_spec(t["initial"].as_table(), "", spec);  // relative paths: the current directory
  spec.seed = checked_seed(seed);
  const std::uint32_t r = checked_replica(replica);
  ReplicaState st;
  {
    py::gil_scoped_release nogil;
    initial_state(spec, r, st);
  }
  return from_store(st.v);
}

py::dict moments_dict(const Moments& x) {
  py::dict d;
  d["mean_vx"] = x.mean.x, d["mean_vy"] = x.mean.y, d["mean_vz"] = x.mean.z, d["mean_v2"] = x.mean_v2;
  const char* names[6] = {"Mxx", "Myy", "Mzz", "Mxy", "Mxz", "Myz"};
  for (int i = 0; i < 6; ++i) d[names[i]] = x.M[i];
  d["mean_v4"] = x.mean_v4;
  return d;
}

// One replica advanced by a model from a given state, interval after interval, exactly as the driver
// advances replica `replica` of a run with run.seed = seed: interval k of the run is advance(t_k) after
// advance(t_{k-1}), with the model's counters and the interval index carried along.
struct Simulation {
  RunSpec spec;  // model, landau_C, time_scale, N, seed
  ReplicaState state;
  double t = 0;                   // on the run's clock
  std::uint64_t interval = 0;     // index of the next interval (AdvanceContext::interval)
  int threads = 1;
  bool pending = false;           // an advance to pending_t1 was interrupted: the state continues it
  double pending_t1 = 0;

  Simulation(const Array& v, const std::string& model_text, const py::object& seed, const py::object& replica,
             double t0, const py::object& interval0, const py::dict& counters, const py::object& threads_)
      : t(require_finite(t0, "t")) {
    state.v = require_points(v, "velocities", 2);
    spec.N = state.v.size();
    const toml::table tt = parse_text(model_text, "<model>");
    build_model_spec(tt["model"].as_table(), "", spec);
    spec.seed = checked_seed(seed);
    state.replica = checked_replica(replica);
    interval = static_cast<std::uint64_t>(require_int(interval0, "interval", 0));
    for (const auto& [key, x] : counters) {
      const std::string k = py::str(key);
      const auto n = static_cast<std::uint64_t>(require_int(x, "counters['" + k + "']", 0));
      if (k == "events") state.counters.events = n;
      else if (k == "coincident") state.counters.coincident = n;
      else if (k == "uniform_direction") state.counters.uniform_direction = n;
      else if (k == "steps") state.counters.steps = n;
      else if (k == "candidates") state.counters.candidates = n;
      else bad_argument("counters", "unknown counter '" + k + "' (events, coincident, uniform_direction, steps, candidates)");
    }
    const int n_threads = threads_.is_none() ? 0 : require_threads(threads_);
    spec.threads = n_threads;
    threads = run_threads(spec);
  }

  // progress(events, fraction), when not None, is called between the model's blocks of events or steps
  // (AdvanceContext::poll) with the events done by this call so far and their fraction of the expected
  // events from t to t1 (NaN when the model cannot say). Its exception stops the model like SIGINT
  // and is raised after it.
  void advance(double t1, const py::object& progress) {
    if (pending && t1 != pending_t1)
      bad_argument("t1", fmt::format("the advance to t = {} was interrupted; advance({}) finishes it first", pending_t1, pending_t1));
    if (!(t1 > t) || !std::isfinite(t1)) bad_argument("t1", fmt::format("must be finite and > t = {} (got {})", t, t1));
    if (!progress.is_none() && !PyCallable_Check(progress.ptr())) throw py::type_error("progress: expected a callable or None");
    check_interval_events(spec, (t1 - t) * spec.time_scale, fmt::format("from t = {} to {}", t, t1),
                          "advance over shorter spans");
    const double per = spec.model->expected_events(spec.N, (t1 - t) * spec.time_scale);
    AdvanceContext ctx{interval, spec.seed, threads};
    ctx.stop = &g_stop;
    std::atomic<std::uint64_t> events{0};
    std::exception_ptr callback_error;
    const std::function<void()> poll = [&] {
      if (callback_error) return;
      py::gil_scoped_acquire gil;
      try {
        const std::uint64_t e = events.load(std::memory_order_relaxed);
        progress(e, per > 0 ? std::min(1.0, static_cast<double>(e) / per) : std::nan(""));
      } catch (...) {
        callback_error = std::current_exception();
        g_stop.store(true);
      }
    };
    if (!progress.is_none()) ctx.poll = &poll;
    struct Detach {  // `events` lives in this call only
      ReplicaState& s;
      ~Detach() { s.progress_events = nullptr; }
    } detach{state};
    state.progress_events = &events;
    StopSignals sigint({SIGINT}, StopSignals::Scope::kCall);
    IntervalResult res;
    {
      py::gil_scoped_release nogil;
      res = advance_interval(spec, state, interval + 1, t, t1, ctx);  // the driver's stepper
    }
    if (res.non_finite) throw std::runtime_error(non_finite_message(*res.non_finite, spec.time_scale));
    if (!res.finished) {
      pending = true;
      pending_t1 = t1;
      if (callback_error) std::rethrow_exception(callback_error);
      PyErr_SetNone(PyExc_KeyboardInterrupt);
      throw py::error_already_set();
    }
    pending = false;
    t = t1;
    ++interval;
    check_replica_finite(t, state, res.moments);  // the driver's guard, word for word
    if (callback_error) std::rethrow_exception(callback_error);  // raised in the interval's last block
  }

  py::dict counters() const {
    py::dict d;
    d["events"] = state.counters.events, d["coincident"] = state.counters.coincident;
    d["uniform_direction"] = state.counters.uniform_direction, d["steps"] = state.counters.steps;
    d["candidates"] = state.counters.candidates;
    return d;
  }
};

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "grazing's C++ engine (use the grazing package, docs/python.md)";
  m.attr("version") = std::string(kVersion);
  py::tuple columns(kMomentColumns.size());
  for (std::size_t i = 0; i < kMomentColumns.size(); ++i) columns[i] = kMomentColumns[i];
  m.attr("moment_columns") = columns;  // moments.csv's, in order
  py::list species_columns;
  std::string header = species_csv_header();
  for (std::size_t b = 0, e; b <= header.size(); b = e + 1) {
    e = header.find(',', b);
    if (e == std::string::npos) e = header.size();
    species_columns.append(header.substr(b, e - b));
  }
  m.attr("species_columns") = py::tuple(species_columns);  // species.csv's, in order
  static py::exception<InputError> input_error(m, "InputError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      py::object err = py::reinterpret_borrow<py::object>(input_error.ptr())(e.what());
      err.attr("key") = e.key();
      PyErr_SetObject(input_error.ptr(), err.ptr());
    }
  });

  py::class_<Spec>(m, "Spec")
      .def_property_readonly("N", [](const Spec& s) { return s.spec->N; })
      .def_property_readonly("replicas", [](const Spec& s) { return s.spec->replicas; })
      .def_property_readonly("seed", [](const Spec& s) { return s.spec->seed; })
      .def_property_readonly("t_end", [](const Spec& s) { return s.spec->t_end; })
      .def_property_readonly("output_times", [](const Spec& s) { return s.spec->output_times; })
      .def_property_readonly("model", [](const Spec& s) { return s.spec->model->name(); })
      .def_property_readonly("landau_C", [](const Spec& s) { return s.spec->landau_C; })
      .def_property_readonly("parameters", [](const Spec& s) {
        nlohmann::json p = {{"model", s.spec->model->parameters()}, {"initial", s.spec->initial->parameters()}};
        p["initial"]["kind"] = s.spec->initial->kind();
        return json_to_py(p);
      })
      .def_property_readonly("approximations", [](const Spec& s) { return json_to_py(s.spec->model->approximations()); });
  m.def("spec_from_file", &spec_from_file, py::arg("path"), py::arg("overrides"));
  m.def("spec_from_text", &spec_from_text, py::arg("text"), py::arg("source"), py::arg("overrides"));
  m.def("run", &run_spec, py::arg("spec"), py::arg("progress"), py::arg("keep_velocities"), py::arg("threads") = py::none());
  m.def("models", [] {
    py::list l;
    for (const auto& i : model_registry()) l.append(py::make_tuple(i.name, i.summary));
    return l;
  });
  m.def("initial_kinds", [] {
    py::list l;
    for (const auto& i : initial_registry()) l.append(py::make_tuple(i.kind, i.summary));
    return l;
  });

  m.def("initial_sample", &initial_sample, py::arg("initial_toml"), py::arg("seed"), py::arg("replica"));
  py::class_<Simulation>(m, "Simulation")
      .def(py::init<const Array&, const std::string&, const py::object&, const py::object&, double, const py::object&,
                    const py::dict&, const py::object&>(),
           py::arg("velocities"), py::arg("model_toml"), py::arg("seed"), py::arg("replica"), py::arg("t"),
           py::arg("interval"), py::arg("counters"), py::arg("threads"))
      .def("advance", &Simulation::advance, py::arg("t1"), py::arg("progress") = py::none())
      .def("velocities", [](const Simulation& s) { return from_store(s.state.v); })
      .def("moments", [](const Simulation& s) { return moments_dict(compute_moments(s.state.v)); })
      .def_property_readonly("t", [](const Simulation& s) { return s.t; })
      .def_property_readonly("interval", [](const Simulation& s) { return s.interval; })
      .def_property_readonly("counters", &Simulation::counters)
      .def_property_readonly("N", [](const Simulation& s) { return s.spec.N; })
      .def_property_readonly("seed", [](const Simulation& s) { return s.spec.seed; })
      .def_property_readonly("replica", [](const Simulation& s) { return s.state.replica; })
      .def_property_readonly("model", [](const Simulation& s) { return s.spec.model->name(); })
      .def_property_readonly("parameters", [](const Simulation& s) { return json_to_py(s.spec.model->parameters()); })
      .def_property_readonly("approximations", [](const Simulation& s) { return json_to_py(s.spec.model->approximations()); })
      .def_property_readonly("landau_C", [](const Simulation& s) { return s.spec.landau_C; })
      .def_property_readonly("time_scale", [](const Simulation& s) { return s.spec.time_scale; })
      .def_property_readonly("interrupted", [](const Simulation& s) { return s.pending; });

  // References (docs/physics/index.md#the-constant-c-and-the-clocks). Evaluation points and times finite, Landau constants C > 0.
  // BKW is a density (f >= 0) only where K(t) >= 3/5.
  auto bkw_t = [](const BkwSolution& b, double t) {
    if (!(b.K(require_finite(t, "t")) >= 0.6 - 1e-12))
      bad_argument("t", fmt::format("K(t) = {} is below 3/5: the BKW solution is not a density at t = {}", b.K(t), t));
    return t;
  };
  auto bkw_at = [bkw_t](double (BkwSolution::*f)(double, double) const) {
    return [f, bkw_t](const BkwSolution& b, const Array& x, double t) {
      bkw_t(b, t);
      return elementwise(require_finite_array(x, "x"), [&](double y) { return (b.*f)(y, t); });
    };
  };
  py::class_<BkwSolution>(m, "Bkw")
      .def(py::init([](double K0, double C) {
             if (!(K0 <= 1.0) || !std::isfinite(K0)) bad_argument("K0", fmt::format("must be finite and <= 1 (got {})", K0));
             return BkwSolution(K0, require_positive(C, "C"));
           }),
           py::arg("K0"), py::arg("C") = 0.5)
      .def("K", [](const BkwSolution& b, double t) { return b.K(require_finite(t, "t")); }, py::arg("t"))
      .def("density", bkw_at(&BkwSolution::density), py::arg("x"), py::arg("t"))
      .def("speed_cdf", bkw_at(&BkwSolution::speed_cdf), py::arg("x"), py::arg("t"))
      .def("marginal", bkw_at(&BkwSolution::marginal), py::arg("x"), py::arg("t"))
      .def("marginal_cdf", bkw_at(&BkwSolution::marginal_cdf), py::arg("x"), py::arg("t"))
      .def("moment", [bkw_t](const BkwSolution& b, const py::object& two_k, double t) {
        const std::int64_t k = require_int(two_k, "two_k", 0, 6);
        if (k % 2) bad_argument("two_k", fmt::format("must be 0, 2, 4 or 6 (got {})", k));
        return b.moment(static_cast<int>(k), bkw_t(b, t));
      }, py::arg("two_k"), py::arg("t"))
      .def("entropy", [bkw_t](const BkwSolution& b, double t) { return b.entropy(bkw_t(b, t)); }, py::arg("t"))
      .def("fisher", [bkw_t](const BkwSolution& b, double t) { return b.fisher(bkw_t(b, t)); }, py::arg("t"))
      .def("sample", [bkw_t](const BkwSolution& b, const py::object& n, double t, const py::object& seed) {
        const auto count = static_cast<std::size_t>(require_int(n, "n", 0));
        const double K = b.K(bkw_t(b, t));
        const std::uint64_t sd = require_seed(seed, "seed");
        ParticleStore s(count);
        for (std::size_t i = 0; i < count; ++i) {
          CounterRng rng({sd, Stream::kPyBkwSample, 0}, i);
          s.set(i, BkwSolution::draw(K, rng));
        }
        return from_store(s);
      }, py::arg("n"), py::arg("t"), py::arg("seed") = 1);
  m.def("ou_sample", [](const Array& v0, double E, double C, double t, const py::object& seed) {
    ParticleStore s = require_points(v0, "v0");
    require_nonnegative(E, "E"), require_positive(C, "C"), require_nonnegative(t, "t");
    const std::uint64_t sd = require_seed(seed, "seed");
    for (std::size_t i = 0; i < s.size(); ++i) {
      CounterRng rng({sd, Stream::kPyOuSample, 0}, i);
      s.set(i, maxwell_isotropic_flow(s.get(i), E, C, t, rng));
    }
    return from_store(s);
  }, py::arg("v0"), py::arg("E"), py::arg("C"), py::arg("t"), py::arg("seed") = 1);
  py::class_<MaxwellMoments>(m, "MaxwellMoments")
      .def(py::init([](std::array<double, 6> P0, double M4_0, double C) {
             for (double x : P0) require_finite(x, "P0");
             return MaxwellMoments(P0, require_finite(M4_0, "M4_0"), require_positive(C, "C"));
           }),
           py::arg("P0"), py::arg("M4_0"), py::arg("C"))
      .def("second", [](const MaxwellMoments& mm, double t) { return mm.second(require_finite(t, "t")); }, py::arg("t"))
      .def("fourth", [](const MaxwellMoments& mm, double t) { return mm.fourth(require_finite(t, "t")); }, py::arg("t"));
  m.def("coulomb_isotropisation_rate", [](double theta_par, double theta_perp, double C) {
    return coulomb_isotropisation_rate(require_positive(theta_par, "theta_par"), require_positive(theta_perp, "theta_perp"),
                                       require_positive(C, "C"));
  }, py::arg("theta_par"), py::arg("theta_perp"), py::arg("C") = 0.5);
  py::class_<RadialLandauSolver>(m, "RadialSolver")
      .def(py::init([](const std::function<double(double)>& f0, double gamma, double C, double r_max,
                       const py::object& cells, double dt) {
             RadialSolverOptions o;
             o.gamma = gamma;
             if (!(gamma >= -3.0 && gamma <= 1.0)) bad_argument("gamma", fmt::format("must be in [-3, 1] (got {})", gamma));
             o.C = require_positive(C, "C");
             o.r_max = require_positive(r_max, "r_max");
             o.cells = static_cast<int>(require_int(cells, "cells", 4, std::numeric_limits<int>::max()));
             o.dt = require_positive(dt, "dt");
             return RadialLandauSolver(o, f0);
           }),
           py::arg("f0"), py::arg("gamma"), py::arg("C") = 0.5, py::arg("r_max") = 8.0, py::arg("cells") = 200,
           py::arg("dt") = 1e-3)
      .def("advance_to", [](RadialLandauSolver& r, double t) {
        require_finite(t, "t");
        py::gil_scoped_release nogil;
        r.advance_to(t);
      }, py::arg("t"))
      .def_property_readonly("time", &RadialLandauSolver::time)
      .def("values", [](const RadialLandauSolver& r) { return r.values(); })
      .def("cell_center", [](const RadialLandauSolver& r, const py::object& i) {
        return r.cell_center(static_cast<int>(require_int(i, "i", 0, static_cast<std::int64_t>(r.values().size()) - 1)));
      }, py::arg("i"))
      .def("mass", &RadialLandauSolver::mass)
      .def("moment", [](const RadialLandauSolver& r, const py::object& p) {
        return r.moment(static_cast<int>(require_int(p, "p", -2, 1000)));  // |v|^p f is integrable for p > -3
      }, py::arg("p"))
      .def("entropy", &RadialLandauSolver::entropy)
      .def("fisher", &RadialLandauSolver::fisher)
      .def("speed_cdf", [](const RadialLandauSolver& r, const Array& x) {
        return elementwise(require_finite_array(x, "x"), [&](double y) { return r.speed_cdf(y); });
      }, py::arg("x"))
      .def("sample", [](const RadialLandauSolver& r, const py::object& n, const py::object& seed) {
        const auto count = static_cast<std::size_t>(require_int(n, "n", 0));
        const std::uint64_t sd = require_seed(seed, "seed");
        ParticleStore s(count);
        for (std::size_t i = 0; i < count; ++i) {
          CounterRng rng({sd, Stream::kPyRadialSample, 0}, i);
          s.set(i, r.draw(rng));
        }
        return from_store(s);
      }, py::arg("n"), py::arg("seed") = 1);

  // Diagnostics (docs/study.md#the-diagnostics). Samples are finite and large enough for the estimator.
  m.def("w2_1d", [](const Array& a, const Array& b) { return w2_1d(require_sample(a, "a"), require_sample(b, "b")); },
        py::arg("a"), py::arg("b"));
  m.def("w2_1d_quantiles", [](const Array& a, const Array& quantiles) {
    return w2_1d_quantiles(require_sample(a, "a"), require_sample(quantiles, "quantiles"));
  }, py::arg("a"), py::arg("quantiles"));
  m.def("sliced_w2", [](const Array& a, const Array& b, const py::object& directions, const py::object& seed) {
    const auto L = static_cast<int>(require_int(directions, "directions", 1, std::numeric_limits<int>::max()));
    return sliced_w2(require_points(a, "a"), require_points(b, "b"), L, {require_seed(seed, "seed"), Stream::kPySlicedW2, 0}, 0);
  }, py::arg("a"), py::arg("b"), py::arg("directions") = 32, py::arg("seed") = 1);
  m.def("w2_exact_3d", [](const Array& a, const Array& b) {
    // LEMON numbers the n^2 arcs with an int: n <= 46340.
    const ParticleStore x = require_points(a, "a", 1, 46340), y = require_points(b, "b", 1, 46340);
    if (x.size() != y.size()) bad_argument("b", fmt::format("needs as many points as a ({}; got {})", x.size(), y.size()));
    py::gil_scoped_release nogil;
    return w2_exact_3d(x, y);
  }, py::arg("a"), py::arg("b"));
  m.def("kl_entropy", [](const Array& x, const py::object& k) {
    const auto kk = require_int(k, "k", 1, std::numeric_limits<int>::max());
    return kl_entropy(require_point_list(x, "x", static_cast<std::size_t>(kk) + 1), static_cast<int>(kk));
  }, py::arg("x"), py::arg("k") = 1);
  m.def("kde_fisher", [](const Array& x, double bandwidth) {
    double used = 0;
    const double I = kde_fisher(require_point_list(x, "x", 2), require_nonnegative(bandwidth, "bandwidth"), &used);
    return py::make_tuple(I, used);
  }, py::arg("x"), py::arg("bandwidth") = 0.0);
  m.def("pair_statistic", [](const Array& v, double s, double cap, const py::object& max_pairs, const py::object& seed) {
    const ParticleStore x = require_points(v, "v", 2);
    require_finite(s, "s");
    if (!(cap > 0)) bad_argument("cap", fmt::format("must be > 0 (got {})", cap));
    const auto pairs = static_cast<std::uint64_t>(require_int(max_pairs, "max_pairs", 1));
    const PairStatistic p = pair_u_statistic(x, s, cap, pairs, {require_seed(seed, "seed"), Stream::kPyPairStatistic, 0}, 0);
    py::dict d;
    d["mean"] = p.mean;
    d["median_of_means"] = p.median_of_means;
    d["truncated_mean"] = p.truncated_mean;
    d["exact"] = p.exact;
    return d;
  }, py::arg("v"), py::arg("s") = -2.0, py::arg("cap") = 1e4, py::arg("max_pairs") = 200000, py::arg("seed") = 1);
  m.def("test_functions", [](const Array& v) {
    const auto& bank = default_test_functions();
    const TestFunctionValues tv = test_function_values(require_points(v, "v", 2), bank);
    py::dict d;
    for (std::size_t b = 0; b < bank.size(); ++b) d[py::str(bank[b].name)] = py::make_tuple(tv.mean[b], tv.pair[b]);
    return d;
  }, py::arg("v"));

  // The checks themselves, for the Python wrappers (grazing.diagnostics.w2_speed, nvar).
  m.def("require_points", [](const Array& a, const std::string& name, const py::object& min_rows) {
    return from_store(require_points(a, name, static_cast<std::size_t>(require_int(min_rows, "min_rows", 0))));
  }, py::arg("array"), py::arg("name"), py::arg("min_rows") = 1);
  m.def("require_int", [](const py::object& x, const std::string& name, std::int64_t lo) { return require_int(x, name, lo); },
        py::arg("x"), py::arg("name"), py::arg("lo"));
  m.def("require_positive", [](double x, const std::string& name) { return require_positive(x, name); },
        py::arg("x"), py::arg("name"));
}
