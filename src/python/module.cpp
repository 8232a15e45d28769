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
#include <sstream>

#include "grazing/config.hpp"
#include "grazing/error.hpp"
#include "grazing/estimators.hpp"
#include "grazing/initial.hpp"
#include "grazing/model.hpp"
#include "grazing/moments.hpp"
#include "grazing/run.hpp"
#include "grazing/version.hpp"
#include "grazing/wasserstein.hpp"
#include "reference/bkw.hpp"
#include "reference/maxwell.hpp"
#include "reference/radial_solver.hpp"

namespace py = pybind11;
using namespace grazing;

namespace {

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

// (n, 3) array -> store (a copy), with the shape checked.
ParticleStore to_store(const Array& a, const char* what) {
  if (a.ndim() != 2 || a.shape(1) != 3)
    throw py::value_error(std::string(what) + ": expected an array of shape (n, 3)");
  ParticleStore s(static_cast<std::size_t>(a.shape(0)));
  std::memcpy(s.data(), a.data(), sizeof(double) * 3 * s.size());
  return s;
}
std::vector<Vec3> to_points(const Array& a, const char* what) {
  const ParticleStore s = to_store(a, what);
  std::vector<Vec3> p(s.size());
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = s.get(i);
  return p;
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

// SIGINT while a run computes: ask the models to stop at their next safe point; the run then raises
// KeyboardInterrupt in Python. The previous handler is restored when the run returns.
std::atomic<bool> g_stop{false};
extern "C" void on_sigint(int) { g_stop.store(true, std::memory_order_relaxed); }

struct SigintScope {
  struct sigaction old {};
  SigintScope() {
    g_stop.store(false);
    struct sigaction sa {};
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, &old);
  }
  ~SigintScope() { sigaction(SIGINT, &old, nullptr); }
};

// Runs `spec` in memory. Returns times (T,), moments (R*T, 14) in moments.csv's column order, the
// velocities (T, R, N, 3) when keep_velocities, and run_info (run.json's content without the directory).
py::dict run_spec(const Spec& s, const py::object& progress, bool keep_velocities, int threads) {
  RunSpec& spec = *s.spec;
  struct Restore {  // `threads` applies to this run only
    RunSpec& spec;
    int threads;
    ~Restore() { spec.threads = threads; }
  } restore{spec, spec.threads};
  if (threads >= 0) spec.threads = threads;
  const std::size_t T = spec.output_times.size(), R = spec.replicas, N = spec.N;
  Array moments({static_cast<py::ssize_t>(T * R), py::ssize_t{14}});
  Array velocities = keep_velocities ? Array({static_cast<py::ssize_t>(T), static_cast<py::ssize_t>(R),
                                              static_cast<py::ssize_t>(N), py::ssize_t{3}})
                                     : Array(std::vector<py::ssize_t>{0});
  double* mo = moments.mutable_data();
  double* ve = velocities.mutable_data();
  std::exception_ptr callback_error;
  SigintScope sigint;
  SimulateHooks hooks;
  hooks.needs_states = keep_velocities;
  hooks.stop = &g_stop;
  hooks.on_output = [&](std::size_t k, const std::vector<ReplicaState>& states, const std::vector<Moments>& m) {
    for (const auto& st : states) {
      const Moments& x = m[st.replica];
      double* row = mo + 14 * (k * R + st.replica);
      const double vals[14] = {static_cast<double>(st.replica), spec.output_times[k], static_cast<double>(st.counters.events),
                               x.mean.x, x.mean.y, x.mean.z, x.mean_v2, x.M[0], x.M[1], x.M[2], x.M[3], x.M[4], x.M[5],
                               x.mean_v4};
      std::memcpy(row, vals, sizeof vals);
      if (keep_velocities) std::memcpy(ve + 3 * N * (k * R + st.replica), st.v.data(), sizeof(double) * 3 * N);
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
    rs = start_run(spec, spec.threads > 0 ? spec.threads : omp_get_num_procs());
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
  return out;
}

toml::table parse_text(const std::string& text, const std::string& source) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw InputError(source, fmt::format("line {}: {}", e.source().begin.line, e.description()));
  }
}

std::uint64_t checked_seed(std::int64_t seed) {
  if (seed < 0) throw InputError("run.seed", fmt::format("must be >= 0 (got {})", seed));
  return static_cast<std::uint64_t>(seed);
}
std::uint32_t checked_replica(std::int64_t replica) {
  if (replica < 0 || replica >= (std::int64_t{1} << 31))
    throw InputError("replica", fmt::format("must be an integer in [0, 2^31) (got {})", replica));
  return static_cast<std::uint32_t>(replica);
}

// The t = 0 state of replica `replica` of a run with this [initial] section and run.seed = seed: the
// same i.i.d. draws (stream kInitial) and exact_moments as the driver's initial_state.
Array initial_sample(const std::string& text, std::int64_t seed, std::int64_t replica) {
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

  Simulation(const Array& v, const std::string& model_text, std::int64_t seed, std::int64_t replica, double t0,
             std::int64_t interval0, const std::map<std::string, std::uint64_t>& counters, int threads_)
      : t(t0) {
    state.v = to_store(v, "velocities");
    if (state.v.size() < 2) throw py::value_error("velocities: need at least 2 particles");
    spec.N = state.v.size();
    const toml::table tt = parse_text(model_text, "<model>");
    build_model_spec(tt["model"].as_table(), "", spec);
    spec.seed = checked_seed(seed);
    state.replica = checked_replica(replica);
    if (interval0 < 0) throw py::value_error("interval must be >= 0");
    interval = static_cast<std::uint64_t>(interval0);
    for (const auto& [k, x] : counters) {
      if (k == "events") state.counters.events = x;
      else if (k == "coincident") state.counters.coincident = x;
      else if (k == "uniform_direction") state.counters.uniform_direction = x;
      else if (k == "steps") state.counters.steps = x;
      else if (k == "candidates") state.counters.candidates = x;
      else throw py::value_error("counters: unknown counter '" + k + "' (events, coincident, uniform_direction, steps, candidates)");
    }
    if (!std::isfinite(t0)) throw py::value_error("t must be finite");
    threads = threads_ > 0 ? threads_ : omp_get_num_procs();
  }

  void advance(double t1) {
    if (pending && t1 != pending_t1)
      throw py::value_error(fmt::format("the advance to t = {} was interrupted; advance({}) finishes it first", pending_t1, pending_t1));
    if (!(t1 > t) || !std::isfinite(t1)) throw py::value_error(fmt::format("t1 = {} must be finite and > t = {}", t1, t));
    const double per = spec.model->expected_events(spec.N, (t1 - t) * spec.time_scale);
    if (per >= 0 && !(per <= 1e13))
      throw InputError("model." + spec.model->step_key(),
                       fmt::format("gives {:.3g} expected events from t = {} to {} (at most 1e13); increase model.{} "
                                   "or advance over shorter spans", per, t, t1, spec.model->step_key()));
    AdvanceContext ctx{interval, spec.seed, threads};
    ctx.stop = &g_stop;
    SigintScope sigint;
    Moments mo;
    {
      py::gil_scoped_release nogil;
      state.interrupted = false;
      spec.model->advance(state, t * spec.time_scale, t1 * spec.time_scale, ctx);
      if (!state.interrupted) mo = compute_moments(state.v);
    }
    if (state.interrupted) {
      pending = true;
      pending_t1 = t1;
      PyErr_SetNone(PyExc_KeyboardInterrupt);
      throw py::error_already_set();
    }
    pending = false;
    t = t1;
    ++interval;
    if (!std::isfinite(mo.mean_v2) || !std::isfinite(mo.mean_v4))
      for (std::size_t i = 0; i < state.v.size(); ++i) {
        const Vec3 x = state.v.get(i);
        if (!std::isfinite(x.x) || !std::isfinite(x.y) || !std::isfinite(x.z))
          throw std::runtime_error(fmt::format("non-finite velocity ({}, {}, {}) at t = {}, particle {}", x.x, x.y, x.z, t, i));
      }
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
  m.def("run", &run_spec, py::arg("spec"), py::arg("progress"), py::arg("keep_velocities"), py::arg("threads"));
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
      .def(py::init<const Array&, const std::string&, std::int64_t, std::int64_t, double, std::int64_t,
                    const std::map<std::string, std::uint64_t>&, int>(),
           py::arg("velocities"), py::arg("model_toml"), py::arg("seed"), py::arg("replica"), py::arg("t"),
           py::arg("interval"), py::arg("counters"), py::arg("threads"))
      .def("advance", &Simulation::advance, py::arg("t1"))
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

  // References (SPEC.md section R).
  py::class_<BkwSolution>(m, "Bkw")
      .def(py::init<double, double>(), py::arg("K0"), py::arg("C") = 0.5)
      .def("K", &BkwSolution::K)
      .def("density", [](const BkwSolution& b, const Array& x, double t) { return elementwise(x, [&](double y) { return b.density(y, t); }); },
           py::arg("x"), py::arg("t"))
      .def("speed_cdf", [](const BkwSolution& b, const Array& x, double t) { return elementwise(x, [&](double y) { return b.speed_cdf(y, t); }); },
           py::arg("x"), py::arg("t"))
      .def("marginal", [](const BkwSolution& b, const Array& x, double t) { return elementwise(x, [&](double y) { return b.marginal(y, t); }); },
           py::arg("x"), py::arg("t"))
      .def("marginal_cdf", [](const BkwSolution& b, const Array& x, double t) { return elementwise(x, [&](double y) { return b.marginal_cdf(y, t); }); },
           py::arg("x"), py::arg("t"))
      .def("moment", &BkwSolution::moment, py::arg("two_k"), py::arg("t"))
      .def("entropy", &BkwSolution::entropy)
      .def("fisher", &BkwSolution::fisher)
      .def("sample", [](const BkwSolution& b, std::size_t n, double t, std::uint64_t seed) {
        ParticleStore s(n);
        for (std::size_t i = 0; i < n; ++i) {
          CounterRng rng({seed, Stream::kReference, 0}, i);
          s.set(i, BkwSolution::draw(b.K(t), rng));
        }
        return from_store(s);
      }, py::arg("n"), py::arg("t"), py::arg("seed") = 1);
  m.def("ou_sample", [](const Array& v0, double E, double C, double t, std::uint64_t seed) {
    ParticleStore s = to_store(v0, "v0");
    for (std::size_t i = 0; i < s.size(); ++i) {
      CounterRng rng({seed, Stream::kReference, 1}, i);
      s.set(i, maxwell_isotropic_flow(s.get(i), E, C, t, rng));
    }
    return from_store(s);
  }, py::arg("v0"), py::arg("E"), py::arg("C"), py::arg("t"), py::arg("seed") = 1);
  py::class_<MaxwellMoments>(m, "MaxwellMoments")
      .def(py::init<std::array<double, 6>, double, double>(), py::arg("P0"), py::arg("M4_0"), py::arg("C"))
      .def("second", &MaxwellMoments::second)
      .def("fourth", &MaxwellMoments::fourth);
  m.def("coulomb_isotropisation_rate", &coulomb_isotropisation_rate, py::arg("theta_par"), py::arg("theta_perp"),
        py::arg("C") = 0.5);
  py::class_<RadialLandauSolver>(m, "RadialSolver")
      .def(py::init([](const std::function<double(double)>& f0, double gamma, double C, double r_max, int cells, double dt) {
             RadialSolverOptions o;
             o.gamma = gamma;
             o.C = C;
             o.r_max = r_max;
             o.cells = cells;
             o.dt = dt;
             return RadialLandauSolver(o, f0);
           }),
           py::arg("f0"), py::arg("gamma"), py::arg("C") = 0.5, py::arg("r_max") = 8.0, py::arg("cells") = 200,
           py::arg("dt") = 1e-3)
      .def("advance_to", [](RadialLandauSolver& r, double t) {
        py::gil_scoped_release nogil;
        r.advance_to(t);
      })
      .def_property_readonly("time", &RadialLandauSolver::time)
      .def("values", [](const RadialLandauSolver& r) { return r.values(); })
      .def("cell_center", &RadialLandauSolver::cell_center)
      .def("mass", &RadialLandauSolver::mass)
      .def("moment", &RadialLandauSolver::moment)
      .def("entropy", &RadialLandauSolver::entropy)
      .def("fisher", &RadialLandauSolver::fisher)
      .def("speed_cdf", [](const RadialLandauSolver& r, const Array& x) { return elementwise(x, [&](double y) { return r.speed_cdf(y); }); })
      .def("sample", [](const RadialLandauSolver& r, std::size_t n, std::uint64_t seed) {
        ParticleStore s(n);
        for (std::size_t i = 0; i < n; ++i) {
          CounterRng rng({seed, Stream::kReference, 2}, i);
          s.set(i, r.draw(rng));
        }
        return from_store(s);
      }, py::arg("n"), py::arg("seed") = 1);

  // Diagnostics (docs/study.md#the-diagnostics).
  m.def("w2_1d", &w2_1d, py::arg("a"), py::arg("b"));
  m.def("w2_1d_quantiles", &w2_1d_quantiles, py::arg("a"), py::arg("quantiles"));
  m.def("sliced_w2", [](const Array& a, const Array& b, int directions, std::uint64_t seed) {
    return sliced_w2(to_store(a, "a"), to_store(b, "b"), directions, {seed, Stream::kDiagnostics, 0}, 0);
  }, py::arg("a"), py::arg("b"), py::arg("directions") = 32, py::arg("seed") = 1);
  m.def("w2_exact_3d", [](const Array& a, const Array& b) {
    const ParticleStore x = to_store(a, "a"), y = to_store(b, "b");
    py::gil_scoped_release nogil;
    return w2_exact_3d(x, y);
  }, py::arg("a"), py::arg("b"));
  m.def("kl_entropy", [](const Array& x, int k) { return kl_entropy(to_points(x, "x"), k); }, py::arg("x"), py::arg("k") = 1);
  m.def("kde_fisher", [](const Array& x, double bandwidth) {
    double used = 0;
    const double I = kde_fisher(to_points(x, "x"), bandwidth, &used);
    return py::make_tuple(I, used);
  }, py::arg("x"), py::arg("bandwidth") = 0.0);
  m.def("pair_statistic", [](const Array& v, double s, double cap, std::uint64_t max_pairs, std::uint64_t seed) {
    const PairStatistic p = pair_u_statistic(to_store(v, "v"), s, cap, max_pairs, {seed, Stream::kDiagnostics, 0}, 1);
    py::dict d;
    d["mean"] = p.mean;
    d["median_of_means"] = p.median_of_means;
    d["truncated_mean"] = p.truncated_mean;
    d["exact"] = p.exact;
    return d;
  }, py::arg("v"), py::arg("s") = -2.0, py::arg("cap") = 1e4, py::arg("max_pairs") = 200000, py::arg("seed") = 1);
  m.def("test_functions", [](const Array& v) {
    const auto& bank = default_test_functions();
    const TestFunctionValues tv = test_function_values(to_store(v, "v"), bank);
    py::dict d;
    for (std::size_t b = 0; b < bank.size(); ++b) d[py::str(bank[b].name)] = py::make_tuple(tv.mean[b], tv.pair[b]);
    return d;
  }, py::arg("v"));
}
