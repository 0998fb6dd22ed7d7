// The demo's shared pipeline (docs/MARKET.md): planned procurements of the demo buyers, dated
// from `now` so that they fall in the next twelve months, chosen so that the opportunities
// page shows groups (electric refuse trucks in Vienna, Munich, Milan and Lyon; laptops in
// Utrecht, Barcelona and Copenhagen; heat pumps in Helsinki, Stockholm and Oslo, in their own
// currencies) and one that must not group (Camden, outside the EU, EEA and EFTA).
#include <fmt/format.h>

#include "core/clock.h"
#include "demo/demo.h"
#include "market/market.h"

namespace cobuy {
namespace {

struct DemoEntry {
  const char* email;
  const char* title;
  const char* description;
  const char* cpv;
  double amount;
  const char* currency;
  int months_ahead;  // planned tender date, from today
  int duration_months;
  const char* region;
  bool open;
};

constexpr DemoEntry kEntries[] = {
    {"admin@wien.example", "Elektrische Müllsammelfahrzeuge 2027",
     "24 batterieelektrische Abfallsammelfahrzeuge mit Wartung, Lieferung ab 2028.", "34144511-3", 9600000, "EUR", 3,
     96, "AT130", true},
    {"buyer@muenchen.example", "Abfallsammelfahrzeuge mit Elektroantrieb",
     "16 elektrische Abfallsammelfahrzeuge für den Abfallwirtschaftsbetrieb.", "34144511-3", 6400000, "EUR", 5, 84,
     "DE212", true},
    {"buyer@milano.example", "Veicoli elettrici per la raccolta dei rifiuti",
     "Fornitura di 12 compattatori elettrici con manutenzione full service.", "34144511-3", 5100000, "EUR", 6, 72,
     "ITC4C", true},
    {"buyer@lyon.example", "Bennes à ordures ménagères électriques", "10 bennes électriques et leur maintenance.",
     "34144511-3", 4300000, "EUR", 4, 72, "FRK26", false},
    {"buyer@utrecht.example", "Laptops voor medewerkers", "4.000 laptops met beheer, levering in drie jaar.",
     "30213100-6", 4800000, "EUR", 2, 36, "NL310", true},
    {"buyer@barcelona.example", "Ordenadores portátiles municipales", "2.500 portátiles con garantía de cinco años.",
     "30213100-6", 2900000, "EUR", 7, 48, "ES511", true},
    {"buyer@kk.example", "Bærbare computere til kommunens skoler", "6.000 bærbare computere til folkeskolerne.",
     "30213100-6", 41000000, "DKK", 4, 36, "DK011", true},
    {"buyer@hel.example", "Suuret lämpöpumput kaukolämpöön", "Kaksi suurta lämpöpumppua jätevesilämmön talteenottoon.",
     "42511110-5", 14000000, "EUR", 8, 180, "FI1B1", true},
    {"buyer@regionstockholm.example", "Värmepumpar för sjukhusfastigheter", "Bergvärme för tre sjukhus.", "42511110-5",
     98000000, "SEK", 9, 180, "SE110", true},
    {"buyer@oslo.example", "Varmepumper for kommunale bygg", "Luft-vann varmepumper for 40 skoler.", "42511110-5",
     75000000, "NOK", 10, 180, "NO081", true},
    {"buyer@camden.example", "Housing management system", "A replacement housing management system for council homes.",
     "48000000-8", 3500000, "GBP", 6, 84, "", true},
};

}  // namespace

Result<int> LoadDemoPipeline(Store& store, MarketStore& market_store, market::Market& market, UnixSeconds now) {
  PipelineFilter mine;
  mine.source = "cobuy";
  COBUY_ASSIGN_OR_RETURN(auto existing, market_store.ListEntries(mine));
  if (!existing.empty()) return 0;
  const int today = *DayNumber(FormatDay(now));
  int created = 0;
  std::int64_t wien_entry = 0;
  for (const DemoEntry& d : kEntries) {
    COBUY_ASSIGN_OR_RETURN(User user, store.FindUserByEmail(d.email));
    const int planned = AddMonths(today, d.months_ahead);
    nlohmann::json body = {{"title", d.title},
                           {"description", d.description},
                           {"cpv", d.cpv},
                           {"estimated_value", {{"amount", d.amount}, {"currency", d.currency}}},
                           {"planned_tender_date", DayString(planned)},
                           {"contract_start", DayString(AddMonths(planned, 6))},
                           {"duration_months", d.duration_months},
                           {"region", d.region},
                           {"open_to_collaboration", d.open},
                           {"contact_name", user.name},
                           {"contact_email", user.email}};
    COBUY_ASSIGN_OR_RETURN(nlohmann::json entry, market.CreateEntry(user, body));
    if (std::string_view(d.email) == "admin@wien.example") wien_entry = entry["id"].get<std::int64_t>();
    ++created;
  }
  // Vienna reports its status once; Munich watches and says it is interested.
  COBUY_ASSIGN_OR_RETURN(User munich, store.FindUserByEmail("buyer@muenchen.example"));
  COBUY_RETURN_IF_ERROR(
      market.SetInterest(munich, wien_entry, "Wir planen zur gleichen Zeit – gemeinsame Markterkundung?").status());
  COBUY_ASSIGN_OR_RETURN(User wien, store.FindUserByEmail("admin@wien.example"));
  COBUY_RETURN_IF_ERROR(market.UpdateEntry(wien, wien_entry, {{"status", "preparing"}}).status());
  return created;
}

}  // namespace cobuy
