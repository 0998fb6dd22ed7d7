// Crash safety of `cobuy ingest`: killing it with SIGKILL at any point and running it again
// gives exactly the register an uninterrupted run gives. The test ingests a generated input
// once without interruption, then, for kill times spread over that run's duration (so that
// both phases, reading and compiling, are hit), starts the same ingest on a fresh copy of
// the database, kills it, runs it again to completion, and compares every register table
// row for row. The run log (ingest_runs, ingest_problems) is not compared: it records the
// interrupted run too, by design.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "support/process.h"

namespace cobuy::testing {
namespace {

namespace fs = std::filesystem;

// Releases of `ocids` processes, three each (tender, award, contract), with the processes'
// releases spread over the file, some parties shared between processes.
void WriteInput(const std::string& path, int ocids) {
  std::ofstream out(path);
  for (int stage = 0; stage < 3; ++stage) {
    for (int i = 0; i < ocids; ++i) {
      std::string ocid = "ocds-crash-" + std::to_string(i);
      std::string date = "2024-0" + std::to_string(stage + 1) + "-1" + std::to_string(i % 10) + "T10:00:00Z";
      std::string buyer = std::to_string(i % 37);
      std::string supplier = std::to_string(i % 53);
      out << R"({"ocid":")" << ocid << R"(","id":")" << ocid << "-" << stage << R"(","date":")" << date
          << R"(","tag":[")" << (stage == 0 ? "tender" : stage == 1 ? "award" : "contract")
          << R"("],"parties":[{"id":"B)" << buyer << R"(","name":"Buyer )" << buyer
          << R"(","identifier":{"scheme":"NL-KVK","id":"1000)" << buyer
          << R"("},"roles":["buyer"]},{"id":"S)" << supplier << R"(","name":"Supplier )" << supplier
          << R"(","identifier":{"scheme":"DE-HRB","id":"2000)" << supplier << R"("},"roles":["supplier"]}],)"
          << R"("buyer":{"id":"B)" << buyer << R"("},"tender":{"id":"T","title":"Lot )" << i
          << R"(","value":{"amount":)" << 1000 + i << R"(,"currency":"SEK"},"items":[{"id":"1","classification":)"
          << R"({"scheme":"CPV","id":"34144511"},"quantity":)" << (i % 7) + 1 << "}]}";
      if (stage >= 1) {
        out << R"(,"awards":[{"id":"A","date":")" << date << R"(","value":{"amount":)" << 900 + i
            << R"(,"currency":"EUR"},"suppliers":[{"id":"S)" << supplier << R"("}]}])";
      }
      if (stage == 2) {
        out << R"(,"contracts":[{"id":"C","awardID":"A","period":{"startDate":"2024-04-01","endDate":"202)"
            << 5 + i % 4 << R"(-03-31"}}])";
      }
      out << "}\n";
    }
  }
}

pid_t Spawn(const std::vector<std::string>& args) {
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    std::string binary = COBUY_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    freopen("/dev/null", "w", stdout);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

// Every row of every register table, as text, table by table in a fixed order.
std::string DumpRegister(const std::string& path) {
  static const char* kQueries[] = {
      "SELECT * FROM ocds_releases ORDER BY id",
      "SELECT * FROM ocds_pending ORDER BY ocid",
      "SELECT * FROM register_organisations ORDER BY id",
      "SELECT * FROM processes ORDER BY ocid",
      "SELECT * FROM process_lots ORDER BY 1, 2",
      "SELECT * FROM process_items ORDER BY 1, 2, 3, 4",
      "SELECT * FROM process_awards ORDER BY 1, 2",
      "SELECT * FROM process_contracts ORDER BY 1, 2",
      "SELECT * FROM process_parties ORDER BY 1, 2",
      "SELECT * FROM process_suppliers ORDER BY 1, 2, 3",
  };
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return "cannot open";
  for (const char* sql : kQueries) {
    out += std::string("== ") + sql + "\n";
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) {
      out += std::string("error: ") + sqlite3_errmsg(db) + "\n";
      continue;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const unsigned char* text = sqlite3_column_text(st, i);
        out += text ? reinterpret_cast<const char*>(text) : "NULL";
        out += '|';
      }
      out += '\n';
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

std::string FreshCopy(const TempDir& dir, const std::string& name) {
  std::string path = dir.path() + "/" + name;
  CopyDemoDatabase(path);
  return path;
}

TEST(IngestCrash, KilledAtAnyPointAndRerunGivesTheSameRegister) {
  TempDir dir;
  std::string input = dir.path() + "/input.jsonl";
  WriteInput(input, 1500);

  std::string reference_db = FreshCopy(dir, "reference.db");
  auto started = std::chrono::steady_clock::now();
  RunResult ref = RunCommand(COBUY_BINARY, {"ingest", "--db", reference_db, "--quiet", "--batch-size", "100", input});
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(ref.exit_code, 0) << ref.err;
  std::string expected = DumpRegister(reference_db);
  ASSERT_NE(expected.find("ocds-crash-1499|"), std::string::npos);
  ASSERT_EQ(expected.find("error:"), std::string::npos) << expected.substr(0, 2000);

  int killed = 0;
  for (int step = 1; step <= 6; ++step) {
    SCOPED_TRACE("kill at " + std::to_string(step) + "/7 of the reference run");
    std::string db = FreshCopy(dir, "killed-" + std::to_string(step) + ".db");
    pid_t pid = Spawn({"ingest", "--db", db, "--quiet", "--batch-size", "100", input});
    std::this_thread::sleep_for(took * step / 7);
    if (kill(pid, SIGKILL) == 0) ++killed;
    int status = 0;
    waitpid(pid, &status, 0);
    // Where the kill landed: releases stored so far, processes still pending.
    std::string at = DumpRegister(db);
    auto rows = [&](const char* table) {
      size_t start = at.find(std::string("== SELECT * FROM ") + table);
      start = at.find('\n', start) + 1;
      size_t end = at.find("== ", start);
      return std::count(at.begin() + static_cast<std::ptrdiff_t>(start), at.begin() + static_cast<std::ptrdiff_t>(end),
                        '\n');
    };
    std::printf("kill %d/7: %td of 4500 releases stored, %td processes pending\n", step, rows("ocds_releases "),
                rows("ocds_pending "));
    std::fflush(stdout);
    RunResult again = RunCommand(COBUY_BINARY, {"ingest", "--db", db, "--quiet", "--batch-size", "100", input});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_TRUE(DumpRegister(db) == expected) << "the register differs after a kill";
  }
  // The kills must have hit running processes, or the test proves nothing.
  EXPECT_GE(killed, 5);
}

}  // namespace
}  // namespace cobuy::testing
