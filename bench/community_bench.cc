// Communities at platform scale, on a real SQLite database: what the dashboard, a workspace
// and the calendar feeds cost when Cobuy hosts many communities.
//
//   community_bench [--communities N] [--events-per-community N] [--runs N] [--db PATH]
//
// It builds N communities of 12 members (from 400 organisations), each with a year of events
// (2 market actors attending every third), 10 documents and 20 posts, then times, best of
// --runs:
//   figures    Activities(0) + ComputeFigures + PlatformReport (GET /figures)
//   csv        FiguresCsv over every community (GET /figures.csv)
//   community  one community's Activities + ComputeFigures (GET /communities/{id}/figures)
//   events     ListEvents of one community with its people (GET /communities/{id}/events)
//   calendar   EventsOf + WriteCalendar for a person in 20 communities (GET /me/calendar.ics)
//   health     EvaluateHealth over every community (GET /health)
// and prints each with the goal it is held to (docs/PERFORMANCE.md, Step 4).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "community/figures.h"
#include "community/health.h"
#include "community/ical.h"
#include "store/community_store.h"
#include "store/store.h"

namespace {

using namespace cobuy;

template <typename F>
double Best(int runs, F&& f) {
  double best = 1e300;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

template <typename T>
T Must(Result<T> r, const char* what) {
  if (!r.ok()) {
    fmt::print(stderr, "community_bench: {}: {}\n", what, r.status().ToString());
    std::exit(1);
  }
  return std::move(r).value();
}

void Must(const Status& s, const char* what) {
  if (!s.ok()) {
    fmt::print(stderr, "community_bench: {}: {}\n", what, s.ToString());
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  int communities = 1000, events_per = 20, runs = 5;
  std::string db = "/tmp/cobuy-community-bench.db";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--communities")
      communities = std::stoi(argv[i + 1]);
    else if (a == "--events-per-community")
      events_per = std::stoi(argv[i + 1]);
    else if (a == "--runs")
      runs = std::stoi(argv[i + 1]);
    else if (a == "--db")
      db = argv[i + 1];
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  auto store = Must(Store::Open({.location = db}), "open");
  Must(store->Migrate().status(), "migrate");
  auto cs = Must(CommunityStore::Open({.location = db}), "open communities");

  const UnixSeconds now = 1796000000;  // 2026-11-30
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::int64_t> buyers, sellers;
  for (int o = 0; o < 400; ++o) {
    Organisation org;
    org.name = fmt::format("Bench organisation {}", o);
    org.type = o < 360 ? OrganisationType::kMunicipality : OrganisationType::kSupplier;
    org.country = "DE";
    if (o < 360) org.annual_budget_eur = 1e8 + o * 1e6;
    org.created_at = org.updated_at = now;
    OrganisationId id = Must(store->CreateOrganisation(org), "organisation");
    for (int p = 0; p < 3; ++p) {
      User u;
      u.email = fmt::format("p{}-{}@bench.example", o, p);
      u.name = fmt::format("Person {} {}", o, p);
      u.organisation = id;
      u.role = o < 360 ? Role::kBuyer : Role::kMarketActor;
      u.password_hash = "x";
      u.created_at = now;
      UserId uid = Must(store->CreateUser(u), "user");
      (o < 360 ? buyers : sellers).push_back(uid.value);
    }
  }
  std::int64_t busy_person = buyers.front();
  std::string doc(2000, 'x');
  for (int c = 0; c < communities; ++c) {
    Community com;
    com.name = fmt::format("Bench community {}", c);
    com.kind = c % 3 == 0 ? CommunityKind::kInterestGroup : CommunityKind::kWorkingGroup;
    com.aim = "Benchmark";
    std::int64_t leader = buyers[static_cast<size_t>(c * 7) % buyers.size()];
    std::int64_t id = Must(cs->CreateCommunity(com, leader, now - 400 * 86400), "community");
    std::vector<std::int64_t> members;
    for (int m = 1; m < 12; ++m) {
      std::int64_t u = buyers[static_cast<size_t>(c * 7 + m * 31) % buyers.size()];
      if (u == leader) continue;
      Must(cs->PutMember(id, u, MemberRole::kMember, MemberStatus::kActive, "", now - 300 * 86400), "member");
      members.push_back(u);
    }
    if (c < 20 && busy_person != leader) {
      Must(cs->PutMember(id, busy_person, MemberRole::kMember, MemberStatus::kActive, "", now - 300 * 86400), "member");
    }
    for (int e = 0; e < events_per; ++e) {
      Event ev;
      ev.community_id = id;
      ev.kind = e % 3 == 2 ? EventKind::kMarketEngagement : EventKind::kOnlineMeeting;
      ev.title = fmt::format("Meeting {}", e);
      ev.starts_at = now - 360 * 86400 + static_cast<UnixSeconds>(e) * (400 * 86400 / events_per);
      ev.ends_at = ev.starts_at + 7200;
      ev.time_zone = "Europe/Berlin";
      ev.created_at = ev.starts_at - 86400;
      std::int64_t eid = Must(cs->CreateEvent(ev, leader), "event");
      std::vector<std::int64_t> attended(members.begin(), members.begin() + std::min<size_t>(8, members.size()));
      if (ev.kind == EventKind::kMarketEngagement) {
        for (int g = 0; g < 2; ++g) {
          std::int64_t s = sellers[static_cast<size_t>(c * 3 + e + g) % sellers.size()];
          Must(cs->InviteToEvent(eid, s, true), "invite");
          attended.push_back(s);
        }
      }
      if (ev.starts_at < now) Must(cs->SetAttendance(eid, attended), "attendance");
    }
    for (int d = 0; d < 10; ++d) {
      DocumentVersion v;
      v.filename = fmt::format("doc-{}.txt", d);
      v.media_type = "text/plain; charset=utf-8";
      v.size = static_cast<std::int64_t>(doc.size());
      v.sha256 = fmt::format("{:064x}", c * 10 + d);
      v.uploaded_by = leader;
      v.uploaded_at = now - 100 * 86400;
      Must(cs->AddDocument(id, v.filename, v, doc), "document");
    }
    std::int64_t t = Must(cs->CreateThread(id, "Thread", leader, "First post", {}, now - 90 * 86400), "thread");
    for (int p = 0; p < 19; ++p) Must(cs->AddPost(t, leader, "A reply", {}, now - 80 * 86400).status(), "post");
  }
  double build = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  fmt::print("built {} communities, {} events, {} documents, {} posts in {:.1f} s\n", communities,
             communities * events_per, communities * 10, communities * 20, build);

  std::string report;
  double figures = Best(runs, [&] {
    auto all = Must(cs->Activities(0), "activities");
    auto f = community::ComputeFigures(all, now);
    report = community::PlatformReport(f, "en");
  });
  size_t csv_bytes = 0;
  double csv = Best(runs, [&] {
    auto all = Must(cs->Activities(0), "activities");
    csv_bytes = community::FiguresCsv(all, now).size();
  });
  double one = Best(runs, [&] {
    auto a = Must(cs->Activities(communities / 2), "activities");
    (void)community::ComputeFigures(a, now);
  });
  size_t listed = 0;
  double events = Best(runs, [&] { listed = Must(cs->ListEvents(communities / 2), "events").size(); });
  size_t ics_bytes = 0, feed_events = 0;
  double calendar = Best(runs, [&] {
    auto evs = Must(cs->EventsOf(busy_person), "events of");
    feed_events = evs.size();
    std::vector<community::CalendarEntry> entries;
    for (const Event& e : evs) {
      entries.push_back({fmt::format("event-{}@cobuy.eu", e.id), e.starts_at, e.ends_at, e.time_zone, e.title, e.agenda,
                         e.place, e.online_url, std::string(Name(e.kind)), false, e.sequence, e.updated_at});
    }
    ics_bytes = community::WriteCalendar("Bench", entries, now).size();
  });
  size_t flagged = 0;
  double health = Best(runs, [&] {
    auto all = Must(cs->Activities(0), "activities");
    flagged = 0;
    for (const auto& a : all) flagged += !community::EvaluateHealth(a, now).empty();
  });

  fmt::print("{}\n", report);
  fmt::print("{:<10} {:>10}  {:>10}  {}\n", "what", "ms (best)", "goal ms", "notes");
  auto line = [](const char* what, double s, double goal, const std::string& note) {
    fmt::print("{:<10} {:>10.1f}  {:>10.0f}  {} ({:.2f}x of goal)\n", what, s * 1e3, goal, note, s * 1e3 / goal);
  };
  line("figures", figures, 500, fmt::format("{} communities", communities));
  line("csv", csv, 500, fmt::format("{} bytes", csv_bytes));
  line("community", one, 20, "one community");
  line("events", events, 20, fmt::format("{} events with their people", listed));
  line("calendar", calendar, 50, fmt::format("{} events, {} bytes", feed_events, ics_bytes));
  line("health", health, 500, fmt::format("{} interest groups flagged", flagged));
  return 0;
}
