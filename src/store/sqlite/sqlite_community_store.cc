// The SQLite implementation of CommunityStore.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

#include "core/text.h"
#include "store/community_store.h"
#include "store/sqlite/sqlite_db.h"

namespace cobuy {
namespace sqlite {
namespace {

template <typename E>
E ParseOr(const std::string& name, E fallback) {
  return Parse<E>(name).value_or(fallback);
}

std::string JoinComma(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ',';
    out += s;
  }
  return out;
}

// Every SELECT of a community: the same columns, read by ReadCommunity.
#define COBUY_COMMUNITY_SELECT                                                                                 \
  "SELECT id, name, kind, openness, aim, entry_requirements, topic, coalesce(created_by, 0), created_at FROM " \
  "communities "

Community ReadCommunity(const Statement& st) {
  Community c;
  c.id = st.Int(0);
  c.name = st.Text(1);
  c.kind = ParseOr(st.Text(2), CommunityKind::kCommunityOfPractice);
  c.openness = ParseOr(st.Text(3), Openness::kOpen);
  c.aim = st.Text(4);
  c.entry_requirements = st.Text(5);
  c.topic = st.Text(6);
  c.created_by = st.Int(7);
  c.created_at = st.Int(8);
  return c;
}

#define COBUY_MEMBER_SELECT                                                                                   \
  "SELECT m.community_id, m.user_id, u.name, u.email, o.id, o.name, o.country, o.annual_budget_eur, m.role, " \
  "m.status, m.note, m.joined_at FROM community_members m JOIN users u ON u.id = m.user_id "                  \
  "JOIN organisations o ON o.id = u.organisation_id "

Membership ReadMember(const Statement& st) {
  Membership m;
  m.community_id = st.Int(0);
  m.user_id = st.Int(1);
  m.user_name = st.Text(2);
  m.email = st.Text(3);
  m.organisation_id = st.Int(4);
  m.organisation_name = st.Text(5);
  m.country = st.Text(6);
  m.organisation_budget_eur = st.OptReal(7);
  m.role = ParseOr(st.Text(8), MemberRole::kMember);
  m.status = ParseOr(st.Text(9), MemberStatus::kActive);
  m.note = st.Text(10);
  m.joined_at = st.Int(11);
  return m;
}

#define COBUY_THREAD_SELECT                                                                   \
  "SELECT t.id, t.community_id, t.title, t.author_id, u.name, t.created_at, t.last_post_at, " \
  "(SELECT count(*) FROM posts p WHERE p.thread_id = t.id) FROM threads t JOIN users u ON u.id = t.author_id "

Thread ReadThread(const Statement& st) {
  return {st.Int(0), st.Int(1), st.Text(2), st.Int(3), st.Text(4), st.Int(5), st.Int(6), static_cast<int>(st.Int(7))};
}

#define COBUY_POST_SELECT                                                                      \
  "SELECT p.id, p.thread_id, p.author_id, u.name, o.name, p.body, p.created_at, p.edited_at, " \
  "(SELECT count(*) FROM post_versions v WHERE v.post_id = p.id) + 1, p.hidden_reason "        \
  "FROM posts p JOIN users u ON u.id = p.author_id JOIN organisations o ON o.id = u.organisation_id "

Post ReadPost(const Statement& st) {
  Post p;
  p.id = st.Int(0);
  p.thread_id = st.Int(1);
  p.author_id = st.Int(2);
  p.author_name = st.Text(3);
  p.author_organisation = st.Text(4);
  p.body = st.Text(5);
  p.created_at = st.Int(6);
  p.edited_at = st.OptInt(7);
  p.versions = static_cast<int>(st.Int(8));
  p.hidden = !st.IsNull(9);
  p.hidden_reason = st.Text(9);
  return p;
}

#define COBUY_EVENT_SELECT                                                                                   \
  "SELECT id, community_id, kind, title, agenda, starts_at, ends_at, time_zone, place, online_url, status, " \
  "minutes, sequence, created_at, updated_at FROM events "

Event ReadEvent(const Statement& st) {
  Event e;
  e.id = st.Int(0);
  e.community_id = st.Int(1);
  e.kind = ParseOr(st.Text(2), EventKind::kOnlineMeeting);
  e.title = st.Text(3);
  e.agenda = st.Text(4);
  e.starts_at = st.Int(5);
  e.ends_at = st.Int(6);
  e.time_zone = st.Text(7);
  e.place = st.Text(8);
  e.online_url = st.Text(9);
  e.status = ParseOr(st.Text(10), EventStatus::kScheduled);
  e.minutes = st.Text(11);
  e.sequence = static_cast<int>(st.Int(12));
  e.created_at = st.Int(13);
  e.updated_at = st.Int(14);
  return e;
}

#define COBUY_OUTPUT_SELECT \
  "SELECT id, community_id, kind, title, summary, document_id, published_at, created_at FROM outputs "

Output ReadOutput(const Statement& st) {
  Output o;
  o.id = st.Int(0);
  o.community_id = st.Int(1);
  o.kind = ParseOr(st.Text(2), OutputKind::kReport);
  o.title = st.Text(3);
  o.summary = st.Text(4);
  o.document_id = st.OptInt(5);
  o.published_at = st.OptInt(6);
  o.published = o.published_at.has_value();
  o.created_at = st.Int(7);
  return o;
}

#define COBUY_EXCHANGE_SELECT                                                                              \
  "SELECT x.id, x.kind, x.user_id, u.name, o.id, o.name, o.country, x.topic, x.description, x.starts_on, " \
  "x.ends_on, x.status, x.matched_with, x.community_id, x.report_document_id, x.created_at "               \
  "FROM staff_exchanges x JOIN users u ON u.id = x.user_id JOIN organisations o ON o.id = u.organisation_id "

StaffExchange ReadExchange(const Statement& st) {
  StaffExchange x;
  x.id = st.Int(0);
  x.kind = ParseOr(st.Text(1), ExchangeKind::kOffer);
  x.user_id = st.Int(2);
  x.user_name = st.Text(3);
  x.organisation_id = st.Int(4);
  x.organisation_name = st.Text(5);
  x.country = st.Text(6);
  x.topic = st.Text(7);
  x.description = st.Text(8);
  x.starts_on = st.Text(9);
  x.ends_on = st.Text(10);
  x.status = ParseOr(st.Text(11), ExchangeStatus::kOpen);
  x.matched_with = st.OptInt(12);
  x.community_id = st.OptInt(13);
  x.report_document_id = st.OptInt(14);
  x.created_at = st.Int(15);
  return x;
}

template <typename T, typename Read>
Result<T> One(Statement& st, Read read, const char* what) {
  COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return NotFound(std::string("no such ") + what);
  return read(st);
}

Status InsertMentions(Connection& conn, std::int64_t post_id, const std::vector<std::int64_t>& mentions) {
  COBUY_ASSIGN_OR_RETURN(auto st, conn.Prepare("INSERT OR IGNORE INTO post_mentions(post_id, user_id) VALUES (?, ?)"));
  for (std::int64_t user : mentions) {
    st.Bind(1, post_id).Bind(2, user);
    COBUY_RETURN_IF_ERROR(st.Run());
    st.Reset();
  }
  return Status::Ok();
}

Result<std::int64_t> InsertPost(Connection& conn, std::int64_t thread_id, std::int64_t author, const std::string& body,
                                const std::vector<std::int64_t>& mentions, UnixSeconds now) {
  COBUY_ASSIGN_OR_RETURN(auto st,
                         conn.Prepare("INSERT INTO posts(thread_id, author_id, body, created_at) VALUES (?, ?, ?, ?)"));
  st.Bind(1, thread_id).Bind(2, author).Bind(3, body).Bind(4, now);
  COBUY_RETURN_IF_ERROR(st.Run());
  std::int64_t id = conn.LastInsertId();
  COBUY_RETURN_IF_ERROR(InsertMentions(conn, id, mentions));
  COBUY_ASSIGN_OR_RETURN(auto touch, conn.Prepare("UPDATE threads SET last_post_at = ? WHERE id = ?"));
  touch.Bind(1, now).Bind(2, thread_id);
  COBUY_RETURN_IF_ERROR(touch.Run());
  return id;
}

Status InsertVersion(Connection& conn, std::int64_t document_id, int number, const DocumentVersion& v,
                     const std::string& bytes) {
  COBUY_ASSIGN_OR_RETURN(auto blob, conn.Prepare("INSERT OR IGNORE INTO blobs(sha256, data) VALUES (?, ?)"));
  blob.Bind(1, v.sha256).BindBlob(2, bytes);
  COBUY_RETURN_IF_ERROR(blob.Run());
  COBUY_ASSIGN_OR_RETURN(
      auto st,
      conn.Prepare(
          "INSERT INTO document_versions(document_id, version, filename, media_type, size, sha256, uploaded_by, "
          "uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  st.Bind(1, document_id).Bind(2, std::int64_t{number}).Bind(3, v.filename).Bind(4, v.media_type);
  st.Bind(5, v.size).Bind(6, v.sha256).Bind(7, v.uploaded_by).Bind(8, v.uploaded_at);
  return st.Run();
}

class SqliteCommunityStore final : public CommunityStore {
 public:
  SqliteCommunityStore(std::string location, int busy_timeout_ms, int pool_size)
      : pool_(std::move(location), busy_timeout_ms, pool_size) {}

  // --- communities and members ----------------------------------------------------------

  Result<std::int64_t> CreateCommunity(const Community& c, std::int64_t leader, UnixSeconds now) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "INSERT INTO communities(name, kind, openness, aim, entry_requirements, topic, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    st.Bind(1, c.name).Bind(2, Name(c.kind)).Bind(3, Name(c.openness)).Bind(4, c.aim);
    st.Bind(5, c.entry_requirements).Bind(6, c.topic).Bind(7, leader).Bind(8, now);
    if (Status s = st.Run(); !s.ok()) {
      if (s.code() == StatusCode::kAlreadyExists) {
        return AlreadyExists(fmt::format("a community named '{}' exists already", c.name), "name");
      }
      return s;
    }
    std::int64_t id = conn->LastInsertId();
    COBUY_RETURN_IF_ERROR(PutMemberOn(*conn, id, leader, MemberRole::kLeader, MemberStatus::kActive, "", now));
    COBUY_RETURN_IF_ERROR(tx.Commit());
    return id;
  }

  Status UpdateCommunity(const Community& c) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "UPDATE communities SET name = ?, kind = ?, openness = ?, aim = ?, entry_requirements = ?, topic = ? "
            "WHERE id = ?"));
    st.Bind(1, c.name).Bind(2, Name(c.kind)).Bind(3, Name(c.openness)).Bind(4, c.aim);
    st.Bind(5, c.entry_requirements).Bind(6, c.topic).Bind(7, c.id);
    if (Status s = st.Run(); !s.ok()) {
      if (s.code() == StatusCode::kAlreadyExists) {
        return AlreadyExists(fmt::format("a community named '{}' exists already", c.name), "name");
      }
      return s;
    }
    return conn->Changes() == 0 ? NotFound("no such community") : Status::Ok();
  }

  Result<Community> GetCommunity(std::int64_t id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_COMMUNITY_SELECT "WHERE id = ?"));
    st.Bind(1, id);
    return One<Community>(st, ReadCommunity, "community");
  }

  Result<std::vector<Community>> ListCommunities() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_COMMUNITY_SELECT "ORDER BY name, id"));
    return Collect<Community>(st, ReadCommunity);
  }

  Result<std::vector<Membership>> ListMembers(std::int64_t community_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare(COBUY_MEMBER_SELECT
                               "WHERE m.community_id = ? ORDER BY CASE m.role WHEN 'leader' THEN 0 WHEN 'core' THEN 1 "
                               "WHEN 'member' THEN 2 ELSE 3 END, o.name, u.name"));
    st.Bind(1, community_id);
    return Collect<Membership>(st, ReadMember);
  }

  Result<std::optional<Membership>> GetMembership(std::int64_t community_id, std::int64_t user_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_MEMBER_SELECT "WHERE m.community_id = ? AND m.user_id = ?"));
    st.Bind(1, community_id).Bind(2, user_id);
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return std::optional<Membership>();
    return std::optional<Membership>(ReadMember(st));
  }

  Result<std::vector<Membership>> MembershipsOf(std::int64_t user_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_MEMBER_SELECT "WHERE m.user_id = ? ORDER BY m.community_id"));
    st.Bind(1, user_id);
    return Collect<Membership>(st, ReadMember);
  }

  Status PutMember(std::int64_t community_id, std::int64_t user_id, MemberRole role, MemberStatus status,
                   const std::string& note, UnixSeconds now) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    return PutMemberOn(*conn, community_id, user_id, role, status, note, now);
  }

  Status RemoveMember(std::int64_t community_id, std::int64_t user_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st,
                           conn->Prepare("DELETE FROM community_members WHERE community_id = ? AND user_id = ?"));
    st.Bind(1, community_id).Bind(2, user_id);
    COBUY_RETURN_IF_ERROR(st.Run());
    return conn->Changes() == 0 ? NotFound("no such member") : Status::Ok();
  }

  // --- discussions ------------------------------------------------------------------------

  Result<std::int64_t> CreateThread(std::int64_t community_id, const std::string& title, std::int64_t author,
                                    const std::string& body, const std::vector<std::int64_t>& mentions,
                                    UnixSeconds now) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "INSERT INTO threads(community_id, title, author_id, created_at, last_post_at) VALUES (?, ?, ?, ?, ?)"));
    st.Bind(1, community_id).Bind(2, title).Bind(3, author).Bind(4, now).Bind(5, now);
    COBUY_RETURN_IF_ERROR(st.Run());
    std::int64_t id = conn->LastInsertId();
    COBUY_RETURN_IF_ERROR(InsertPost(*conn, id, author, body, mentions, now).status());
    COBUY_RETURN_IF_ERROR(tx.Commit());
    return id;
  }

  Result<std::vector<Thread>> ListThreads(std::int64_t community_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare(COBUY_THREAD_SELECT "WHERE t.community_id = ? ORDER BY t.last_post_at DESC, t.id DESC"));
    st.Bind(1, community_id);
    return Collect<Thread>(st, ReadThread);
  }

  Result<Thread> GetThread(std::int64_t community_id, std::int64_t thread_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_THREAD_SELECT "WHERE t.community_id = ? AND t.id = ?"));
    st.Bind(1, community_id).Bind(2, thread_id);
    return One<Thread>(st, ReadThread, "thread");
  }

  Result<std::vector<Post>> ListPosts(std::int64_t thread_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_POST_SELECT "WHERE p.thread_id = ? ORDER BY p.id"));
    st.Bind(1, thread_id);
    COBUY_ASSIGN_OR_RETURN(auto posts, Collect<Post>(st, ReadPost));
    COBUY_ASSIGN_OR_RETURN(
        auto mentions,
        conn->Prepare("SELECT m.post_id, u.id, u.name FROM post_mentions m JOIN posts p ON p.id = m.post_id "
                      "JOIN users u ON u.id = m.user_id WHERE p.thread_id = ? ORDER BY m.post_id, u.name"));
    mentions.Bind(1, thread_id);
    std::map<std::int64_t, Post*> by_id;
    for (Post& p : posts) by_id[p.id] = &p;
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, mentions.Step());
      if (!row) break;
      if (auto it = by_id.find(mentions.Int(0)); it != by_id.end()) {
        it->second->mentions.emplace_back(mentions.Int(1), mentions.Text(2));
      }
    }
    return posts;
  }

  Result<std::int64_t> AddPost(std::int64_t thread_id, std::int64_t author, const std::string& body,
                               const std::vector<std::int64_t>& mentions, UnixSeconds now) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, InsertPost(*conn, thread_id, author, body, mentions, now));
    COBUY_RETURN_IF_ERROR(tx.Commit());
    return id;
  }

  Result<Post> GetPost(std::int64_t community_id, std::int64_t post_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(COBUY_POST_SELECT "JOIN threads t ON t.id = p.thread_id WHERE t.community_id = ? AND p.id = ?"));
    st.Bind(1, community_id).Bind(2, post_id);
    COBUY_ASSIGN_OR_RETURN(Post post, One<Post>(st, ReadPost, "post"));
    COBUY_ASSIGN_OR_RETURN(
        auto mentions,
        conn->Prepare("SELECT u.id, u.name FROM post_mentions m JOIN users u ON u.id = m.user_id WHERE m.post_id = ? "
                      "ORDER BY u.name"));
    mentions.Bind(1, post_id);
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, mentions.Step());
      if (!row) break;
      post.mentions.emplace_back(mentions.Int(0), mentions.Text(1));
    }
    return post;
  }

  Status EditPost(std::int64_t post_id, const std::string& body, UnixSeconds now) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(
        auto keep,
        conn->Prepare(
            "INSERT INTO post_versions(post_id, body, at) SELECT id, body, coalesce(edited_at, created_at) FROM posts "
            "WHERE id = ?"));
    keep.Bind(1, post_id);
    COBUY_RETURN_IF_ERROR(keep.Run());
    if (conn->Changes() == 0) return NotFound("no such post");
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("UPDATE posts SET body = ?, edited_at = ? WHERE id = ?"));
    st.Bind(1, body).Bind(2, now).Bind(3, post_id);
    COBUY_RETURN_IF_ERROR(st.Run());
    return tx.Commit();
  }

  Result<std::vector<std::pair<std::string, UnixSeconds>>> PostVersions(std::int64_t post_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare("SELECT body, at FROM post_versions WHERE post_id = ? UNION ALL "
                               "SELECT body, coalesce(edited_at, created_at) FROM posts WHERE id = ? ORDER BY 2"));
    st.Bind(1, post_id).Bind(2, post_id);
    return Collect<std::pair<std::string, UnixSeconds>>(
        st, [](const Statement& s) { return std::make_pair(s.Text(0), s.Int(1)); });
  }

  Status HidePost(std::int64_t post_id, const std::string& reason, std::int64_t by) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("UPDATE posts SET hidden_reason = ?, hidden_by = ? WHERE id = ?"));
    st.Bind(1, reason).Bind(2, by).Bind(3, post_id);
    COBUY_RETURN_IF_ERROR(st.Run());
    return conn->Changes() == 0 ? NotFound("no such post") : Status::Ok();
  }

  // --- documents --------------------------------------------------------------------------

  Result<std::int64_t> AddDocument(std::int64_t community_id, const std::string& title, const DocumentVersion& v,
                                   const std::string& bytes) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare("INSERT INTO documents(community_id, title, created_by, created_at) VALUES (?, ?, ?, ?)"));
    st.Bind(1, community_id).Bind(2, title).Bind(3, v.uploaded_by).Bind(4, v.uploaded_at);
    COBUY_RETURN_IF_ERROR(st.Run());
    std::int64_t id = conn->LastInsertId();
    COBUY_RETURN_IF_ERROR(InsertVersion(*conn, id, 1, v, bytes));
    COBUY_RETURN_IF_ERROR(tx.Commit());
    return id;
  }

  Result<int> AddDocumentVersion(std::int64_t community_id, std::int64_t document_id, const DocumentVersion& v,
                                 const std::string& bytes) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare("SELECT coalesce(max(v.version), 0) + 1 FROM documents d LEFT JOIN document_versions v "
                               "ON v.document_id = d.id WHERE d.community_id = ? AND d.id = ? GROUP BY d.id"));
    st.Bind(1, community_id).Bind(2, document_id);
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return NotFound("no such document");
    int next = static_cast<int>(st.Int(0));
    st.Reset();
    COBUY_RETURN_IF_ERROR(InsertVersion(*conn, document_id, next, v, bytes));
    COBUY_RETURN_IF_ERROR(tx.Commit());
    return next;
  }

  Result<std::pair<std::vector<Document>, std::int64_t>> ListDocuments(std::int64_t community_id, int offset,
                                                                       int limit) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto docs, ReadDocuments(*conn, community_id, 0, offset, limit));
    COBUY_ASSIGN_OR_RETURN(auto count, conn->Prepare("SELECT count(*) FROM documents WHERE community_id = ?"));
    count.Bind(1, community_id);
    COBUY_ASSIGN_OR_RETURN(bool row, count.Step());
    return std::make_pair(std::move(docs), row ? count.Int(0) : std::int64_t{0});
  }

  Result<std::int64_t> DocumentBytes(std::int64_t community_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st,
                           conn->Prepare("SELECT coalesce(sum(v.size), 0) FROM documents d JOIN document_versions v "
                                         "ON v.document_id = d.id WHERE d.community_id = ?"));
    st.Bind(1, community_id);
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    return row ? st.Int(0) : 0;
  }

  Result<Document> GetDocument(std::int64_t community_id, std::int64_t document_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto docs, ReadDocuments(*conn, community_id, document_id, 0, 1));
    if (docs.empty()) return NotFound("no such document");
    return std::move(docs.front());
  }

  Result<std::pair<DocumentVersion, std::string>> ReadDocument(std::int64_t community_id, std::int64_t document_id,
                                                               int version) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "SELECT v.version, v.filename, v.media_type, v.size, v.sha256, v.uploaded_at, v.uploaded_by, b.data "
            "FROM documents d JOIN document_versions v ON v.document_id = d.id JOIN blobs b ON b.sha256 = v.sha256 "
            "WHERE d.community_id = ? AND d.id = ? AND v.version = ?"));
    st.Bind(1, community_id).Bind(2, document_id).Bind(3, std::int64_t{version});
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return NotFound("no such document version");
    DocumentVersion v;
    v.version = static_cast<int>(st.Int(0));
    v.filename = st.Text(1);
    v.media_type = st.Text(2);
    v.size = st.Int(3);
    v.sha256 = st.Text(4);
    v.uploaded_at = st.Int(5);
    v.uploaded_by = st.Int(6);
    return std::make_pair(std::move(v), st.Blob(7));
  }

  // --- events -----------------------------------------------------------------------------

  Result<std::int64_t> CreateEvent(const Event& e, std::int64_t by) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "INSERT INTO events(community_id, kind, title, agenda, starts_at, ends_at, time_zone, place, online_url, "
            "status, minutes, sequence, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "0, ?, ?, ?)"));
    st.Bind(1, e.community_id).Bind(2, Name(e.kind)).Bind(3, e.title).Bind(4, e.agenda).Bind(5, e.starts_at);
    st.Bind(6, e.ends_at).Bind(7, e.time_zone).Bind(8, e.place).Bind(9, e.online_url).Bind(10, Name(e.status));
    st.Bind(11, e.minutes).Bind(12, by).Bind(13, e.created_at).Bind(14, e.created_at);
    COBUY_RETURN_IF_ERROR(st.Run());
    return conn->LastInsertId();
  }

  Status UpdateEvent(const Event& e, UnixSeconds now) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "UPDATE events SET kind = ?, title = ?, agenda = ?, starts_at = ?, ends_at = ?, time_zone = ?, place = ?, "
            "online_url = ?, status = ?, minutes = ?, sequence = sequence + 1, updated_at = ? "
            "WHERE id = ? AND community_id = ?"));
    st.Bind(1, Name(e.kind)).Bind(2, e.title).Bind(3, e.agenda).Bind(4, e.starts_at).Bind(5, e.ends_at);
    st.Bind(6, e.time_zone).Bind(7, e.place).Bind(8, e.online_url).Bind(9, Name(e.status)).Bind(10, e.minutes);
    st.Bind(11, now).Bind(12, e.id).Bind(13, e.community_id);
    COBUY_RETURN_IF_ERROR(st.Run());
    return conn->Changes() == 0 ? NotFound("no such event") : Status::Ok();
  }

  Result<Event> GetEvent(std::int64_t community_id, std::int64_t event_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_EVENT_SELECT "WHERE community_id = ? AND id = ?"));
    st.Bind(1, community_id).Bind(2, event_id);
    COBUY_ASSIGN_OR_RETURN(Event e, One<Event>(st, ReadEvent, "event"));
    std::vector<Event> one{std::move(e)};
    COBUY_RETURN_IF_ERROR(AttachPeople(*conn, one));
    return std::move(one.front());
  }

  Result<std::vector<Event>> ListEvents(std::int64_t community_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_EVENT_SELECT "WHERE community_id = ? ORDER BY starts_at, id"));
    st.Bind(1, community_id);
    COBUY_ASSIGN_OR_RETURN(auto events, Collect<Event>(st, ReadEvent));
    COBUY_RETURN_IF_ERROR(AttachPeople(*conn, events));
    return events;
  }

  Result<std::vector<Event>> EventsOf(std::int64_t user_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare(COBUY_EVENT_SELECT
                               "WHERE community_id IN (SELECT community_id FROM community_members WHERE user_id = ? "
                               "AND status = 'active') OR id IN (SELECT event_id FROM event_people WHERE user_id = ? "
                               "AND invited = 1 AND guest = 1) ORDER BY starts_at, id"));
    st.Bind(1, user_id).Bind(2, user_id);
    COBUY_ASSIGN_OR_RETURN(auto events, Collect<Event>(st, ReadEvent));
    COBUY_RETURN_IF_ERROR(AttachPeople(*conn, events));
    return events;
  }

  Status InviteToEvent(std::int64_t event_id, std::int64_t user_id, bool guest) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare("INSERT INTO event_people(event_id, user_id, guest, invited) VALUES (?, ?, ?, 1) "
                               "ON CONFLICT(event_id, user_id) DO UPDATE SET invited = 1, guest = excluded.guest"));
    st.Bind(1, event_id).Bind(2, user_id).Bind(3, std::int64_t{guest ? 1 : 0});
    return st.Run();
  }

  Status SetRegistered(std::int64_t event_id, std::int64_t user_id, bool registered) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare("INSERT INTO event_people(event_id, user_id, registered) VALUES (?, ?, ?) "
                               "ON CONFLICT(event_id, user_id) DO UPDATE SET registered = excluded.registered"));
    st.Bind(1, event_id).Bind(2, user_id).Bind(3, std::int64_t{registered ? 1 : 0});
    return st.Run();
  }

  Status SetAttendance(std::int64_t event_id, const std::vector<std::int64_t>& attended) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(auto clear, conn->Prepare("UPDATE event_people SET attended = 0 WHERE event_id = ?"));
    clear.Bind(1, event_id);
    COBUY_RETURN_IF_ERROR(clear.Run());
    COBUY_ASSIGN_OR_RETURN(auto st,
                           conn->Prepare("INSERT INTO event_people(event_id, user_id, attended) VALUES (?, ?, 1) "
                                         "ON CONFLICT(event_id, user_id) DO UPDATE SET attended = 1"));
    for (std::int64_t user : attended) {
      st.Bind(1, event_id).Bind(2, user);
      COBUY_RETURN_IF_ERROR(st.Run());
      st.Reset();
    }
    return tx.Commit();
  }

  // --- work plan and outputs --------------------------------------------------------------

  Result<std::int64_t> AddObjective(std::int64_t community_id, const Objective& o) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st,
                           conn->Prepare("INSERT INTO objectives(community_id, title, ambition) VALUES (?, ?, ?)"));
    st.Bind(1, community_id).Bind(2, o.title).Bind(3, Name(o.ambition));
    COBUY_RETURN_IF_ERROR(st.Run());
    return conn->LastInsertId();
  }

  Result<std::int64_t> AddActivity(std::int64_t community_id, const Activity& a) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("INSERT INTO activities(community_id, objective_id, title, owner_id, "
                                                  "due, status) VALUES (?, ?, ?, ?, ?, ?)"));
    st.Bind(1, community_id).Bind(2, a.objective_id).Bind(3, a.title).Bind(4, a.owner_id).Bind(5, a.due);
    st.Bind(6, Name(a.status));
    COBUY_RETURN_IF_ERROR(st.Run());
    return conn->LastInsertId();
  }

  Status UpdateActivity(std::int64_t community_id, const Activity& a) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare("UPDATE activities SET objective_id = ?, title = ?, owner_id = ?, due = ?, status = ? "
                               "WHERE id = ? AND community_id = ?"));
    st.Bind(1, a.objective_id).Bind(2, a.title).Bind(3, a.owner_id).Bind(4, a.due).Bind(5, Name(a.status));
    st.Bind(6, a.id).Bind(7, community_id);
    COBUY_RETURN_IF_ERROR(st.Run());
    return conn->Changes() == 0 ? NotFound("no such activity") : Status::Ok();
  }

  Result<std::pair<std::vector<Objective>, std::vector<Activity>>> GetWorkPlan(std::int64_t community_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto obj, conn->Prepare("SELECT id, title, ambition FROM objectives WHERE community_id = ? ORDER BY id"));
    obj.Bind(1, community_id);
    COBUY_ASSIGN_OR_RETURN(auto objectives, Collect<Objective>(obj, [](const Statement& s) {
                             return Objective{s.Int(0), s.Text(1), ParseOr(s.Text(2), Ambition::kMedium)};
                           }));
    COBUY_ASSIGN_OR_RETURN(
        auto act,
        conn->Prepare(
            "SELECT a.id, a.objective_id, a.title, a.owner_id, coalesce(u.name, ''), a.due, a.status FROM activities a "
            "LEFT JOIN users u ON u.id = a.owner_id WHERE a.community_id = ? ORDER BY a.due, a.id"));
    act.Bind(1, community_id);
    COBUY_ASSIGN_OR_RETURN(auto activities, Collect<Activity>(act, [](const Statement& s) {
                             return Activity{s.Int(0),
                                             s.OptInt(1),
                                             s.Text(2),
                                             s.OptInt(3),
                                             s.Text(4),
                                             s.Text(5),
                                             ParseOr(s.Text(6), ActivityStatus::kPlanned)};
                           }));
    return std::make_pair(std::move(objectives), std::move(activities));
  }

  Result<std::int64_t> AddOutput(const Output& o) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare("INSERT INTO outputs(community_id, kind, title, summary, document_id, published_at, created_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    st.Bind(1, o.community_id).Bind(2, Name(o.kind)).Bind(3, o.title).Bind(4, o.summary).Bind(5, o.document_id);
    st.Bind(6, o.published ? o.published_at : std::nullopt).Bind(7, o.created_at);
    COBUY_RETURN_IF_ERROR(st.Run());
    return conn->LastInsertId();
  }

  Status UpdateOutput(const Output& o) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare("UPDATE outputs SET kind = ?, title = ?, summary = ?, document_id = ?, published_at = ? "
                               "WHERE id = ? AND community_id = ?"));
    st.Bind(1, Name(o.kind)).Bind(2, o.title).Bind(3, o.summary).Bind(4, o.document_id);
    st.Bind(5, o.published ? o.published_at : std::nullopt).Bind(6, o.id).Bind(7, o.community_id);
    COBUY_RETURN_IF_ERROR(st.Run());
    return conn->Changes() == 0 ? NotFound("no such output") : Status::Ok();
  }

  Result<Output> GetOutput(std::int64_t community_id, std::int64_t output_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_OUTPUT_SELECT "WHERE community_id = ? AND id = ?"));
    st.Bind(1, community_id).Bind(2, output_id);
    COBUY_ASSIGN_OR_RETURN(Output o, One<Output>(st, ReadOutput, "output"));
    std::vector<Output> one{std::move(o)};
    COBUY_RETURN_IF_ERROR(AttachSignatories(*conn, one));
    return std::move(one.front());
  }

  Result<std::vector<Output>> ListOutputs(std::int64_t community_id, bool published_only) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            COBUY_OUTPUT_SELECT
            "WHERE community_id = ? AND (? = 0 OR published_at IS NOT NULL) ORDER BY created_at DESC, id DESC"));
    st.Bind(1, community_id).Bind(2, std::int64_t{published_only ? 1 : 0});
    COBUY_ASSIGN_OR_RETURN(auto outputs, Collect<Output>(st, ReadOutput));
    COBUY_RETURN_IF_ERROR(AttachSignatories(*conn, outputs));
    return outputs;
  }

  Status AddSignatory(std::int64_t output_id, std::int64_t organisation_id, UnixSeconds now) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "INSERT OR IGNORE INTO output_signatories(output_id, organisation_id, signed_at) VALUES (?, ?, ?)"));
    st.Bind(1, output_id).Bind(2, organisation_id).Bind(3, now);
    return st.Run();
  }

  // --- figures ----------------------------------------------------------------------------

  Result<std::vector<CommunityActivity>> Activities(std::int64_t community_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    // One community or all, as a range the indexes on community_id serve.
    const std::int64_t lo = community_id == 0 ? 1 : community_id;
    const std::int64_t hi = community_id == 0 ? INT64_MAX : community_id;
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare("SELECT c.id, c.name, c.kind, "
                      "(SELECT count(*) FROM community_members m WHERE m.community_id = c.id AND m.status = 'active'), "
                      "EXISTS (SELECT 1 FROM community_members m WHERE m.community_id = c.id AND m.status = 'active' "
                      "AND m.role = 'leader'), "
                      "(SELECT count(*) FROM documents d WHERE d.community_id = c.id), "
                      "(SELECT count(*) FROM posts p JOIN threads t ON t.id = p.thread_id WHERE t.community_id = c.id) "
                      "FROM communities c WHERE c.id BETWEEN ? AND ? ORDER BY c.name, c.id"));
    st.Bind(1, lo).Bind(2, hi);
    COBUY_ASSIGN_OR_RETURN(auto out, Collect<CommunityActivity>(st, [](const Statement& s) {
                             CommunityActivity a;
                             a.community_id = s.Int(0);
                             a.name = s.Text(1);
                             a.kind = ParseOr(s.Text(2), CommunityKind::kCommunityOfPractice);
                             a.active_members = static_cast<int>(s.Int(3));
                             a.has_leader = s.Int(4) != 0;
                             a.documents = static_cast<int>(s.Int(5));
                             a.posts = static_cast<int>(s.Int(6));
                             return a;
                           }));
    if (community_id != 0 && out.empty()) return NotFound("no such community");
    std::map<std::int64_t, CommunityActivity*> by_id;
    for (auto& a : out) by_id[a.community_id] = &a;

    COBUY_ASSIGN_OR_RETURN(
        auto orgs,
        conn->Prepare("SELECT DISTINCT m.community_id, o.id, o.annual_budget_eur FROM community_members m "
                      "JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = u.organisation_id "
                      "WHERE m.status = 'active' AND m.community_id BETWEEN ? AND ? ORDER BY m.community_id, o.id"));
    orgs.Bind(1, lo).Bind(2, hi);
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, orgs.Step());
      if (!row) break;
      if (auto it = by_id.find(orgs.Int(0)); it != by_id.end()) {
        it->second->member_organisations.push_back({orgs.Int(1), orgs.OptReal(2)});
      }
    }
    COBUY_ASSIGN_OR_RETURN(
        auto events, conn->Prepare("SELECT e.id, e.community_id, e.kind, e.starts_at, e.status FROM events e "
                                   "WHERE e.community_id BETWEEN ? AND ? ORDER BY e.community_id, e.starts_at, e.id"));
    events.Bind(1, lo).Bind(2, hi);
    std::map<std::int64_t, std::pair<std::int64_t, size_t>> event_slot;  // event id -> community, index
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, events.Step());
      if (!row) break;
      auto it = by_id.find(events.Int(1));
      if (it == by_id.end()) continue;
      CommunityActivity::HeldEvent e;
      e.kind = ParseOr(events.Text(2), EventKind::kOnlineMeeting);
      e.starts_at = events.Int(3);
      e.cancelled = events.Text(4) == Name(EventStatus::kCancelled);
      event_slot[events.Int(0)] = {it->first, it->second->events.size()};
      it->second->events.push_back(std::move(e));
    }
    // Market actors are the people of supplier and industry-association organisations, or
    // people with the market_actor role.
    COBUY_ASSIGN_OR_RETURN(
        auto attended,
        conn->Prepare(
            "SELECT DISTINCT p.event_id, o.id FROM event_people p JOIN events e ON e.id = p.event_id "
            "JOIN users u ON u.id = p.user_id JOIN organisations o ON o.id = u.organisation_id "
            "WHERE p.attended = 1 AND (u.role = 'market_actor' OR o.type IN ('supplier', 'industry_association')) "
            "AND e.community_id BETWEEN ? AND ? ORDER BY p.event_id, o.id"));
    attended.Bind(1, lo).Bind(2, hi);
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, attended.Step());
      if (!row) break;
      auto slot = event_slot.find(attended.Int(0));
      if (slot == event_slot.end()) continue;
      by_id[slot->second.first]->events[slot->second.second].attending_market_organisations.push_back(attended.Int(1));
    }
    return out;
  }

  // --- staff exchanges --------------------------------------------------------------------

  Result<std::int64_t> CreateExchange(const StaffExchange& x) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "INSERT INTO staff_exchanges(kind, user_id, topic, description, starts_on, ends_on, status, community_id, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    st.Bind(1, Name(x.kind)).Bind(2, x.user_id).Bind(3, x.topic).Bind(4, x.description).Bind(5, x.starts_on);
    st.Bind(6, x.ends_on).Bind(7, Name(x.status)).Bind(8, x.community_id).Bind(9, x.created_at);
    COBUY_RETURN_IF_ERROR(st.Run());
    return conn->LastInsertId();
  }

  Result<StaffExchange> GetExchange(std::int64_t id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_EXCHANGE_SELECT "WHERE x.id = ?"));
    st.Bind(1, id);
    return One<StaffExchange>(st, ReadExchange, "staff exchange");
  }

  Result<std::vector<StaffExchange>> ListExchanges() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare(COBUY_EXCHANGE_SELECT "ORDER BY x.created_at DESC, x.id DESC"));
    return Collect<StaffExchange>(st, ReadExchange);
  }

  Status UpdateExchange(const StaffExchange& x) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare("UPDATE staff_exchanges SET topic = ?, description = ?, starts_on = ?, ends_on = ?, status = ?, "
                      "matched_with = ?, community_id = ?, report_document_id = ? WHERE id = ?"));
    st.Bind(1, x.topic).Bind(2, x.description).Bind(3, x.starts_on).Bind(4, x.ends_on).Bind(5, Name(x.status));
    st.Bind(6, x.matched_with).Bind(7, x.community_id).Bind(8, x.report_document_id).Bind(9, x.id);
    COBUY_RETURN_IF_ERROR(st.Run());
    return conn->Changes() == 0 ? NotFound("no such staff exchange") : Status::Ok();
  }

  // --- notifications ----------------------------------------------------------------------

  Status AddNotifications(const std::vector<Notification>& notifications) override {
    if (notifications.empty()) return Status::Ok();
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "INSERT INTO notifications(user_id, kind, title, body, link, created_at) VALUES (?, ?, ?, ?, ?, ?)"));
    for (const Notification& n : notifications) {
      st.Bind(1, n.user_id).Bind(2, n.kind).Bind(3, n.title).Bind(4, n.body).Bind(5, n.link).Bind(6, n.created_at);
      COBUY_RETURN_IF_ERROR(st.Run());
      st.Reset();
    }
    return tx.Commit();
  }

  Result<NotificationPreferences> GetPreferences(std::int64_t user_id) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st,
                           conn->Prepare("SELECT digest, in_app FROM notification_preferences WHERE user_id = ?"));
    st.Bind(1, user_id);
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    NotificationPreferences prefs;
    if (row) {
      prefs.daily_digest = st.Text(0) == "daily";
      prefs.in_app = Split(st.Text(1), ',');
    }
    return prefs;
  }

  Status SetPreferences(std::int64_t user_id, const NotificationPreferences& prefs) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare("INSERT INTO notification_preferences(user_id, digest, in_app) VALUES (?, ?, ?) "
                      "ON CONFLICT(user_id) DO UPDATE SET digest = excluded.digest, in_app = excluded.in_app"));
    st.Bind(1, user_id).Bind(2, prefs.daily_digest ? "daily" : "off").Bind(3, JoinComma(prefs.in_app));
    return st.Run();
  }

  Result<std::vector<PendingDigest>> PendingDigests() override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare("SELECT u.id, u.email, u.name, u.language, n.id, n.kind, n.title, n.body, n.link, n.created_at, "
                      "n.read_at IS NOT NULL FROM notifications n JOIN users u ON u.id = n.user_id "
                      "LEFT JOIN notification_preferences p ON p.user_id = u.id "
                      "WHERE u.status = 'active' AND coalesce(p.digest, 'daily') = 'daily' AND n.id > "
                      "coalesce(p.last_digest_id, 0) "
                      "ORDER BY u.id, n.id DESC"));
    std::vector<PendingDigest> out;
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      if (out.empty() || out.back().user.id.value != st.Int(0)) {
        PendingDigest d;
        d.user.id = UserId(st.Int(0));
        d.user.email = st.Text(1);
        d.user.name = st.Text(2);
        d.user.language = st.Text(3);
        out.push_back(std::move(d));
      }
      out.back().notifications.push_back(
          {st.Int(4), st.Int(0), st.Text(5), st.Text(6), st.Text(7), st.Text(8), st.Int(9), st.Int(10) != 0});
    }
    return out;
  }

  Status RecordDigest(std::int64_t user_id, std::int64_t last_id, const OutboxMessage& mail) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto tx, Transaction::Begin(*conn));
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare("INSERT INTO outbox(to_address, subject, body, created_at) VALUES (?, ?, ?, ?)"));
    st.Bind(1, mail.to).Bind(2, mail.subject).Bind(3, mail.body).Bind(4, mail.created_at);
    COBUY_RETURN_IF_ERROR(st.Run());
    COBUY_ASSIGN_OR_RETURN(
        auto mark,
        conn->Prepare(
            "INSERT INTO notification_preferences(user_id, digest, in_app, last_digest_id) VALUES (?, 'daily', ?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET last_digest_id = excluded.last_digest_id"));
    mark.Bind(1, user_id).Bind(2, JoinComma(NotificationPreferences{}.in_app)).Bind(3, last_id);
    COBUY_RETURN_IF_ERROR(mark.Run());
    return tx.Commit();
  }

  Status SetCalendarToken(std::int64_t user_id, const std::string& token_hash) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn->Prepare(
            "INSERT INTO notification_preferences(user_id, digest, in_app, calendar_token) VALUES (?, 'daily', ?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET calendar_token = excluded.calendar_token"));
    st.Bind(1, user_id).Bind(2, JoinComma(NotificationPreferences{}.in_app)).Bind(3, token_hash);
    return st.Run();
  }

  Result<std::int64_t> FindCalendarToken(const std::string& token_hash) override {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn->Prepare("SELECT p.user_id FROM notification_preferences p JOIN users u ON u.id = p.user_id "
                               "WHERE p.calendar_token = ? AND u.status = 'active'"));
    st.Bind(1, token_hash);
    COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return NotFound("no such calendar token");
    return st.Int(0);
  }

  // Fails early when the database has no community tables.
  Status Probe() {
    COBUY_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    COBUY_ASSIGN_OR_RETURN(auto st, conn->Prepare("SELECT count(*) FROM communities"));
    return st.Step().status();
  }

 private:
  static Status PutMemberOn(Connection& conn, std::int64_t community_id, std::int64_t user_id, MemberRole role,
                            MemberStatus status, const std::string& note, UnixSeconds now) {
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn.Prepare("INSERT INTO community_members(community_id, user_id, role, status, note, joined_at) VALUES (?, "
                     "?, ?, ?, ?, ?) "
                     "ON CONFLICT(community_id, user_id) DO UPDATE SET role = excluded.role, status = excluded.status, "
                     "note = excluded.note, joined_at = CASE WHEN community_members.status = 'active' "
                     "THEN community_members.joined_at ELSE excluded.joined_at END"));
    st.Bind(1, community_id).Bind(2, user_id).Bind(3, Name(role)).Bind(4, Name(status)).Bind(5, note).Bind(6, now);
    return st.Run();
  }

  // The community's documents newest first (or the one `document_id`, unless 0), at most
  // `limit` from `offset`, each with its versions newest first.
  static Result<std::vector<Document>> ReadDocuments(Connection& conn, std::int64_t community_id,
                                                     std::int64_t document_id, int offset, int limit) {
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn.Prepare("SELECT d.id, d.community_id, d.title, d.created_by, u.name, d.created_at, v.version, v.filename, "
                     "v.media_type, v.size, v.sha256, v.uploaded_at, v.uploaded_by, vu.name "
                     "FROM (SELECT id FROM documents WHERE community_id = ?1 AND (?2 = 0 OR id = ?2) "
                     "ORDER BY created_at DESC, id DESC LIMIT ?3 OFFSET ?4) page JOIN documents d ON d.id = page.id "
                     "JOIN users u ON u.id = d.created_by JOIN document_versions v ON v.document_id = d.id "
                     "JOIN users vu ON vu.id = v.uploaded_by ORDER BY d.created_at DESC, d.id DESC, v.version DESC"));
    st.Bind(1, community_id).Bind(2, document_id).Bind(3, std::int64_t{limit}).Bind(4, std::int64_t{offset});
    std::vector<Document> out;
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      if (out.empty() || out.back().id != st.Int(0)) {
        Document d;
        d.id = st.Int(0);
        d.community_id = st.Int(1);
        d.title = st.Text(2);
        d.created_by = st.Int(3);
        d.created_by_name = st.Text(4);
        d.created_at = st.Int(5);
        out.push_back(std::move(d));
      }
      DocumentVersion v;
      v.version = static_cast<int>(st.Int(6));
      v.filename = st.Text(7);
      v.media_type = st.Text(8);
      v.size = st.Int(9);
      v.sha256 = st.Text(10);
      v.uploaded_at = st.Int(11);
      v.uploaded_by = st.Int(12);
      v.uploaded_by_name = st.Text(13);
      out.back().versions.push_back(std::move(v));
    }
    return out;
  }

  static Status AttachPeople(Connection& conn, std::vector<Event>& events) {
    if (events.empty()) return Status::Ok();
    std::map<std::int64_t, Event*> by_id;
    for (Event& e : events) by_id[e.id] = &e;
    COBUY_ASSIGN_OR_RETURN(
        auto st,
        conn.Prepare(
            "SELECT p.event_id, u.id, u.name, o.id, o.name, p.guest, p.invited, p.registered, p.attended "
            "FROM event_people p JOIN users u ON u.id = p.user_id JOIN organisations o ON o.id = u.organisation_id "
            "WHERE p.event_id BETWEEN ? AND ? ORDER BY p.event_id, u.name, u.id"));
    // Events of one community have nearby ids: one range. A person's events across communities
    // are scattered: a range would read everyone's, so each event's people are read apart.
    const std::int64_t lo = by_id.begin()->first, hi = by_id.rbegin()->first;
    std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
    if (hi - lo + 1 <= 4 * static_cast<std::int64_t>(events.size())) {
      ranges.emplace_back(lo, hi);
    } else {
      for (const auto& [id, e] : by_id) ranges.emplace_back(id, id);
    }
    for (const auto& [from, to] : ranges) {
      st.Bind(1, from).Bind(2, to);
      while (true) {
        COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        auto it = by_id.find(st.Int(0));
        if (it == by_id.end()) continue;
        it->second->people.push_back({st.Int(1), st.Text(2), st.Int(3), st.Text(4), st.Int(5) != 0, st.Int(6) != 0,
                                      st.Int(7) != 0, st.Int(8) != 0});
      }
      st.Reset();
    }
    return Status::Ok();
  }

  static Status AttachSignatories(Connection& conn, std::vector<Output>& outputs) {
    if (outputs.empty()) return Status::Ok();
    std::map<std::int64_t, Output*> by_id;
    for (Output& o : outputs) by_id[o.id] = &o;
    COBUY_ASSIGN_OR_RETURN(
        auto st, conn.Prepare("SELECT s.output_id, o.id, o.name, o.country, s.signed_at FROM output_signatories s "
                              "JOIN organisations o ON o.id = s.organisation_id WHERE s.output_id BETWEEN ? AND ? "
                              "ORDER BY s.output_id, s.signed_at, o.name"));
    st.Bind(1, by_id.begin()->first).Bind(2, by_id.rbegin()->first);
    while (true) {
      COBUY_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      auto it = by_id.find(st.Int(0));
      if (it == by_id.end()) continue;
      it->second->signatories.push_back({st.Int(1), st.Text(2), st.Text(3), st.Int(4)});
    }
    return Status::Ok();
  }

  ConnectionPool pool_;
};

}  // namespace
}  // namespace sqlite

Result<std::unique_ptr<CommunityStore>> CommunityStore::Open(const StoreOptions& options) {
  if (options.location.empty()) return InvalidArgument("no database location given", "db");
  auto store =
      std::make_unique<sqlite::SqliteCommunityStore>(options.location, options.busy_timeout_ms, options.pool_size);
  if (Status s = store->Probe(); !s.ok()) {
    return FailedPrecondition(fmt::format("{} has no community tables ({}); run `cobuy db migrate --db {}`",
                                          options.location, s.message(), options.location));
  }
  return std::unique_ptr<CommunityStore>(std::move(store));
}

}  // namespace cobuy
