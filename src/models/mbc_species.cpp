#include "mbc_species.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "grazing/poisson.hpp"
#include "grazing/power.hpp"
#include "grazing/rotate_pairs_x4.hpp"
#include "drawn_ahead.hpp"
#include "mbc.hpp"
#include "split_schedule.hpp"
#include "step_loop.hpp"

namespace grazing {

MbcSpeciesModel::MbcSpeciesModel(const Plasma& p) : gamma_(p.gamma), tau_(p.tau_target) {
  for (const PairClass& k : p.classes) {
    const Species &A = p.species[k.a], &B = p.species[k.b];
    Class c;
    c.first_a = A.offset, c.N_a = A.N, c.first_b = B.offset, c.N_b = B.N;
    c.same = k.a == k.b;
    c.hK = k.h * k.K;
    c.rate = k.rate;
    c.h = k.h;
    c.equal_masses = A.mass == B.mass;
    c.masses = MassFractions::of(A.mass, B.mass);
    classes_.push_back(c);
    total_rate_ += c.rate;
  }
  // Classes that do not collide (rate 0) are dropped; P(class <= c) over the others, the last exactly 1.
  std::erase_if(classes_, [](const Class& c) { return !(c.rate > 0); });
  double acc = 0;
  for (const Class& c : classes_) cumulative_.push_back((acc += c.rate) / total_rate_);
  if (!cumulative_.empty()) cumulative_.back() = 1.0;
}

nlohmann::json MbcSpeciesModel::parameters() const {
  return {{"name", "mbc"}, {"gamma", gamma_}, {"tau", tau_}, {"classes", "see plasma.classes"}};
}

std::vector<std::string> MbcSpeciesModel::approximations() const {
  return {fmt::format("model.tau = {}: every class's step h_ab gives tau = {} at the class's thermal relative speed; the "
                      "rates are those of the Landau equation up to a bias that vanishes with tau (at gamma = -3 the "
                      "exchange rate was measured low by 13 % at tau = 0.01, 5 % at 1e-3, 1-2 % at 1e-4: "
                      "docs/physics/plasma.md#exact-multi-species-mbc)", tau_, tau_)};
}

double MbcSpeciesModel::expected_events(std::size_t, double duration) const { return total_rate_ * duration; }

namespace {

// A multi-species MBC event drawn ahead of its turn (MbcSpeciesModel::advance): two aligned cache lines
// (the split schedule streams it).
struct alignas(64) DrawnEvent {
  std::uint64_t event;  // cumulative event index: the counter of its stream
  std::size_t i, j;     // its pair (particle indices)
  std::size_t c;        // its class
  std::uint64_t w[8];   // its stream's first words: block 0, and block 1 with several classes
  int rotation_at;      // the word of w at which the rotation's three normals start (1, or 2 after a class word)
  bool ok;              // the pair came from its word alone (else only the scalar event runs it)
};

}  // namespace

void MbcSpeciesModel::advance(ReplicaState& s, double t0, double t1, const AdvanceContext& ctx) const {
  if (!(t1 > t0) || classes_.empty()) return;
  // The superposed clocks: Poisson(sum of the class rates x (t1 - t0)) events. One class: N/h as in mbc.
  CounterRng clock({ctx.seed, Stream::kMbcPoisson, s.replica}, ctx.interval);
  const bool one_species = classes_.size() == 1 && classes_[0].same;
  const double mean = one_species ? static_cast<double>(classes_[0].N_a) * (t1 - t0) / classes_[0].h : total_rate_ * (t1 - t0);
  const std::uint64_t n_events = sample_poisson(mean, clock);
  const RngKey event_key{ctx.seed, Stream::kMbcEvent, s.replica};
  const RealPower r_gamma(gamma_);
  const std::uint64_t first = s.counters.events - s.interval_done;
  const bool several = classes_.size() > 1;
  const bool all_equal_masses = std::all_of(classes_.begin(), classes_.end(), [](const Class& k) { return k.equal_masses; });
  RotationCounts counts;
  // The class of uniform u, in proportion to the class rates.
  auto class_of = [&](double u) {
    std::size_t c = 0;
    while (cumulative_[c] < u) ++c;
    return c;
  };
  // Event e's stream after its class (one word, with several classes: the class in proportion to its
  // rate) and its pair (one word, CounterRng::below2) are drawn: positioned at the rotation's first word.
  auto rotation_stream = [&](std::uint64_t e, std::size_t& c, std::size_t& i, std::size_t& j) {
    CounterRng rng(event_key, e);
    c = several ? class_of(rng.uniform()) : 0;
    const Class& k = classes_[c];
    if (k.same) {
      mbc_pair(rng, k.N_a, i, j);
    } else {
      std::uint64_t a, b;
      rng.below2(k.N_a, k.N_b, a, b);
      i = a, j = b;
    }
    i += k.first_a;
    j += k.first_b;
    return rng;
  };
  // Event e from its own stream alone (the definition; the four-lane path gives its bits).
  auto event_alone = [&](std::uint64_t e) {
    std::size_t c, i, j;
    CounterRng rng = rotation_stream(e, c, i, j);
    const Class& k = classes_[c];
    auto tau_of_r = [&](double r) { return k.hK * r_gamma(r); };
    if (k.equal_masses) rotate_pair_heat_counted(s.v, i, j, tau_of_r, rng, counts);
    else rotate_pair_heat_counted(s.v, i, j, tau_of_r, rng, counts, k.masses);
  };
  // Drawn ahead: the words of the class (several classes), the pair and the normals: the stream's first
  // Philox block, or its first two computed together (philox_blocks) when a class word comes first.
  const PhiloxRoundKeys round_keys(CounterRng::philox_key(event_key));
  auto draw = [&](std::uint64_t e, DrawnEvent& d) {
    d.event = e;
    std::uint64_t(&w)[8] = d.w;
    if (several) {
      std::uint64_t b[2][4] = {{e, 0, 0, 0}, {e, 0, 1, 0}};  // the stream's blocks 0 and 1
      philox_blocks(round_keys, b);
      for (int q = 0; q < 8; ++q) w[q] = b[q / 4][q % 4];
    } else {
      std::uint64_t b[1][4] = {{e, 0, 0, 0}};  // block 0
      philox_blocks(round_keys, b);
      for (int q = 0; q < 4; ++q) w[q] = b[0][q];
    }
    int at = 0;
    d.c = several ? class_of(CounterRng::uniform_from_word(w[at++])) : 0;
    const Class& k = classes_[d.c];
    if (k.same) {
      d.ok = mbc_pair_from_word(w[at], k.N_a, d.i, d.j);
    } else {
      std::uint64_t a, bb;
      d.ok = CounterRng::below2_from_word(w[at], k.N_a, k.N_b, a, bb);
      d.i = a, d.j = bb;
    }
    ++at;
    d.i += k.first_a;
    d.j += k.first_b;
    d.rotation_at = at;
  };
  auto prefetch = [&](const DrawnEvent& d) {
    if (!d.ok) return;
    s.v.prefetch(d.i);
    s.v.prefetch(d.j);
  };
  // The first events of d[0..lanes): four together when they touch eight distinct particles and were
  // drawn from their words (rotate_pairs_heat_x4 with each lane's tau and masses, the next events drawn
  // in its middle: between), else d[0] alone.
  auto run_first = [&](const DrawnEvent* const (&d)[4], std::uint64_t lanes, auto&& between) -> std::uint64_t {
    if (!four_disjoint(d, lanes)) {
      event_alone(d[0]->event);
      return 1;
    }
    const std::size_t i[4] = {d[0]->i, d[1]->i, d[2]->i, d[3]->i}, j[4] = {d[0]->j, d[1]->j, d[2]->j, d[3]->j};
    const std::uint64_t* const words[4] = {d[0]->w + d[0]->rotation_at, d[1]->w + d[1]->rotation_at,
                                           d[2]->w + d[2]->rotation_at, d[3]->w + d[3]->rotation_at};
    const Class* k[4] = {&classes_[d[0]->c], &classes_[d[1]->c], &classes_[d[2]->c], &classes_[d[3]->c]};
    const Double4 hK{k[0]->hK, k[1]->hK, k[2]->hK, k[3]->hK};
    struct LaneTau {  // tau = h_ab K_ab r^gamma, each lane its class's
      const RealPower& r_gamma;
      Double4 hK;
      Double4 operator()(Double4 r) const { return hK * r_gamma(r); }
      double operator()(double r, int l) const { return hK[l] * r_gamma(r); }
    } tau_of_r{r_gamma, hK};
    // A lane's stream at its rotation's first word, resumed from the kept first block (each lane's
    // class and pair came from their words alone) rather than computed again.
    auto rng_of = [&](int l) { return CounterRng::resumed(event_key, d[l]->event, 0, d[l]->w, d[l]->rotation_at); };
    if (all_equal_masses) {
      rotate_pairs_heat_x4(s.v, i, j, words, tau_of_r, rng_of, counts, EqualMasses{}, between);
    } else {
      MassFractions4 m;
      for (int l = 0; l < 4; ++l) {
        m.fi[l] = k[l]->masses.fi, m.fj[l] = k[l]->masses.fj;
        m.equal[l] = k[l]->equal_masses ? -1 : 0;
      }
      rotate_pairs_heat_x4(s.v, i, j, words, tau_of_r, rng_of, counts, m, between);
    }
    return 4;
  };
  // The events first + c0 + q, q = 0 .. n-1, in order, drawn 8 ahead (drawn_ahead.hpp, as mbc's).
  auto run_serial = [&](std::uint64_t c0, std::uint64_t n) {
    run_drawn_ahead<8, DrawnEvent>(
        n,
        [&](std::uint64_t q, DrawnEvent& d) {
          draw(first + c0 + q, d);
          prefetch(d);
        },
        run_first);
  };
  std::uint64_t c0 = s.interval_done;
  std::optional<std::uint64_t> reached;
  // Two threads inside the replica: the split schedule (split_schedule.hpp), as mbc's; the same bits.
  if (SplitSchedule::applies(ctx.threads, s.v.size()) && c0 < n_events) {
    reached = run_split<DrawnEvent>(
        c0, n_events, s.progress_events, ctx, [&](std::uint64_t c, DrawnEvent& d) { draw(first + c, d); },
        [&](std::uint64_t n, auto&& at) {
          run_in_order<8>(n, at, [&](std::uint64_t k) { prefetch(*at(k)); }, run_first);
        });
  }
  c0 = reached ? *reached : run_event_chunks(s, c0, n_events, ctx, run_serial);
  c0 = std::min(c0, n_events);
  s.counters.events = first + c0;
  s.counters.coincident += counts.coincident;
  s.counters.uniform_direction += counts.uniform;
  end_interval(s, c0, n_events);
}

std::unique_ptr<Model> make_species_mbc(const Plasma& plasma) { return std::make_unique<MbcSpeciesModel>(plasma); }
}  // namespace grazing
