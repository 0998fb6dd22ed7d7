// Solve: the mixed-integer programme, solved with GLPK.
//
// Columns: open[a] (binary) for every area, x[o,a] (binary) for every pair where o may join a
// (interested, not forbidden, area allowed open); a pinned pair is fixed at 1.
// Rows:    sum open <= K;  for each area: sum_o x - max*open <= 0, sum_o x - min*open >= 0;
//          x[o,a] - open[a] <= 0 (linking, tightens the LP bound);
//          per organisation (more candidate areas than M): sum_a x <= M;
//          per area with require_lead: sum_{lead o} x - open >= 0;
//          per area and country (more candidates than P): sum x - P*open <= 0.
// Objective: maximise sum interest[o,a] * x[o,a].
#include <glpk.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <cmath>
#include <csetjmp>
#include <limits>
#include <memory>

#include "groups/model.h"

namespace cobuy::groups {
namespace {

using internal::Assignment;
using internal::Family;
using internal::Relaxation;
using internal::View;

// The MIP in GLPK's 1-based arrays (index 0 unused).
struct Model {
  std::vector<double> col_lb{0}, col_ub{0}, obj{0};
  std::vector<int> row_type{0};
  std::vector<double> row_lb{0}, row_ub{0};
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0};
  std::vector<std::pair<int, int>> pair_of;  // x column j -> (o, a) at pair_of[j - first_x]
  int first_x = 0;
  int n_cols() const { return static_cast<int>(col_lb.size()) - 1; }
  int n_rows() const { return static_cast<int>(row_type.size()) - 1; }
  int AddCol(double lb, double ub, double c) {
    col_lb.push_back(lb);
    col_ub.push_back(ub);
    obj.push_back(c);
    return n_cols();
  }
  int AddRow(int type, double lb, double ub) {
    row_type.push_back(type);
    row_lb.push_back(lb);
    row_ub.push_back(ub);
    return n_rows();
  }
  void Set(int row, int col, double v) {
    ia.push_back(row);
    ja.push_back(col);
    ar.push_back(v);
  }
};

Model Build(const View& v, const Relaxation& r, const SolveOptions& options) {
  const Instance& in = v.in;
  Model m;
  std::vector<int> open_col(v.n_areas);
  for (int a = 0; a < v.n_areas; ++a) {
    double lb = 0, ub = 1;
    if (in.open_areas && !r.Drops(Family::kOpenAreas)) lb = ub = v.fixed_open[a];
    open_col[a] = m.AddCol(lb, ub, 0);
  }
  m.first_x = m.n_cols() + 1;
  std::vector<std::vector<int>> col(v.n_orgs, std::vector<int>(v.n_areas, 0));
  for (int o = 0; o < v.n_orgs; ++o) {
    for (int a = 0; a < v.n_areas; ++a) {
      if (!v.Candidate(o, a, r)) continue;
      bool fix = v.pinned[o][a] && !r.Drops(Family::kPinned);
      col[o][a] = m.AddCol(fix ? 1 : 0, 1, in.organisations[o].interest[a]);
      m.pair_of.emplace_back(o, a);
    }
  }
  if (!r.Drops(Family::kMaxOpen)) {
    int row = m.AddRow(GLP_UP, 0, in.max_open_areas);
    for (int a = 0; a < v.n_areas; ++a) m.Set(row, open_col[a], 1);
  }
  for (int a = 0; a < v.n_areas; ++a) {
    int candidates = 0;
    for (int o = 0; o < v.n_orgs; ++o) candidates += col[o][a] ? 1 : 0;
    int max = r.Drops(Family::kMaxSize, a) ? std::max(candidates, 1) : in.areas[a].max_size;
    int hi = m.AddRow(GLP_UP, 0, 0);
    int lo = m.AddRow(GLP_LO, 0, 0);
    for (int o = 0; o < v.n_orgs; ++o) {
      if (!col[o][a]) continue;
      m.Set(hi, col[o][a], 1);
      m.Set(lo, col[o][a], 1);
    }
    m.Set(hi, open_col[a], -max);
    m.Set(lo, open_col[a], -v.MinSize(a, r));
    if (options.linking_rows) {
      for (int o = 0; o < v.n_orgs; ++o) {
        if (!col[o][a]) continue;
        int row = m.AddRow(GLP_UP, 0, 0);
        m.Set(row, col[o][a], 1);
        m.Set(row, open_col[a], -1);
      }
    }
    if (in.require_lead && !r.Drops(Family::kLead, a)) {
      int row = m.AddRow(GLP_LO, 0, 0);
      for (int o = 0; o < v.n_orgs; ++o) {
        if (col[o][a] && in.organisations[o].leads[a]) m.Set(row, col[o][a], 1);
      }
      m.Set(row, open_col[a], -1);
    }
    if (in.max_per_country && !r.Drops(Family::kCountry, a)) {
      std::vector<int> per_country(v.countries.size(), 0);
      for (int o = 0; o < v.n_orgs; ++o) per_country[v.country[o]] += col[o][a] ? 1 : 0;
      for (size_t c = 0; c < v.countries.size(); ++c) {
        if (per_country[c] <= *in.max_per_country) continue;
        int row = m.AddRow(GLP_UP, 0, 0);
        for (int o = 0; o < v.n_orgs; ++o) {
          if (col[o][a] && v.country[o] == static_cast<int>(c)) m.Set(row, col[o][a], 1);
        }
        m.Set(row, open_col[a], -*in.max_per_country);
      }
    }
  }
  if (!r.Drops(Family::kMaxGroups)) {
    for (int o = 0; o < v.n_orgs; ++o) {
      int n = 0;
      for (int a = 0; a < v.n_areas; ++a) n += col[o][a] ? 1 : 0;
      if (n <= in.max_groups_per_organisation) continue;
      int row = m.AddRow(GLP_UP, 0, in.max_groups_per_organisation);
      for (int a = 0; a < v.n_areas; ++a) {
        if (col[o][a]) m.Set(row, col[o][a], 1);
      }
    }
  }
  return m;
}

// What the search tree reported: the best bound on the objective, and whether to stop at
// the first integer solution (feasibility checks).
struct TreeInfo {
  bool stop_at_first = false;
  double bound = std::numeric_limits<double>::infinity();
};

void OnTree(glp_tree* tree, void* info) {
  auto* t = static_cast<TreeInfo*>(info);
  int reason = glp_ios_reason(tree);
  if (reason == GLP_IBINGO && t->stop_at_first) glp_ios_terminate(tree);
  // The best bound: the best active node's, or, while the root is being solved, its LP value.
  int best = glp_ios_best_node(tree);
  double bound = best != 0 ? glp_ios_node_bound(tree, best) : std::numeric_limits<double>::infinity();
  if (std::abs(bound) < 1e30) t->bound = bound;  // a node without a solved LP reports +-DBL_MAX
  int curr = glp_ios_curr_node(tree);
  if ((reason == GLP_IHEUR || reason == GLP_ICUTGEN || reason == GLP_IBRANCH) && curr != 0 &&
      glp_ios_node_level(tree, curr) == 0 && glp_get_status(glp_ios_get_prob(tree)) == GLP_OPT) {
    t->bound = glp_get_obj_val(glp_ios_get_prob(tree));
  }
}

struct ErrorJump {
  std::jmp_buf buf;
};

void OnGlpkError(void* info) {
  std::longjmp(static_cast<ErrorJump*>(info)->buf, 1);
}

struct MipRun {
  int ret = 0;
  int status = GLP_UNDEF;
  std::vector<double> x;  // column values, 1-based
  int nonzeros = 0;
};

// Loads and solves `m` in `prob`. Returns false when GLPK reported an error (then GLPK's
// environment, `prob` included, has been freed). No object with a destructor lives in this
// frame: a GLPK error longjmps back here.
bool RunGuarded(glp_prob* prob, const Model& m, glp_iocp* parm, MipRun* run) {
  ErrorJump jump;
  if (setjmp(jump.buf) != 0) {
    glp_error_hook(nullptr, nullptr);
    glp_free_env();
    return false;
  }
  glp_error_hook(&OnGlpkError, &jump);
  glp_term_out(GLP_OFF);
  glp_set_obj_dir(prob, GLP_MAX);
  if (m.n_cols() > 0) glp_add_cols(prob, m.n_cols());
  if (m.n_rows() > 0) glp_add_rows(prob, m.n_rows());
  for (int j = 1; j <= m.n_cols(); ++j) {
    glp_set_col_kind(prob, j, GLP_BV);
    glp_set_col_bnds(prob, j, m.col_lb[j] == m.col_ub[j] ? GLP_FX : GLP_DB, m.col_lb[j], m.col_ub[j]);
    glp_set_obj_coef(prob, j, m.obj[j]);
  }
  for (int i = 1; i <= m.n_rows(); ++i) glp_set_row_bnds(prob, i, m.row_type[i], m.row_lb[i], m.row_ub[i]);
  const int nz = static_cast<int>(m.ia.size()) - 1;
  glp_load_matrix(prob, nz, m.ia.data(), m.ja.data(), m.ar.data());
  run->nonzeros = nz;
  run->ret = glp_intopt(prob, parm);
  run->status = glp_mip_status(prob);
  if (run->status == GLP_OPT || run->status == GLP_FEAS) {
    for (int j = 1; j <= m.n_cols(); ++j) run->x[j] = glp_mip_col_val(prob, j);
  }
  glp_error_hook(nullptr, nullptr);
  return true;
}

struct ProbDeleter {
  void operator()(glp_prob* p) const { glp_delete_prob(p); }
};

enum class Outcome { kOptimal, kFeasible, kInfeasible, kUnknown };

struct MipResult {
  Outcome outcome = Outcome::kUnknown;
  Assignment x;
  double bound = 0;
  int rows = 0, columns = 0, nonzeros = 0;
};

Result<MipResult> RunMip(const View& v, const Relaxation& r, const SolveOptions& options, double seconds,
                         bool stop_at_first) {
  Model m = Build(v, r, options);
  TreeInfo tree;
  tree.stop_at_first = stop_at_first;
  glp_iocp parm;
  glp_init_iocp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.presolve = GLP_ON;
  parm.tm_lim = seconds >= 2e6 ? std::numeric_limits<int>::max() : static_cast<int>(std::max(1.0, seconds * 1000));
  if (options.cuts) {
    parm.mir_cuts = GLP_ON;
    parm.cov_cuts = GLP_ON;
    parm.clq_cuts = GLP_ON;
    parm.gmi_cuts = GLP_ON;
  }
  parm.fp_heur = options.feasibility_pump ? GLP_ON : GLP_OFF;
  parm.cb_func = &OnTree;
  parm.cb_info = &tree;
  MipRun run;
  run.x.assign(m.n_cols() + 1, 0);
  std::unique_ptr<glp_prob, ProbDeleter> prob(glp_create_prob());
  if (!RunGuarded(prob.get(), m, &parm, &run)) {
    (void)prob.release();  // freed with GLPK's environment
    return Internal("GLPK failed while solving the group formation model");
  }
  MipResult out;
  out.rows = m.n_rows();
  out.columns = m.n_cols();
  out.nonzeros = run.nonzeros;
  bool has_solution = run.status == GLP_OPT || run.status == GLP_FEAS;
  if (run.ret == GLP_ENOPFS || run.status == GLP_NOFEAS) {
    out.outcome = Outcome::kInfeasible;
  } else if (run.ret == 0 && run.status == GLP_OPT) {
    out.outcome = Outcome::kOptimal;
  } else if ((run.ret == GLP_ETMLIM || run.ret == GLP_ESTOP) && has_solution) {
    out.outcome = stop_at_first ? Outcome::kOptimal : Outcome::kFeasible;
  } else if (run.ret == GLP_ETMLIM) {
    out.outcome = Outcome::kUnknown;
  } else {
    return Internal(fmt::format("GLPK could not solve the group formation model (glp_intopt returned {})", run.ret));
  }
  if (has_solution) {
    out.x.assign(v.n_orgs, std::vector<char>(v.n_areas, 0));
    for (size_t k = 0; k < m.pair_of.size(); ++k) {
      auto [o, a] = m.pair_of[k];
      out.x[o][a] = run.x[m.first_x + static_cast<int>(k)] > 0.5 ? 1 : 0;
    }
  }
  out.bound = tree.bound;
  return out;
}

// An upper bound on the objective: the smaller of every organisation in its M most
// interesting candidate areas, and the K best areas each filled with its max_size most
// interested candidates.
double TrivialBound(const View& v) {
  std::vector<double> per_area;
  for (int a = 0; a < v.n_areas; ++a) {
    std::vector<int> ints;
    for (int o = 0; o < v.n_orgs; ++o) {
      if (v.Candidate(o, a)) ints.push_back(v.in.organisations[o].interest[a]);
    }
    std::sort(ints.rbegin(), ints.rend());
    double sum = 0;
    for (int i = 0; i < static_cast<int>(ints.size()) && i < v.in.areas[a].max_size; ++i) sum += ints[i];
    per_area.push_back(sum);
  }
  std::sort(per_area.rbegin(), per_area.rend());
  double by_area = 0;
  for (int i = 0; i < static_cast<int>(per_area.size()) && i < v.in.max_open_areas; ++i) by_area += per_area[i];
  double total = 0;
  for (int o = 0; o < v.n_orgs; ++o) {
    std::vector<int> ints;
    for (int a = 0; a < v.n_areas; ++a) {
      if (v.Candidate(o, a)) ints.push_back(v.in.organisations[o].interest[a]);
    }
    std::sort(ints.rbegin(), ints.rend());
    for (int i = 0; i < static_cast<int>(ints.size()) && i < v.in.max_groups_per_organisation; ++i) total += ints[i];
  }
  return std::min(total, by_area);
}

}  // namespace

Result<Solution> Solve(const Instance& instance, const SolveOptions& options) {
  // GLPK keeps one environment per thread (or per process where it is built without TLS):
  // solves are serialised, and the environment is freed when the solve ends, so a server
  // thread that solved keeps nothing of GLPK. Declared first: released after every problem.
  static std::mutex glpk_mutex;
  std::lock_guard<std::mutex> lock(glpk_mutex);
  struct ReleaseGlpkEnvironment {
    ~ReleaseGlpkEnvironment() { glp_free_env(); }
  } release_environment;
  auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  const double limit = options.time_limit_seconds.value_or(instance.time_limit_seconds.value_or(1e9));
  View v(instance);
  Solution sol;
  auto infeasible = [&](Infeasibility why) {
    sol.status = SolveStatus::kInfeasible;
    sol.infeasible = std::move(why);
    sol.seconds = elapsed();
    return sol;
  };
  if (auto why = internal::DirectCheck(v)) return infeasible(*why);

  COBUY_ASSIGN_OR_RETURN(MipResult mip, RunMip(v, {}, options, limit, false));
  sol.rows = mip.rows;
  sol.columns = mip.columns;
  sol.nonzeros = mip.nonzeros;
  if (mip.outcome == Outcome::kInfeasible) {
    Status failure;
    Infeasibility why = internal::DiagnoseByRelaxation(v, [&](const Relaxation& r) {
      if (!failure.ok()) return false;
      auto relaxed = RunMip(v, r, options, std::max(1.0, limit - elapsed()), true);
      if (!relaxed.ok()) failure = relaxed.status();
      return relaxed.ok() && (relaxed->outcome == Outcome::kOptimal || relaxed->outcome == Outcome::kFeasible);
    });
    COBUY_RETURN_IF_ERROR(failure);
    return infeasible(std::move(why));
  }
  auto value = [&](const Assignment& x) {
    int total = 0;
    for (int o = 0; o < v.n_orgs; ++o) {
      for (int a = 0; a < v.n_areas; ++a) total += x[o][a] ? instance.organisations[o].interest[a] : 0;
    }
    return total;
  };
  if (mip.outcome != Outcome::kOptimal) {
    // Stopped at the time limit: answer with the greedy assignment when GLPK has none or a worse one.
    std::optional<Assignment> greedy = internal::Greedy(v);
    if (greedy && (mip.outcome == Outcome::kUnknown || value(*greedy) > value(mip.x))) {
      mip.x = std::move(*greedy);
      mip.outcome = Outcome::kFeasible;
    }
  }
  if (mip.outcome == Outcome::kUnknown) {
    sol.status = SolveStatus::kTimeLimit;
    sol.seconds = elapsed();
    return sol;
  }
  if (!internal::Feasible(v, mip.x)) return Internal("GLPK's assignment breaks a constraint of the instance");
  internal::Canonicalise(v, mip.x);
  SolveStatus status = mip.outcome == Outcome::kOptimal ? SolveStatus::kOptimal : SolveStatus::kTimeLimit;
  internal::Describe(v, mip.x, status, options.explain, sol);
  if (status == SolveStatus::kOptimal) {
    sol.gap = 0;
  } else {
    // The tree's best bound (absent or infinite before any node's LP is solved) capped by a
    // bound that always holds: every organisation in its M most interesting areas. Rounded
    // down: the objective is an integer.
    double bound = TrivialBound(v);
    if (std::isfinite(mip.bound) && mip.bound < bound) bound = std::floor(mip.bound + 1e-6);
    double obj = *sol.objective;
    sol.gap = bound <= obj ? 0.0 : (bound - obj) / std::max(1.0, std::abs(obj));
  }
  sol.seconds = elapsed();
  return sol;
}

}  // namespace cobuy::groups
