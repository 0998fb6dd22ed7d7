// The SQL that derives the market tables (Step 6) from the register's projection. Migration 7
// fills them for every process once; SaveProcesses refreshes one process's rows in the same
// transaction as its projection. One text for both, so the two can never disagree; a change
// to either text is therefore a schema change: it needs a new migration that refills the tables.
#pragma once

// market_facts: what opportunity detection, concentration and early warnings read of a
// process, without its compiled release (which makes processes rows large to scan).
#define COBUY_MARKET_FACTS_INSERT                                                                             \
  "INSERT OR REPLACE INTO market_facts(ocid, buyer_org, country, cpv, method, tags, status, tender_start, "   \
  "tender_end, contract_end, value_eur, is_framework, open_to_others, tenderers, suppliers) "                 \
  "SELECT p.ocid, p.buyer_org, p.country, p.main_cpv, p.procurement_method, p.tags, p.status, "               \
  "p.tender_start, p.tender_end, p.contract_end, coalesce(p.awarded_eur, p.contracted_eur, p.value_eur), "    \
  "p.is_framework, (p.is_cpb OR p.is_dps OR p.buyer_categories <> ''), "                                      \
  "CASE json_type(p.compiled, '$.tender.numberOfTenderers') WHEN 'integer' "                                  \
  "THEN json_extract(p.compiled, '$.tender.numberOfTenderers') END, "                                         \
  "coalesce((SELECT group_concat(k, char(10)) FROM (SELECT DISTINCT coalesce('#' || s.register_org, s.name) " \
  "AS k FROM process_suppliers s WHERE s.ocid = p.ocid ORDER BY k)), '') FROM processes p "

// market_prices: the unit prices paid (a process's contract items when any is priced, else
// its award items), in EUR as ingest converted them.
#define COBUY_MARKET_PRICES_INSERT                                                                     \
  "INSERT OR REPLACE INTO market_prices(ocid, source, parent_id, position, cpv, unit_id, unit_name, "  \
  "quantity, price_eur) SELECT i.ocid, i.source, i.parent_id, i.position, i.cpv, i.unit_id, "          \
  "i.unit_name, i.quantity, i.unit_price_eur FROM process_items i WHERE i.unit_price_eur IS NOT NULL " \
  "AND i.unit_price_eur > 0 AND i.cpv <> '' AND i.source = CASE WHEN EXISTS (SELECT 1 FROM "           \
  "process_items c WHERE c.ocid = i.ocid AND c.source = 'contract' AND c.unit_price_eur IS NOT NULL) " \
  "THEN 'contract' ELSE 'award' END "
