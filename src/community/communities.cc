#include "community/communities.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <functional>
#include <set>

#include "community/digest.h"
#include "community/ical.h"
#include "community/time.h"
#include "core/text.h"

namespace cobuy::community {
namespace {

using Texts = std::function<std::pair<std::string, std::string>(std::string_view lang)>;

std::string Hex(const unsigned char* bytes, size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 15]);
  }
  return out;
}

// A required text: present, not blank, at most `max` bytes, valid UTF-8.
Status CheckText(const std::optional<std::string>& value, std::string_view field, size_t max, bool required) {
  if (!value) return required ? InvalidArgument("is required", std::string(field)) : Status::Ok();
  if (!IsValidUtf8(*value)) return InvalidArgument("must be UTF-8 text", std::string(field));
  if (value->size() > max) return InvalidArgument(fmt::format("must be at most {} bytes", max), std::string(field));
  if (required && value->find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidArgument("must not be empty", std::string(field));
  }
  return Status::Ok();
}

template <typename E>
Result<E> ParseField(const std::string& value, std::string_view field) {
  if (auto e = Parse<E>(value)) return *e;
  std::string names;
  const auto& all = AllValues<E>();
  for (size_t i = 0; i < all.size(); ++i) {
    names += i == 0 ? "" : (i + 1 == all.size() ? " or " : ", ");
    names += Name(all[i]);
  }
  return InvalidArgument(fmt::format("must be {}, not '{}'", names, value), std::string(field));
}

Status CheckDate(const std::string& value, std::string_view field) {
  return IsDay(value) ? Status::Ok()
                      : InvalidArgument(fmt::format("must be a date YYYY-MM-DD, not '{}'", value), std::string(field));
}

// What an uploaded file may be: its extension decides the media type, and the bytes must
// look like it.
struct FileType {
  std::string_view extension;
  std::string_view media_type;
  std::string_view magic;  // the bytes it starts with; empty: UTF-8 text without NUL
};

constexpr std::array<FileType, 14> kFileTypes{{
    {"pdf", "application/pdf", "%PDF-"},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK\x03\x04"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK\x03\x04"},
    {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PK\x03\x04"},
    {"odt", "application/vnd.oasis.opendocument.text", "PK\x03\x04"},
    {"ods", "application/vnd.oasis.opendocument.spreadsheet", "PK\x03\x04"},
    {"odp", "application/vnd.oasis.opendocument.presentation", "PK\x03\x04"},
    {"zip", "application/zip", "PK\x03\x04"},
    {"png", "image/png", "\x89PNG\r\n\x1a\n"},
    {"jpg", "image/jpeg", "\xff\xd8\xff"},
    {"jpeg", "image/jpeg", "\xff\xd8\xff"},
    {"txt", "text/plain; charset=utf-8", ""},
    {"csv", "text/csv; charset=utf-8", ""},
    {"md", "text/markdown; charset=utf-8", ""},
}};

Result<DocumentVersion> CheckUpload(const std::string& filename, const std::string& bytes, std::int64_t user,
                                    UnixSeconds now) {
  if (filename.empty()) return InvalidArgument("is required", "filename");
  if (filename.size() > 200 || !IsValidUtf8(filename)) {
    return InvalidArgument("must be a file name of at most 200 bytes", "filename");
  }
  for (unsigned char c : filename) {
    if (c == '/' || c == '\\' || c == '"') {
      return InvalidArgument("must not contain slashes, quotes or control characters", "filename");
    }
  }
  if (FindUnsafeCharacter(filename, /*allow_breaks=*/false)) {
    return InvalidArgument("must not contain slashes, quotes or control characters", "filename");
  }
  if (bytes.empty()) return InvalidArgument("the file is empty", "file");
  if (static_cast<std::int64_t>(bytes.size()) > kMaxDocumentBytes) {
    return ResourceExhausted(
        fmt::format("the file is {} bytes; at most {} are allowed", bytes.size(), kMaxDocumentBytes));
  }
  size_t dot = filename.rfind('.');
  std::string ext = dot == std::string::npos ? "" : AsciiLower(filename.substr(dot + 1));
  const FileType* type = nullptr;
  for (const FileType& t : kFileTypes) {
    if (t.extension == ext) type = &t;
  }
  if (!type) {
    return InvalidArgument(fmt::format("'{}' is not an accepted type (pdf, docx, xlsx, pptx, odt, ods, odp, txt, csv, "
                                       "md, png, jpg, jpeg, zip)",
                                       filename),
                           "filename");
  }
  bool looks_right = type->magic.empty() ? IsValidUtf8(bytes) && bytes.find('\0') == std::string::npos
                                         : std::string_view(bytes).starts_with(type->magic);
  if (!looks_right) {
    return InvalidArgument(fmt::format("the content of '{}' is not a .{} file", filename, ext), "file");
  }
  DocumentVersion v;
  v.filename = filename;
  v.media_type = std::string(type->media_type);
  v.size = static_cast<std::int64_t>(bytes.size());
  v.sha256 = Sha256Hex(bytes);
  v.uploaded_at = now;
  v.uploaded_by = user;
  return v;
}

std::string Trimmed(std::string_view s) {
  return std::string(Trim(s));
}

std::string Lang(std::string_view lang) {
  return lang == "de" || lang == "fr" ? std::string(lang) : "en";
}

std::string CommunityLink(std::int64_t id, std::string_view tab = {}) {
  return tab.empty() ? fmt::format("/communities/{}", id) : fmt::format("/communities/{}/{}", id, tab);
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return Hex(digest.data(), digest.size());
}

Result<Caller> Communities::CallerOf(const User* user) {
  Caller caller{user, false};
  if (!user) return caller;
  if (user->role == Role::kMarketActor) {
    caller.market = true;
    return caller;
  }
  COBUY_ASSIGN_OR_RETURN(Organisation org, accounts_.GetOrganisation(user->organisation));
  caller.market = IsMarketOrganisation(org.type);
  return caller;
}

Result<std::vector<std::int64_t>> Communities::ActiveLeaders(std::int64_t community_id) {
  COBUY_ASSIGN_OR_RETURN(auto members, store_.ListMembers(community_id));
  std::vector<std::int64_t> out;
  for (const Membership& m : members) {
    if (m.role == MemberRole::kLeader && m.status == MemberStatus::kActive) out.push_back(m.user_id);
  }
  return out;
}

Result<Workspace> Communities::Enter(const Caller& caller, std::int64_t id, Capability need) {
  Workspace ws;
  COBUY_ASSIGN_OR_RETURN(ws.community, store_.GetCommunity(id));
  if (caller.user) {
    COBUY_ASSIGN_OR_RETURN(ws.membership, store_.GetMembership(id, caller.user->id.value));
  }
  COBUY_RETURN_IF_ERROR(Decide(caller, ws.membership, need));
  ws.caller = caller;
  ws.can = CapabilitiesOf(caller, ws.membership);
  return ws;
}

// --- communities and members --------------------------------------------------------------

namespace {

Status ApplyCommunity(Community& c, const CommunityInput& in, bool creating) {
  COBUY_RETURN_IF_ERROR(CheckText(in.name, "name", 200, creating));
  COBUY_RETURN_IF_ERROR(CheckText(in.aim, "aim", 4000, creating));
  COBUY_RETURN_IF_ERROR(CheckText(in.entry_requirements, "entry_requirements", 4000, false));
  COBUY_RETURN_IF_ERROR(CheckText(in.topic, "topic", 200, false));
  if (creating && !in.kind) return InvalidArgument("is required", "kind");
  if (creating && !in.openness) return InvalidArgument("is required", "openness");
  if (in.name) c.name = Trimmed(*in.name);
  if (in.kind) {
    COBUY_ASSIGN_OR_RETURN(c.kind, ParseField<CommunityKind>(*in.kind, "kind"));
  }
  if (in.openness) {
    COBUY_ASSIGN_OR_RETURN(c.openness, ParseField<Openness>(*in.openness, "openness"));
  }
  if (in.aim) c.aim = *in.aim;
  if (in.entry_requirements) c.entry_requirements = *in.entry_requirements;
  if (in.topic) c.topic = *in.topic;
  if (in.name && c.name.empty()) return InvalidArgument("must not be empty", "name");
  return Status::Ok();
}

}  // namespace

Result<std::int64_t> Communities::Create(const Caller& caller, const CommunityInput& in) {
  COBUY_RETURN_IF_ERROR(MayJoin(caller));
  if (caller.user->role == Role::kObserver) return PermissionDenied("observers cannot create communities");
  Community c;
  COBUY_RETURN_IF_ERROR(ApplyCommunity(c, in, true));
  c.created_by = caller.user->id.value;
  return store_.CreateCommunity(c, caller.user->id.value, clock_.Now());
}

Status Communities::Update(const Workspace& ws, const CommunityInput& in) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kManage));
  Community c = ws.community;
  COBUY_RETURN_IF_ERROR(ApplyCommunity(c, in, false));
  return store_.UpdateCommunity(c);
}

Result<Membership> Communities::Join(const Caller& caller, std::int64_t id, const std::string& note) {
  COBUY_RETURN_IF_ERROR(MayJoin(caller));
  COBUY_RETURN_IF_ERROR(CheckText(note, "note", 2000, false));
  COBUY_ASSIGN_OR_RETURN(Community c, store_.GetCommunity(id));
  std::int64_t me = caller.user->id.value;
  COBUY_ASSIGN_OR_RETURN(auto existing, store_.GetMembership(id, me));
  if (existing && existing->status == MemberStatus::kActive) return *existing;
  MemberRole role = JoiningRole(*caller.user);
  MemberStatus status = MemberStatus::kActive;
  if (existing && existing->status == MemberStatus::kInvited) {
    role = existing->role;  // the role the leader invited them with
  } else if (c.openness == Openness::kClosed) {
    status = MemberStatus::kRequested;
  }
  COBUY_RETURN_IF_ERROR(store_.PutMember(id, me, role, status, note, clock_.Now()));
  if (status == MemberStatus::kRequested) {
    COBUY_ASSIGN_OR_RETURN(auto leaders, ActiveLeaders(id));
    COBUY_RETURN_IF_ERROR(
        Notify(leaders, "membership", "requested", c.name, caller.user->name, CommunityLink(id, "members")));
  }
  COBUY_ASSIGN_OR_RETURN(auto now, store_.GetMembership(id, me));
  return *now;
}

Status Communities::Leave(const Workspace& ws) {
  if (!ws.membership) return NotFound("you are not a member of this community");
  if (ws.membership->role == MemberRole::kLeader && ws.membership->status == MemberStatus::kActive) {
    COBUY_ASSIGN_OR_RETURN(auto leaders, ActiveLeaders(ws.community.id));
    if (leaders.size() <= 1) return FailedPrecondition("the last leader cannot leave; appoint another leader first");
  }
  return store_.RemoveMember(ws.community.id, ws.user_id());
}

Result<Membership> Communities::Invite(const Workspace& ws, const std::string& email, const std::string& role_name) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kManage));
  COBUY_ASSIGN_OR_RETURN(MemberRole role, ParseField<MemberRole>(role_name, "role"));
  auto user = accounts_.FindUserByEmail(AsciiLower(Trimmed(email)));
  if (!user.ok()) {
    if (user.status().code() == StatusCode::kNotFound) {
      return InvalidArgument(
          fmt::format("nobody on Cobuy has the e-mail '{}'; invite them to their organisation first", email), "email");
    }
    return user.status();
  }
  COBUY_ASSIGN_OR_RETURN(Caller invitee, CallerOf(&*user));
  if (invitee.market) {
    return InvalidArgument("market actors cannot be members; invite them to an event instead", "email");
  }
  if (user->status != UserStatus::kActive) return InvalidArgument("this person's account is not active", "email");
  if (user->role == Role::kObserver && role != MemberRole::kObserver) {
    return InvalidArgument("people with the observer role can only be observers", "role");
  }
  COBUY_ASSIGN_OR_RETURN(auto existing, store_.GetMembership(ws.community.id, user->id.value));
  if (existing && existing->status == MemberStatus::kActive) {
    return AlreadyExists(fmt::format("{} is a member already", user->name), "email");
  }
  COBUY_RETURN_IF_ERROR(
      store_.PutMember(ws.community.id, user->id.value, role, MemberStatus::kInvited, "", clock_.Now()));
  COBUY_RETURN_IF_ERROR(Notify({user->id.value}, "membership", "invited", ws.community.name, ws.caller.user->name,
                               CommunityLink(ws.community.id)));
  COBUY_ASSIGN_OR_RETURN(auto m, store_.GetMembership(ws.community.id, user->id.value));
  return *m;
}

Result<Membership> Communities::ChangeMember(const Workspace& ws, std::int64_t user_id,
                                             const std::optional<std::string>& role,
                                             const std::optional<std::string>& status) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kManage));
  COBUY_ASSIGN_OR_RETURN(auto existing, store_.GetMembership(ws.community.id, user_id));
  if (!existing) return NotFound("no such member");
  Membership m = *existing;
  if (role) {
    COBUY_ASSIGN_OR_RETURN(m.role, ParseField<MemberRole>(*role, "role"));
  }
  if (status) {
    if (*status != "active") return InvalidArgument(fmt::format("must be active, not '{}'", *status), "status");
    if (m.status == MemberStatus::kInvited) {
      return FailedPrecondition("an invitation is accepted by the person invited, not by the leader");
    }
    m.status = MemberStatus::kActive;
  }
  if (m.role != MemberRole::kObserver) {
    COBUY_ASSIGN_OR_RETURN(User u, accounts_.GetUser(UserId(user_id)));
    if (u.role == Role::kObserver)
      return InvalidArgument("people with the observer role can only be observers", "role");
  }
  if (existing->role == MemberRole::kLeader && m.role != MemberRole::kLeader) {
    COBUY_ASSIGN_OR_RETURN(auto leaders, ActiveLeaders(ws.community.id));
    if (leaders.size() <= 1) return FailedPrecondition("a community needs a leader; appoint another leader first");
  }
  COBUY_RETURN_IF_ERROR(store_.PutMember(ws.community.id, user_id, m.role, m.status, m.note, clock_.Now()));
  if (existing->status != MemberStatus::kActive && m.status == MemberStatus::kActive) {
    COBUY_RETURN_IF_ERROR(Notify({user_id}, "membership", "approved", ws.community.name, ws.caller.user->name,
                                 CommunityLink(ws.community.id)));
  }
  COBUY_ASSIGN_OR_RETURN(auto after, store_.GetMembership(ws.community.id, user_id));
  return *after;
}

Status Communities::RemoveMember(const Workspace& ws, std::int64_t user_id) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kManage));
  COBUY_ASSIGN_OR_RETURN(auto existing, store_.GetMembership(ws.community.id, user_id));
  if (!existing) return NotFound("no such member");
  if (existing->role == MemberRole::kLeader && existing->status == MemberStatus::kActive) {
    COBUY_ASSIGN_OR_RETURN(auto leaders, ActiveLeaders(ws.community.id));
    if (leaders.size() <= 1) return FailedPrecondition("a community needs a leader; appoint another leader first");
  }
  return store_.RemoveMember(ws.community.id, user_id);
}

// --- discussions --------------------------------------------------------------------------

namespace {

// Mentions must name active members of the community; the author is dropped.
Result<std::vector<std::int64_t>> CheckMentions(CommunityStore& store, const Workspace& ws,
                                                const std::vector<std::int64_t>& mentions) {
  std::set<std::int64_t> unique;
  for (std::int64_t id : mentions) {
    if (id == ws.user_id()) continue;
    COBUY_ASSIGN_OR_RETURN(auto m, store.GetMembership(ws.community.id, id));
    if (!m || m.value().status != MemberStatus::kActive) {
      return InvalidArgument(fmt::format("{} is not a member of this community", id), "mentions");
    }
    unique.insert(id);
  }
  return std::vector<std::int64_t>(unique.begin(), unique.end());
}

}  // namespace

Result<std::int64_t> Communities::CreateThread(const Workspace& ws, const std::string& title, const std::string& body,
                                               const std::vector<std::int64_t>& mentions) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kContribute));
  COBUY_RETURN_IF_ERROR(CheckText(title, "title", 200, true));
  COBUY_RETURN_IF_ERROR(CheckText(body, "body", 20000, true));
  COBUY_ASSIGN_OR_RETURN(auto mentioned, CheckMentions(store_, ws, mentions));
  COBUY_ASSIGN_OR_RETURN(std::int64_t id, store_.CreateThread(ws.community.id, Trimmed(title), ws.user_id(), body,
                                                              mentioned, clock_.Now()));
  COBUY_RETURN_IF_ERROR(Notify(mentioned, "mention", "", title, ws.caller.user->name,
                               fmt::format("/communities/{}/discussions/{}", ws.community.id, id)));
  return id;
}

Result<std::int64_t> Communities::Reply(const Workspace& ws, std::int64_t thread_id, const std::string& body,
                                        const std::vector<std::int64_t>& mentions) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kContribute));
  COBUY_ASSIGN_OR_RETURN(Thread thread, store_.GetThread(ws.community.id, thread_id));
  COBUY_RETURN_IF_ERROR(CheckText(body, "body", 20000, true));
  COBUY_ASSIGN_OR_RETURN(auto mentioned, CheckMentions(store_, ws, mentions));
  COBUY_ASSIGN_OR_RETURN(std::int64_t id, store_.AddPost(thread.id, ws.user_id(), body, mentioned, clock_.Now()));
  COBUY_RETURN_IF_ERROR(Notify(mentioned, "mention", "", thread.title, ws.caller.user->name,
                               fmt::format("/communities/{}/discussions/{}", ws.community.id, thread.id)));
  return id;
}

Status Communities::EditPost(const Workspace& ws, std::int64_t post_id, const std::string& body) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kContribute));
  COBUY_ASSIGN_OR_RETURN(Post post, store_.GetPost(ws.community.id, post_id));
  if (post.author_id != ws.user_id()) return PermissionDenied("only its author can edit a post");
  if (post.hidden) return FailedPrecondition("a hidden post cannot be edited");
  COBUY_RETURN_IF_ERROR(CheckText(body, "body", 20000, true));
  if (body == post.body) return Status::Ok();
  return store_.EditPost(post_id, body, clock_.Now());
}

Status Communities::HidePost(const Workspace& ws, std::int64_t post_id, const std::string& reason) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kManage));
  COBUY_ASSIGN_OR_RETURN(Post post, store_.GetPost(ws.community.id, post_id));
  COBUY_RETURN_IF_ERROR(CheckText(reason, "reason", 500, true));
  return store_.HidePost(post.id, reason, ws.user_id());
}

// --- documents ----------------------------------------------------------------------------

Result<std::int64_t> Communities::Upload(const Workspace& ws, const std::string& title, const std::string& filename,
                                         const std::string& bytes) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kContribute));
  std::string shown = title.empty() ? filename : title;
  COBUY_RETURN_IF_ERROR(CheckText(shown, "title", 200, true));
  COBUY_ASSIGN_OR_RETURN(DocumentVersion v, CheckUpload(filename, bytes, ws.user_id(), clock_.Now()));
  COBUY_RETURN_IF_ERROR(CheckQuota(ws.community.id, v.size));
  return store_.AddDocument(ws.community.id, Trimmed(shown), v, bytes);
}

Status Communities::CheckQuota(std::int64_t community_id, std::int64_t bytes) {
  COBUY_ASSIGN_OR_RETURN(std::int64_t used, store_.DocumentBytes(community_id));
  if (used + bytes > storage_quota_) {
    return FailedPrecondition(fmt::format(
        "the community's library is full: it holds {} of its {} bytes, and this file has {}; remove old documents first",
        used, storage_quota_, bytes));
  }
  return Status::Ok();
}

Result<int> Communities::UploadVersion(const Workspace& ws, std::int64_t document_id, const std::string& filename,
                                       const std::string& bytes) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kContribute));
  COBUY_RETURN_IF_ERROR(store_.GetDocument(ws.community.id, document_id).status());
  COBUY_ASSIGN_OR_RETURN(DocumentVersion v, CheckUpload(filename, bytes, ws.user_id(), clock_.Now()));
  COBUY_RETURN_IF_ERROR(CheckQuota(ws.community.id, v.size));
  return store_.AddDocumentVersion(ws.community.id, document_id, v, bytes);
}

// --- events -------------------------------------------------------------------------------

namespace {

Status ApplyEvent(Event& e, const EventInput& in, bool creating) {
  COBUY_RETURN_IF_ERROR(CheckText(in.title, "title", 200, creating));
  COBUY_RETURN_IF_ERROR(CheckText(in.agenda, "agenda", 20000, false));
  COBUY_RETURN_IF_ERROR(CheckText(in.place, "place", 500, false));
  COBUY_RETURN_IF_ERROR(CheckText(in.online_url, "online_url", 500, false));
  COBUY_RETURN_IF_ERROR(CheckText(in.minutes, "minutes", 50000, false));
  for (auto [value, field] : {std::pair{&in.kind, "kind"},
                              {&in.starts_at, "starts_at"},
                              {&in.ends_at, "ends_at"},
                              {&in.time_zone, "time_zone"}}) {
    if (creating && !*value) return InvalidArgument("is required", field);
  }
  if (in.kind) {
    COBUY_ASSIGN_OR_RETURN(e.kind, ParseField<EventKind>(*in.kind, "kind"));
  }
  if (in.status) {
    COBUY_ASSIGN_OR_RETURN(e.status, ParseField<EventStatus>(*in.status, "status"));
  }
  if (in.title) e.title = Trimmed(*in.title);
  if (in.agenda) e.agenda = *in.agenda;
  if (in.place) e.place = *in.place;
  if (in.online_url) {
    if (!in.online_url->empty() && !in.online_url->starts_with("https://") && !in.online_url->starts_with("http://")) {
      return InvalidArgument("must be an http(s) link", "online_url");
    }
    e.online_url = *in.online_url;
  }
  if (in.minutes) e.minutes = *in.minutes;
  if (in.time_zone) {
    if (!IsTimeZone(*in.time_zone)) {
      return InvalidArgument(fmt::format("must be an IANA time zone such as Europe/Brussels, not '{}'", *in.time_zone),
                             "time_zone");
    }
  }
  // Times are given in the event's zone: re-read both when either or the zone changes.
  std::string tz = in.time_zone.value_or(e.time_zone);
  std::string start = in.starts_at.value_or(creating ? "" : UtcToLocal(e.starts_at, e.time_zone));
  std::string end = in.ends_at.value_or(creating ? "" : UtcToLocal(e.ends_at, e.time_zone));
  auto s = LocalToUtc(start, tz);
  if (!s.ok()) return InvalidArgument(std::string(s.status().message()), "starts_at");
  auto t = LocalToUtc(end, tz);
  if (!t.ok()) return InvalidArgument(std::string(t.status().message()), "ends_at");
  if (*t < *s) return InvalidArgument("must not be before starts_at", "ends_at");
  e.starts_at = *s;
  e.ends_at = *t;
  e.time_zone = tz;
  return Status::Ok();
}

}  // namespace

Result<std::int64_t> Communities::CreateEvent(const Workspace& ws, const EventInput& in) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kPlan));
  Event e;
  e.community_id = ws.community.id;
  e.created_at = clock_.Now();
  COBUY_RETURN_IF_ERROR(ApplyEvent(e, in, true));
  return store_.CreateEvent(e, ws.user_id());
}

Status Communities::UpdateEvent(const Workspace& ws, std::int64_t event_id, const EventInput& in) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kPlan));
  COBUY_ASSIGN_OR_RETURN(Event e, store_.GetEvent(ws.community.id, event_id));
  COBUY_RETURN_IF_ERROR(ApplyEvent(e, in, false));
  return store_.UpdateEvent(e, clock_.Now());
}

Status Communities::InviteToEvent(const Workspace& ws, std::int64_t event_id,
                                  const std::vector<std::int64_t>& user_ids) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kPlan));
  COBUY_ASSIGN_OR_RETURN(Event e, store_.GetEvent(ws.community.id, event_id));
  if (user_ids.empty()) return InvalidArgument("must name at least one person", "user_ids");
  std::vector<std::pair<std::int64_t, bool>> invitees;
  for (std::int64_t id : user_ids) {
    auto user = accounts_.GetUser(UserId(id));
    if (!user.ok() || user->status != UserStatus::kActive) {
      return InvalidArgument(fmt::format("{} is not an active person on Cobuy", id), "user_ids");
    }
    COBUY_ASSIGN_OR_RETURN(Caller who, CallerOf(&*user));
    if (!who.market) {
      COBUY_ASSIGN_OR_RETURN(auto m, store_.GetMembership(ws.community.id, id));
      if (!m || m->status != MemberStatus::kActive) {
        return InvalidArgument(fmt::format("{} is neither a member nor a market actor", user->name), "user_ids");
      }
    }
    invitees.emplace_back(id, who.market);
  }
  std::vector<std::int64_t> notify;
  for (auto [id, guest] : invitees) {
    COBUY_RETURN_IF_ERROR(store_.InviteToEvent(e.id, id, guest));
    notify.push_back(id);
  }
  return Notify(notify, "event_invitation", "", e.title, ws.community.name,
                fmt::format("/communities/{}/events/{}", ws.community.id, e.id));
}

Result<Event> Communities::EventFor(const Caller& caller, std::int64_t community_id, std::int64_t event_id) {
  auto ws = Enter(caller, community_id, Capability::kViewWorkspace);
  if (ws.ok()) return store_.GetEvent(community_id, event_id);
  if (ws.status().code() != StatusCode::kPermissionDenied || !caller.user) return ws.status();
  // A market actor invited to this very event sees it, and nothing else of the workspace.
  auto e = store_.GetEvent(community_id, event_id);
  if (e.ok() && caller.market) {
    for (const EventPerson& p : e->people) {
      if (p.user_id == caller.user->id.value && p.invited) return e;
    }
  }
  return ws.status();
}

Status Communities::Register(const Caller& caller, std::int64_t community_id, std::int64_t event_id, bool registered) {
  auto ws = Enter(caller, community_id, Capability::kContribute);
  Event e;
  if (ws.ok()) {
    COBUY_ASSIGN_OR_RETURN(e, store_.GetEvent(community_id, event_id));
  } else {
    COBUY_ASSIGN_OR_RETURN(e, EventFor(caller, community_id, event_id));
    bool guest = false;
    for (const EventPerson& p : e.people) guest |= p.user_id == caller.user->id.value && p.invited && caller.market;
    if (!guest) return ws.status();
  }
  if (e.status == EventStatus::kCancelled && registered) return FailedPrecondition("the event is cancelled");
  return store_.SetRegistered(e.id, caller.user->id.value, registered);
}

Status Communities::SetAttendance(const Workspace& ws, std::int64_t event_id,
                                  const std::vector<std::int64_t>& attended) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kPlan));
  COBUY_ASSIGN_OR_RETURN(Event e, store_.GetEvent(ws.community.id, event_id));
  if (e.starts_at > clock_.Now()) return FailedPrecondition("attendance is recorded once the event has started");
  for (std::int64_t id : attended) {
    bool known = std::any_of(e.people.begin(), e.people.end(),
                             [id](const EventPerson& p) { return p.user_id == id && (p.invited || p.registered); });
    if (!known) {
      COBUY_ASSIGN_OR_RETURN(auto m, store_.GetMembership(ws.community.id, id));
      if (!m || m->status != MemberStatus::kActive) {
        return InvalidArgument(fmt::format("{} was neither invited nor registered, nor is a member", id), "attended");
      }
    }
  }
  return store_.SetAttendance(e.id, attended);
}

namespace {

std::vector<CalendarEntry> Entries(const std::vector<Event>& events, const std::map<std::int64_t, std::string>& names) {
  std::vector<CalendarEntry> out;
  for (const Event& e : events) {
    CalendarEntry c;
    c.uid = fmt::format("event-{}@cobuy.eu", e.id);
    c.starts_at = e.starts_at;
    c.ends_at = e.ends_at;
    c.time_zone = e.time_zone;
    auto name = names.find(e.community_id);
    c.summary = name == names.end() ? e.title : fmt::format("{} ({})", e.title, name->second);
    c.description = e.agenda;
    c.location = !e.place.empty() ? e.place : e.online_url;
    c.url = e.online_url;
    c.categories = std::string(Name(e.kind));
    c.cancelled = e.status == EventStatus::kCancelled;
    c.sequence = e.sequence;
    c.last_modified = e.updated_at;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

Result<std::string> Communities::CommunityCalendar(const Workspace& ws) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kViewWorkspace));
  COBUY_ASSIGN_OR_RETURN(auto events, store_.ListEvents(ws.community.id));
  return WriteCalendar(ws.community.name, Entries(events, {}), clock_.Now());
}

Result<std::string> Communities::PersonalCalendar(std::int64_t user_id) {
  COBUY_ASSIGN_OR_RETURN(User user, accounts_.GetUser(UserId(user_id)));
  COBUY_ASSIGN_OR_RETURN(Caller caller, CallerOf(&user));
  COBUY_ASSIGN_OR_RETURN(auto events, store_.EventsOf(user_id));
  COBUY_ASSIGN_OR_RETURN(auto communities, store_.ListCommunities());
  std::map<std::int64_t, std::string> names;
  for (const Community& c : communities) names[c.id] = c.name;
  // A market actor's stale membership row gives nothing: keep only events they are invited to.
  if (caller.market) {
    std::erase_if(events, [user_id](const Event& e) {
      return std::none_of(e.people.begin(), e.people.end(),
                          [user_id](const EventPerson& p) { return p.user_id == user_id && p.invited; });
    });
  }
  return WriteCalendar("Cobuy — " + user.name, Entries(events, names), clock_.Now());
}

Result<std::string> Communities::NewCalendarToken(std::int64_t user_id) {
  std::array<unsigned char, 24> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::string token = Hex(raw.data(), raw.size());
  COBUY_RETURN_IF_ERROR(store_.SetCalendarToken(user_id, Sha256Hex(token)));
  return token;
}

Result<std::int64_t> Communities::CalendarTokenUser(const std::string& token) {
  if (token.size() != 48) return NotFound("no such calendar token");
  return store_.FindCalendarToken(Sha256Hex(token));
}

// --- work plan and outputs ----------------------------------------------------------------

Result<std::int64_t> Communities::AddObjective(const Workspace& ws, const std::string& title,
                                               const std::string& ambition) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kPlan));
  COBUY_RETURN_IF_ERROR(CheckText(title, "title", 500, true));
  COBUY_ASSIGN_OR_RETURN(Ambition a, ParseField<Ambition>(ambition, "ambition"));
  return store_.AddObjective(ws.community.id, {0, Trimmed(title), a});
}

namespace {

Status ApplyActivity(CommunityStore& store, const Workspace& ws, Activity& a, const ActivityInput& in, bool creating) {
  COBUY_RETURN_IF_ERROR(CheckText(in.title, "title", 500, creating));
  if (creating && !in.due) return InvalidArgument("is required", "due");
  if (in.title) a.title = Trimmed(*in.title);
  if (in.due) {
    COBUY_RETURN_IF_ERROR(CheckDate(*in.due, "due"));
    a.due = *in.due;
  }
  if (in.status) {
    COBUY_ASSIGN_OR_RETURN(a.status, ParseField<ActivityStatus>(*in.status, "status"));
  }
  if (in.objective_id) {
    if (*in.objective_id) {
      COBUY_ASSIGN_OR_RETURN(auto plan, store.GetWorkPlan(ws.community.id));
      bool found = std::any_of(plan.first.begin(), plan.first.end(),
                               [&](const Objective& o) { return o.id == **in.objective_id; });
      if (!found) return InvalidArgument("is not an objective of this community", "objective_id");
    }
    a.objective_id = *in.objective_id;
  }
  if (in.owner_id) {
    if (*in.owner_id) {
      COBUY_ASSIGN_OR_RETURN(auto m, store.GetMembership(ws.community.id, **in.owner_id));
      if (!m || m->status != MemberStatus::kActive) {
        return InvalidArgument("must be a member of this community", "owner_id");
      }
    }
    a.owner_id = *in.owner_id;
  }
  return Status::Ok();
}

}  // namespace

Result<std::int64_t> Communities::AddActivity(const Workspace& ws, const ActivityInput& in) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kPlan));
  Activity a;
  COBUY_RETURN_IF_ERROR(ApplyActivity(store_, ws, a, in, true));
  return store_.AddActivity(ws.community.id, a);
}

Status Communities::UpdateActivity(const Workspace& ws, std::int64_t activity_id, const ActivityInput& in) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kPlan));
  COBUY_ASSIGN_OR_RETURN(auto plan, store_.GetWorkPlan(ws.community.id));
  auto it =
      std::find_if(plan.second.begin(), plan.second.end(), [&](const Activity& a) { return a.id == activity_id; });
  if (it == plan.second.end()) return NotFound("no such activity");
  Activity a = *it;
  COBUY_RETURN_IF_ERROR(ApplyActivity(store_, ws, a, in, false));
  return store_.UpdateActivity(ws.community.id, a);
}

namespace {

Status ApplyOutput(CommunityStore& store, const Workspace& ws, Output& o, const OutputInput& in, bool creating) {
  COBUY_RETURN_IF_ERROR(CheckText(in.title, "title", 300, creating));
  COBUY_RETURN_IF_ERROR(CheckText(in.summary, "summary", 20000, false));
  if (creating && !in.kind) return InvalidArgument("is required", "kind");
  if (in.kind) {
    COBUY_ASSIGN_OR_RETURN(o.kind, ParseField<OutputKind>(*in.kind, "kind"));
  }
  if (in.title) o.title = Trimmed(*in.title);
  if (in.summary) o.summary = *in.summary;
  if (in.document_id) {
    if (*in.document_id) {
      auto d = store.GetDocument(ws.community.id, **in.document_id);
      if (!d.ok()) return InvalidArgument("is not a document of this community", "document_id");
    }
    o.document_id = *in.document_id;
  }
  return Status::Ok();
}

}  // namespace

Result<std::int64_t> Communities::AddOutput(const Workspace& ws, const OutputInput& in) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kPlan));
  if (in.published && *in.published) COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kManage));
  Output o;
  o.community_id = ws.community.id;
  o.created_at = clock_.Now();
  COBUY_RETURN_IF_ERROR(ApplyOutput(store_, ws, o, in, true));
  if (in.published && *in.published) {
    o.published = true;
    o.published_at = clock_.Now();
  }
  return store_.AddOutput(o);
}

Status Communities::UpdateOutput(const Workspace& ws, std::int64_t output_id, const OutputInput& in) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kPlan));
  COBUY_ASSIGN_OR_RETURN(Output o, store_.GetOutput(ws.community.id, output_id));
  COBUY_RETURN_IF_ERROR(ApplyOutput(store_, ws, o, in, false));
  if (in.published && *in.published != o.published) {
    COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kManage));
    o.published = *in.published;
    o.published_at = o.published ? std::optional<UnixSeconds>(clock_.Now()) : std::nullopt;
  }
  return store_.UpdateOutput(o);
}

Status Communities::Sign(const Workspace& ws, std::int64_t output_id) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kContribute));
  COBUY_ASSIGN_OR_RETURN(Output o, store_.GetOutput(ws.community.id, output_id));
  if (o.kind != OutputKind::kDeclarationOfIntent) {
    return FailedPrecondition("only a declaration of intent is signed by organisations");
  }
  return store_.AddSignatory(o.id, ws.caller.user->organisation.value, clock_.Now());
}

// --- figures and health -------------------------------------------------------------------

Result<OutcomeFigures> Communities::FiguresOf(const Workspace& ws) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kViewWorkspace));
  COBUY_ASSIGN_OR_RETURN(auto activity, store_.Activities(ws.community.id));
  return ComputeFigures(activity, clock_.Now());
}

Result<std::vector<CommunityActivity>> Communities::AllActivities() {
  return store_.Activities(0);
}

Result<std::vector<HealthFlag>> Communities::HealthOf(const Workspace& ws) {
  COBUY_RETURN_IF_ERROR(Decide(ws.caller, ws.membership, Capability::kManage));
  COBUY_ASSIGN_OR_RETURN(auto activity, store_.Activities(ws.community.id));
  return EvaluateHealth(activity.front(), clock_.Now());
}

Result<int> Communities::NotifyHealth() {
  COBUY_ASSIGN_OR_RETURN(auto activities, store_.Activities(0));
  COBUY_ASSIGN_OR_RETURN(auto everyone, accounts_.ListOrganisations());
  std::vector<std::int64_t> secretariat;
  for (const Organisation& org : everyone) {
    COBUY_ASSIGN_OR_RETURN(auto people, accounts_.ListUsers(org.id));
    for (const User& u : people) {
      if (u.role == Role::kPlatformAdmin && u.status == UserStatus::kActive) secretariat.push_back(u.id.value);
    }
  }
  int sent = 0;
  for (const CommunityActivity& a : activities) {
    auto flags = EvaluateHealth(a, clock_.Now());
    if (flags.empty()) continue;
    COBUY_ASSIGN_OR_RETURN(auto leaders, ActiveLeaders(a.community_id));
    std::vector<std::int64_t> to = secretariat;
    to.insert(to.end(), leaders.begin(), leaders.end());
    std::sort(to.begin(), to.end());
    to.erase(std::unique(to.begin(), to.end()), to.end());
    std::string detail;
    for (const HealthFlag& f : flags) detail += (detail.empty() ? "" : "; ") + f.detail;
    COBUY_RETURN_IF_ERROR(Notify(to, "health", "", a.name, detail, CommunityLink(a.community_id)));
    sent += static_cast<int>(to.size());
  }
  return sent;
}

// --- staff exchanges ----------------------------------------------------------------------

Result<std::int64_t> Communities::CreateExchange(const Caller& caller, const ExchangeInput& in) {
  COBUY_RETURN_IF_ERROR(MayJoin(caller));
  if (caller.user->role == Role::kObserver) {  // Step 7, I1: exchanges are for buyers (docs/COMMUNITIES.md)
    return PermissionDenied("observers follow the network; staff exchanges are offered and requested by buyers");
  }
  StaffExchange x;
  COBUY_ASSIGN_OR_RETURN(x.kind, ParseField<ExchangeKind>(in.kind, "kind"));
  COBUY_RETURN_IF_ERROR(CheckText(in.topic, "topic", 200, true));
  COBUY_RETURN_IF_ERROR(CheckText(in.description, "description", 4000, false));
  COBUY_RETURN_IF_ERROR(CheckDate(in.starts_on, "starts_on"));
  COBUY_RETURN_IF_ERROR(CheckDate(in.ends_on, "ends_on"));
  if (in.ends_on < in.starts_on) return InvalidArgument("must not be before starts_on", "ends_on");
  if (in.community_id) {
    auto ws = Enter(caller, *in.community_id, Capability::kViewWorkspace);
    if (!ws.ok()) return InvalidArgument("must be a community you are a member of", "community_id");
  }
  x.user_id = caller.user->id.value;
  x.topic = Trimmed(in.topic);
  x.description = in.description;
  x.starts_on = in.starts_on;
  x.ends_on = in.ends_on;
  x.community_id = in.community_id;
  x.created_at = clock_.Now();
  return store_.CreateExchange(x);
}

Result<StaffExchange> Communities::OwnExchange(const Caller& caller, std::int64_t id) {
  if (!caller.user) return Unauthenticated("sign in first");
  COBUY_ASSIGN_OR_RETURN(StaffExchange x, store_.GetExchange(id));
  if (x.user_id != caller.user->id.value) return NotFound("no such staff exchange of yours");
  return x;
}

Result<std::vector<ExchangeMatch>> Communities::Matches(const Caller& caller, std::int64_t id) {
  COBUY_ASSIGN_OR_RETURN(StaffExchange mine, OwnExchange(caller, id));
  COBUY_ASSIGN_OR_RETURN(auto all, store_.ListExchanges());
  return SuggestMatches(mine, all);
}

Status Communities::Match(const Caller& caller, std::int64_t id, std::int64_t with) {
  COBUY_ASSIGN_OR_RETURN(StaffExchange mine, OwnExchange(caller, id));
  COBUY_ASSIGN_OR_RETURN(auto candidates, Matches(caller, id));
  auto it = std::find_if(candidates.begin(), candidates.end(),
                         [with](const ExchangeMatch& m) { return m.exchange.id == with; });
  if (it == candidates.end()) return InvalidArgument("is not a suggested match of this exchange", "with");
  StaffExchange other = it->exchange;
  mine.status = other.status = ExchangeStatus::kMatched;
  mine.matched_with = other.id;
  other.matched_with = mine.id;
  COBUY_RETURN_IF_ERROR(store_.UpdateExchange(mine));
  COBUY_RETURN_IF_ERROR(store_.UpdateExchange(other));
  return Notify({other.user_id}, "membership", "matched", mine.topic, caller.user->name, "/exchanges");
}

Status Communities::FileReport(const Caller& caller, std::int64_t id, const std::string& filename,
                               const std::string& bytes) {
  if (!caller.user) return Unauthenticated("sign in first");
  COBUY_ASSIGN_OR_RETURN(StaffExchange x, store_.GetExchange(id));
  std::optional<StaffExchange> partner;
  if (x.matched_with) {
    auto p = store_.GetExchange(*x.matched_with);
    if (p.ok()) partner = *p;
  }
  bool mine = x.user_id == caller.user->id.value;
  bool partners = partner && partner->user_id == caller.user->id.value;
  if (!mine && !partners) return NotFound("no such staff exchange of yours");
  if (x.status == ExchangeStatus::kOpen) return FailedPrecondition("the exchange has no match yet");
  std::optional<std::int64_t> community = x.community_id;
  if (!community && partner) community = partner->community_id;
  if (!community) {
    COBUY_ASSIGN_OR_RETURN(auto memberships, store_.MembershipsOf(caller.user->id.value));
    for (const Membership& m : memberships) {
      if (m.status == MemberStatus::kActive && m.role != MemberRole::kObserver) {
        community = m.community_id;
        break;
      }
    }
  }
  if (!community) return FailedPrecondition("the report is filed in a community library; join a community first");
  COBUY_ASSIGN_OR_RETURN(Workspace ws, Enter(caller, *community, Capability::kContribute));
  COBUY_ASSIGN_OR_RETURN(std::int64_t doc, Upload(ws, "Staff exchange report: " + x.topic, filename, bytes));
  for (StaffExchange* e : {&x, partner ? &*partner : nullptr}) {
    if (!e) continue;
    e->status = ExchangeStatus::kDone;
    e->report_document_id = doc;
    if (!e->community_id) e->community_id = community;
    COBUY_RETURN_IF_ERROR(store_.UpdateExchange(*e));
  }
  return Status::Ok();
}

// --- notifications ------------------------------------------------------------------------

namespace {

// The notification's title and body in the recipient's language. `kind` is what the person
// filters on; `code` says what happened; `subject` is the thread, event, community or topic,
// `who` the person who caused it.
std::pair<std::string, std::string> NotificationText(const std::string& kind, const std::string& code,
                                                     const std::string& lang, const std::string& subject,
                                                     const std::string& who) {
  bool de = lang == "de", fr = lang == "fr";
  if (kind == "mention") {
    if (de) return {fmt::format("{} hat Sie erwähnt", who), fmt::format("In „{}“", subject)};
    if (fr) return {fmt::format("{} vous a mentionné·e", who), fmt::format("Dans « {} »", subject)};
    return {fmt::format("{} mentioned you", who), fmt::format("In “{}”", subject)};
  }
  if (kind == "event_invitation") {
    if (de) return {fmt::format("Einladung: {}", subject), fmt::format("Von {}", who)};
    if (fr) return {fmt::format("Invitation : {}", subject), fmt::format("De la part de {}", who)};
    return {fmt::format("Invitation: {}", subject), fmt::format("From {}", who)};
  }
  if (kind == "health") {
    if (de) return {fmt::format("{} braucht Aufmerksamkeit", subject), who};
    if (fr) return {fmt::format("{} a besoin d'attention", subject), who};
    return {fmt::format("{} needs attention", subject), who};
  }
  if (code == "invited") {
    if (de) return {fmt::format("Einladung in {}", subject), fmt::format("{} lädt Sie ein, beizutreten", who)};
    if (fr) return {fmt::format("Invitation à rejoindre {}", subject), fmt::format("{} vous invite à rejoindre", who)};
    return {fmt::format("Invitation to join {}", subject), fmt::format("{} invites you to join", who)};
  }
  if (code == "requested") {
    if (de) return {fmt::format("Beitrittsanfrage für {}", subject), fmt::format("{} möchte beitreten", who)};
    if (fr) return {fmt::format("Demande d'adhésion à {}", subject), fmt::format("{} demande à rejoindre", who)};
    return {fmt::format("Request to join {}", subject), fmt::format("{} asks to join", who)};
  }
  if (code == "matched") {
    if (de) return {fmt::format("Personalaustausch: {}", subject), fmt::format("{} hat Ihren Eintrag gewählt", who)};
    if (fr) return {fmt::format("Échange de personnel : {}", subject), fmt::format("{} a choisi votre annonce", who)};
    return {fmt::format("Staff exchange: {}", subject), fmt::format("{} matched your entry", who)};
  }
  // approved
  if (de) return {fmt::format("Willkommen in {}", subject), "Sie sind jetzt Mitglied"};
  if (fr) return {fmt::format("Bienvenue dans {}", subject), "Vous êtes maintenant membre"};
  return {fmt::format("Welcome to {}", subject), "You are now a member"};
}

}  // namespace

Status Communities::Notify(const std::vector<std::int64_t>& users, const std::string& kind, const std::string& code,
                           const std::string& subject, const std::string& who, const std::string& link) {
  std::vector<Notification> out;
  for (std::int64_t id : users) {
    COBUY_ASSIGN_OR_RETURN(NotificationPreferences prefs, store_.GetPreferences(id));
    if (std::find(prefs.in_app.begin(), prefs.in_app.end(), kind) == prefs.in_app.end()) continue;
    auto user = accounts_.GetUser(UserId(id));
    if (!user.ok()) continue;
    auto [title, body] = NotificationText(kind, code, Lang(user->language), subject, who);
    out.push_back({0, id, kind, title, body, link, clock_.Now(), false});
  }
  return store_.AddNotifications(out);
}

Result<int> Communities::SendDigests(const std::string& base_url) {
  COBUY_ASSIGN_OR_RETURN(auto pending, store_.PendingDigests());
  int sent = 0;
  for (const PendingDigest& d : pending) {
    auto mail = ComposeDigest(d.user, d.notifications, base_url, clock_.Now());
    if (!mail) continue;
    COBUY_RETURN_IF_ERROR(store_.RecordDigest(d.user.id.value, d.notifications.front().id, *mail));
    ++sent;
  }
  return sent;
}

}  // namespace cobuy::community
