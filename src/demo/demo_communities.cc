// The demo's communities, modelled on the seed documents' topics (Big Buyers Working
// Together's working groups, Procura+ interest groups, BUILD staff exchanges), with a year of
// events, documents, outputs and discussions so that the dashboard shows real-looking figures.
// Dates are offsets from the time of loading: the past year is held, a few events lie ahead.
#include <fmt/format.h>

#include <array>
#include <map>

#include "community/communities.h"
#include "demo/demo.h"

namespace cobuy {
namespace {

struct DemoEvent {
  EventKind kind;
  const char* title;
  int days_from_now;                   // negative: held
  int hours;                           // length
  const char* place;                   // empty: online
  std::vector<const char*> attendees;  // e-mails; market actors among them are guests
};

struct DemoDocument {
  const char* title;
  const char* filename;
  const char* text;
};

struct DemoOutput {
  OutputKind kind;
  const char* title;
  const char* summary;
  bool published;
  std::vector<const char*> signatories;  // organisation names
};

struct DemoCommunity {
  const char* name;
  CommunityKind kind;
  Openness openness;
  const char* aim;
  const char* entry_requirements;
  const char* topic;
  const char* leader;
  std::vector<std::pair<const char*, MemberRole>> members;
  std::vector<DemoEvent> events;
  std::vector<DemoDocument> documents;
  std::vector<DemoOutput> outputs;
  std::vector<std::pair<const char*, std::vector<std::pair<const char*, const char*>>>>
      threads;  // title, (author, body)
};

const std::vector<DemoCommunity>& Communities() {
  using K = EventKind;
  static const std::vector<DemoCommunity> list = {
      {"Electric heavy-duty vehicles for waste collection",
       CommunityKind::kWorkingGroup,
       Openness::kClosed,
       "Buy zero-emission refuse-collection trucks together: a common statement of demand, joint market "
       "engagement with manufacturers, and aligned tender specifications for 2027 procurements.",
       "A planned procurement of heavy-duty vehicles within 24 months; commitment to attend the monthly meetings.",
       "34144511",
       "buyer@lyon.example",
       {{"admin@wien.example", MemberRole::kCore},
        {"buyer@muenchen.example", MemberRole::kCore},
        {"buyer@milano.example", MemberRole::kMember},
        {"buyer@barcelona.example", MemberRole::kMember},
        {"buyer@kk.example", MemberRole::kMember},
        {"buyer@oslo.example", MemberRole::kMember},
        {"observer@wien.example", MemberRole::kObserver}},
       {{K::kOnlineMeeting, "Kick-off: scope and ambitions", -330, 2, "", {}},
        {K::kOnlineMeeting, "Statement of demand: volumes and timing", -290, 2, "", {}},
        {K::kMarketEngagement,
         "Market engagement session with truck manufacturers",
         -250,
         3,
         "",
         {"sales@electra.example", "sales@nordic-etruck.example", "sales@fahrwerk.example"}},
        {K::kOnlineMeeting, "Charging infrastructure at depots", -210, 2, "", {}},
        {K::kFactoryVisit,
         "Factory visit: battery-electric chassis assembly",
         -170,
         6,
         "Electra plant, München",
         {"sales@electra.example"}},
        {K::kSiteVisit, "Site visit: Oslo's electric refuse fleet in operation", -130, 5, "Haraldrud depot, Oslo", {}},
        {K::kPitchingSession,
         "Producers' pitching session",
         -95,
         3,
         "",
         {"sales@nordic-etruck.example", "sales@fahrwerk.example"}},
        {K::kOnlineMeeting, "Draft tender specifications", -60, 2, "", {}},
        {K::kOnlineMeeting, "Award criteria and total cost of ownership", -20, 2, "", {}},
        {K::kOnlineMeeting, "Final specifications sign-off", 25, 2, "", {}}},
       {{"Statement of demand (draft)", "statement-of-demand.md",
         "# Statement of demand\n\n8 cities plan to buy 146 battery-electric refuse-collection vehicles "
         "between 2027 and 2029.\n"},
        {"Minutes of the market engagement session", "market-engagement-minutes.txt",
         "Manufacturers confirmed 26 t chassis with 250 kWh batteries can be delivered within 14 months.\n"}},
       {{OutputKind::kStatementOfDemand,
         "Joint statement of demand for electric refuse trucks",
         "146 vehicles across 8 cities, 2027–2029, with a shared set of minimum requirements.",
         true,
         {}},
        {OutputKind::kDeclarationOfIntent,
         "Declaration of intent to procure zero-emission refuse trucks",
         "The signatories intend to procure only zero-emission refuse-collection vehicles from 2027.",
         true,
         {"Ville de Lyon", "Stadt Wien", "Landeshauptstadt München", "Oslo kommune"}},
        {OutputKind::kJointTenderSpecification,
         "Joint tender specifications (working draft)",
         "Technical specifications and award criteria shared by the group.",
         false,
         {}}},
       {{"Battery sizes: what do your routes need?",
         {{"buyer@lyon.example", "Our longest route is 140 km with 900 lifts. Which battery sizes do you plan for?"},
          {"buyer@muenchen.example", "We specify 250 kWh minimum; winter range is the critical factor."},
          {"buyer@oslo.example", "Oslo runs 280 kWh trucks and has not needed opportunity charging."}}}}},
      {"Zero-emission construction sites",
       CommunityKind::kWorkingGroup,
       Openness::kClosed,
       "Make construction sites emission-free by asking for electric machinery in public works contracts.",
       "A city or region that tenders construction works; a named contact in its construction department.",
       "45000000",
       "buyer@oslo.example",
       {{"buyer@utrecht.example", MemberRole::kCore},
        {"buyer@kk.example", MemberRole::kMember},
        {"buyer@hel.example", MemberRole::kMember},
        {"buyer@regionstockholm.example", MemberRole::kMember}},
       {{K::kOnlineMeeting, "Kick-off: zero-emission machinery in works contracts", -300, 2, "", {}},
        {K::kIndustryMeeting,
         "Meeting with the Zero Emission Construction Alliance",
         -240,
         2,
         "",
         {"policy@zeca.example"}},
        {K::kSiteVisit, "Site visit: an emission-free street renewal", -200, 5, "Olav Vs gate, Oslo", {}},
        {K::kMarketEngagement,
         "Market dialogue with machinery suppliers",
         -150,
         3,
         "",
         {"policy@zeca.example", "sales@greenbuild.example"}},
        {K::kOnlineMeeting, "Criteria for electric excavators and wheel loaders", -90, 2, "", {}},
        {K::kOnlineMeeting, "Monitoring emissions on site", -30, 2, "", {}}},
       {{"Criteria for zero-emission machinery", "criteria.md",
         "# Criteria\n\n- Electric or hydrogen machinery for all equipment under 25 t.\n"}},
       {{OutputKind::kCriteriaSet,
         "Award criteria for zero-emission construction sites",
         "Minimum requirements and award criteria for machinery, transport and site power.",
         true,
         {}}},
       {}},
      {"Digital solutions in healthcare",
       CommunityKind::kWorkingGroup,
       Openness::kOpen,
       "Procure interoperable digital health solutions (remote monitoring, e-prescription) together.",
       "",
       "48000000",
       "buyer@aphp.example",
       {{"buyer@regionstockholm.example", MemberRole::kCore},
        {"buyer@milano.example", MemberRole::kMember},
        {"buyer@barcelona.example", MemberRole::kMember},
        {"buyer@hel.example", MemberRole::kMember}},
       {{K::kOnlineMeeting, "Kick-off: remote patient monitoring", -280, 2, "", {}},
        {K::kMarketEngagement, "Open market consultation on remote monitoring", -180, 3, "", {"sales@medtech.example"}},
        {K::kStudyVisit, "Study visit: Region Stockholm's virtual care", -120, 8, "Stockholm", {}},
        {K::kOnlineMeeting, "Interoperability requirements", -45, 2, "", {}},
        {K::kInPersonMeeting, "Workshop: data protection in joint procurement", 40, 6, "Paris", {}}},
       {{"Interoperability requirements (draft)", "interoperability.md",
         "# Interoperability\n\nHL7 FHIR R4 interfaces; EHDS-compliant data export.\n"}},
       {{OutputKind::kReport,
         "Market consultation report: remote patient monitoring",
         "What 6 suppliers said about interoperability, pricing models and data hosting.",
         true,
         {}}},
       {}},
      {"Circular asphalt",
       CommunityKind::kCommunityOfPractice,
       Openness::kOpen,
       "Share experience with recycled asphalt and low-temperature mixes in road maintenance contracts.",
       "",
       "45233000",
       "buyer@muenchen.example",
       {{"buyer@utrecht.example", MemberRole::kMember},
        {"buyer@kk.example", MemberRole::kMember},
        {"buyer@hel.example", MemberRole::kMember}},
       {{K::kOnlineMeeting, "Recycled content: what is realistic?", -260, 2, "", {}},
        {K::kSiteVisit, "Site visit: a 70 % recycled-asphalt road", -160, 4, "Utrecht", {}},
        {K::kOnlineMeeting, "Testing and quality assurance", -70, 2, "", {}}},
       {{"Asphalt recycling rates by member", "recycling-rates.csv",
         "city,recycled_share\nMünchen,0.45\nUtrecht,0.70\nKøbenhavn,0.50\nHelsinki,0.40\n"}},
       {},
       {}},
      {"Socially responsible ICT",
       CommunityKind::kInterestGroup,
       Openness::kOpen,
       "A Procura+ interest group on labour rights in ICT supply chains and how to verify them.",
       "",
       "30200000",
       "admin@ski.example",
       {{"buyer@regionstockholm.example", MemberRole::kMember},
        {"buyer@camden.example", MemberRole::kMember},
        {"buyer@kk.example", MemberRole::kMember}},
       {{K::kOnlineMeeting, "Supply-chain monitoring options", -200, 2, "", {}},
        {K::kOnlineMeeting, "Contract clauses for labour rights", -100, 2, "", {}},
        {K::kMarketEngagement, "Dialogue with ICT resellers", -40, 2, "", {"sales@fairware.example"}}},
       {},
       {{OutputKind::kCriteriaSet,
         "Contract clauses for socially responsible ICT",
         "Model clauses on supply-chain transparency and remediation.",
         true,
         {}}},
       {}},
      {"Life-cycle costing (LCC)",
       CommunityKind::kInterestGroup,
       Openness::kOpen,
       "A Procura+ interest group on life-cycle costing tools in tender evaluation.",
       "",
       "",
       "buyer@barcelona.example",
       {{"buyer@milano.example", MemberRole::kMember}},
       {{K::kOnlineMeeting, "LCC tools compared", -150, 2, "", {}}},
       {},
       {},
       {}},
  };
  return list;
}

// Companies that take part in the demo's market engagement (invented).
struct DemoCompany {
  const char* name;
  const char* country;
  const char* nuts;
  const char* email;
  const char* person;
};

const std::vector<DemoCompany>& Companies() {
  static const std::vector<DemoCompany> list = {
      {"Nordic E-Truck AB", "SE", "SE110", "sales@nordic-etruck.example", "Sara Holm"},
      {"Fahrwerk Elektro GmbH", "AT", "AT130", "sales@fahrwerk.example", "Paul Steiner"},
      {"GreenBuild Machinery Oy", "FI", "FI1B1", "sales@greenbuild.example", "Mikko Laine"},
      {"MedTech Solutions Srl", "IT", "ITC4C", "sales@medtech.example", "Sofia Conti"},
      {"Fairware ICT eG", "DE", "DE212", "sales@fairware.example", "Lukas Braun"},
  };
  return list;
}

std::string MediaType(std::string_view filename) {
  if (filename.ends_with(".csv")) return "text/csv; charset=utf-8";
  if (filename.ends_with(".md")) return "text/markdown; charset=utf-8";
  return "text/plain; charset=utf-8";
}

}  // namespace

Result<int> LoadDemoCommunities(Store& store, Accounts& accounts, CommunityStore& communities, UnixSeconds now) {
  for (const DemoCompany& c : Companies()) {
    if (!store.FindOrganisationByName(c.name).ok()) {
      NewOrganisation in{c.name, "supplier", c.country, c.nuts, {}, std::nullopt};
      COBUY_RETURN_IF_ERROR(accounts.CreateOrganisation(nullptr, in).status());
    }
    if (!store.FindUserByEmail(c.email).ok()) {
      COBUY_ASSIGN_OR_RETURN(Organisation org, store.FindOrganisationByName(c.name));
      COBUY_RETURN_IF_ERROR(accounts.AddUser(c.email, c.person, org.id, "market_actor", kDemoPassword).status());
    }
  }
  COBUY_ASSIGN_OR_RETURN(auto existing, communities.ListCommunities());
  std::map<std::string, std::int64_t> users;
  auto user = [&](const char* email) -> Result<std::int64_t> {
    if (auto it = users.find(email); it != users.end()) return it->second;
    COBUY_ASSIGN_OR_RETURN(User u, store.FindUserByEmail(email));
    users[email] = u.id.value;
    return u.id.value;
  };
  UnixSeconds today = now - now % kSecondsPerDay;
  int created = 0;
  for (const DemoCommunity& d : Communities()) {
    bool found = false;
    for (const Community& c : existing) found |= c.name == d.name;
    if (found) continue;
    COBUY_ASSIGN_OR_RETURN(std::int64_t leader, user(d.leader));
    Community c;
    c.name = d.name;
    c.kind = d.kind;
    c.openness = d.openness;
    c.aim = d.aim;
    c.entry_requirements = d.entry_requirements;
    c.topic = d.topic;
    c.created_by = leader;
    UnixSeconds founded = today - 365 * kSecondsPerDay;
    COBUY_ASSIGN_OR_RETURN(std::int64_t id, communities.CreateCommunity(c, leader, founded));
    ++created;
    std::vector<std::int64_t> member_ids = {leader};
    for (const auto& [email, role] : d.members) {
      COBUY_ASSIGN_OR_RETURN(std::int64_t m, user(email));
      COBUY_RETURN_IF_ERROR(communities.PutMember(id, m, role, MemberStatus::kActive, "", founded + kSecondsPerDay));
      if (role != MemberRole::kObserver) member_ids.push_back(m);
    }
    for (const DemoEvent& de : d.events) {
      Event e;
      e.community_id = id;
      e.kind = de.kind;
      e.title = de.title;
      e.agenda = "1. Welcome and news from the members\n2. " + std::string(de.title) + "\n3. Next steps";
      e.starts_at = today + de.days_from_now * kSecondsPerDay + 9 * 3600;
      e.ends_at = e.starts_at + de.hours * 3600;
      e.time_zone = "Europe/Brussels";
      e.place = de.place;
      if (e.place.empty()) e.online_url = fmt::format("https://meet.cobuy.example/c{}-{}", id, -de.days_from_now);
      e.created_at = std::min(e.starts_at - 30 * kSecondsPerDay, now);
      COBUY_ASSIGN_OR_RETURN(std::int64_t eid, communities.CreateEvent(e, leader));
      std::vector<std::int64_t> attended;
      for (std::int64_t m : member_ids) {
        COBUY_RETURN_IF_ERROR(communities.SetRegistered(eid, m, true));
        attended.push_back(m);
      }
      for (const char* guest : de.attendees) {
        COBUY_ASSIGN_OR_RETURN(std::int64_t g, user(guest));
        COBUY_RETURN_IF_ERROR(communities.InviteToEvent(eid, g, true));
        COBUY_RETURN_IF_ERROR(communities.SetRegistered(eid, g, true));
        attended.push_back(g);
      }
      if (de.days_from_now < 0) {
        COBUY_RETURN_IF_ERROR(communities.SetAttendance(eid, attended));
        e.id = eid;
        e.minutes = fmt::format("{} people attended. Actions are in the work plan.", attended.size());
        COBUY_RETURN_IF_ERROR(communities.UpdateEvent(e, e.ends_at));
      }
    }
    std::map<std::string, std::int64_t> docs;
    for (const DemoDocument& doc : d.documents) {
      DocumentVersion v;
      v.filename = doc.filename;
      v.media_type = MediaType(doc.filename);
      v.size = static_cast<std::int64_t>(std::string_view(doc.text).size());
      v.sha256 = community::Sha256Hex(doc.text);
      v.uploaded_by = leader;
      v.uploaded_at = today - 60 * kSecondsPerDay;
      COBUY_ASSIGN_OR_RETURN(docs[doc.title], communities.AddDocument(id, doc.title, v, doc.text));
    }
    for (const DemoOutput& o : d.outputs) {
      Output out;
      out.community_id = id;
      out.kind = o.kind;
      out.title = o.title;
      out.summary = o.summary;
      out.published = o.published;
      out.created_at = today - 40 * kSecondsPerDay;
      if (o.published) out.published_at = today - 30 * kSecondsPerDay;
      COBUY_ASSIGN_OR_RETURN(std::int64_t oid, communities.AddOutput(out));
      for (const char* org_name : o.signatories) {
        COBUY_ASSIGN_OR_RETURN(Organisation org, store.FindOrganisationByName(org_name));
        COBUY_RETURN_IF_ERROR(communities.AddSignatory(oid, org.id.value, today - 25 * kSecondsPerDay));
      }
    }
    for (const auto& [title, posts] : d.threads) {
      UnixSeconds at = today - 15 * kSecondsPerDay;
      COBUY_ASSIGN_OR_RETURN(std::int64_t author, user(posts.front().first));
      COBUY_ASSIGN_OR_RETURN(std::int64_t tid,
                             communities.CreateThread(id, title, author, posts.front().second, {}, at));
      for (size_t i = 1; i < posts.size(); ++i) {
        COBUY_ASSIGN_OR_RETURN(std::int64_t a, user(posts[i].first));
        COBUY_RETURN_IF_ERROR(
            communities.AddPost(tid, a, posts[i].second, {}, at + static_cast<UnixSeconds>(i) * 3600).status());
      }
    }
    // A work plan: objectives and activities spread over the year.
    COBUY_ASSIGN_OR_RETURN(
        std::int64_t objective,
        communities.AddObjective(id, {0, fmt::format("Deliver the group's aim: {}", d.name), Ambition::kHigh}));
    const std::array<std::pair<const char*, int>, 3> steps = {
        {{"Agree the scope", -300}, {"Engage the market", -120}, {"Publish the results", 60}}};
    for (const auto& [title, offset] : steps) {
      Activity a;
      a.objective_id = objective;
      a.title = title;
      a.owner_id = leader;
      a.due = FormatDay(today + offset * kSecondsPerDay);
      a.status = offset < 0 ? ActivityStatus::kDone : ActivityStatus::kPlanned;
      COBUY_RETURN_IF_ERROR(communities.AddActivity(id, a).status());
    }
  }
  // A BUILD staff exchange: an offer to host and a request to visit that match.
  COBUY_ASSIGN_OR_RETURN(auto exchanges, communities.ListExchanges());
  if (exchanges.empty()) {
    StaffExchange offer;
    offer.kind = ExchangeKind::kOffer;
    COBUY_ASSIGN_OR_RETURN(offer.user_id, user("buyer@oslo.example"));
    offer.topic = "Zero-emission construction sites";
    offer.description =
        "Two days with Oslo's construction procurement team: electric machinery requirements and site monitoring.";
    offer.starts_on = FormatDay(today + 30 * kSecondsPerDay);
    offer.ends_on = FormatDay(today + 90 * kSecondsPerDay);
    offer.created_at = today - 10 * kSecondsPerDay;
    COBUY_RETURN_IF_ERROR(communities.CreateExchange(offer).status());
    StaffExchange request;
    request.kind = ExchangeKind::kRequest;
    COBUY_ASSIGN_OR_RETURN(request.user_id, user("buyer@hel.example"));
    request.topic = "Electric machinery on construction sites";
    request.description = "Learn how to require zero-emission construction machinery in works contracts.";
    request.starts_on = FormatDay(today + 45 * kSecondsPerDay);
    request.ends_on = FormatDay(today + 60 * kSecondsPerDay);
    request.created_at = today - 5 * kSecondsPerDay;
    COBUY_RETURN_IF_ERROR(communities.CreateExchange(request).status());
  }
  return created;
}

}  // namespace cobuy
