// Test data for the market pages (docs/MARKET.md shapes).
import type { Benchmark, Opportunity, PipelineEntry } from '../api';
import { person } from './fixtures';

export const lyonBuyer = person({
  id: 4,
  email: 'buyer@lyon.example',
  name: 'Lucas Bernard',
  organisation: { id: 3, name: 'Ville de Lyon', type: 'municipality', country: 'FR', nuts: 'FRK26', eligible: true },
});

export const utrechtBuyer = person();

export const marketActor = person({
  id: 21,
  email: 'sales@electra.example',
  name: 'Felix Wagner',
  role: 'market_actor',
  organisation: { id: 14, name: 'Electra Commercial Vehicles GmbH', type: 'supplier', country: 'DE', nuts: 'DE212', eligible: true },
});

export function entry(overrides: Partial<PipelineEntry> = {}): PipelineEntry {
  return {
    id: 7,
    source: 'cobuy',
    ocid: null,
    organisation: { id: 3, name: 'Ville de Lyon', country: 'FR' },
    buyer: { id: 'FR-SIRET-21690123100011', name: 'Ville de Lyon', country: 'FR' },
    title: 'Electric refuse collection vehicles',
    description: 'Twelve battery-electric refuse trucks for the northern districts.',
    cpv: '34144511-3',
    cpv_label: 'Refuse-collection vehicles',
    estimated_value: { amount: 4200000, currency: 'EUR' },
    value_eur: 4200000,
    planned_tender_date: '2027-03-01',
    contract_start: '2027-09-01',
    duration_months: 48,
    region: 'FRK26',
    open_to_collaboration: true,
    contact: { name: 'Claire Martin', email: 'claire.martin@lyon.example' },
    status: 'planned',
    status_changed_at: null,
    status_changed_by: null,
    interests: [],
    watchers: 0,
    watching: false,
    interested: false,
    editable: false,
    updated_at: '2026-11-20T09:00:00Z',
    ...overrides,
  };
}

export const milanoEntry = entry({
  id: 8,
  organisation: { id: 5, name: 'Comune di Milano', country: 'IT' },
  buyer: { id: 'cobuy-5', name: 'Comune di Milano', country: 'IT' },
  title: 'Street sweepers',
  cpv: '34144431-8',
  cpv_label: 'Suction sweepers',
  estimated_value: { amount: 1250000, currency: 'EUR' },
  value_eur: 1250000,
  planned_tender_date: '2027-04-15',
  open_to_collaboration: false,
  status: 'preparing',
});

export const organisations = [
  { id: 1, name: 'Cobuy Secretariat', type: 'other', country: 'BE', nuts: 'BE100', eligible: true },
  { id: 2, name: 'Gemeente Utrecht', type: 'municipality', country: 'NL', nuts: 'NL350', eligible: true },
  { id: 3, name: 'Ville de Lyon', type: 'municipality', country: 'FR', nuts: 'FRK26', eligible: true },
  { id: 5, name: 'Comune di Milano', type: 'municipality', country: 'IT', nuts: 'ITC4C', eligible: true },
  { id: 14, name: 'Electra Commercial Vehicles GmbH', type: 'supplier', country: 'DE', nuts: 'DE212', eligible: true },
];

export function opportunity(overrides: Partial<Opportunity> = {}): Opportunity {
  return {
    key: '3414',
    cpv: '34140000',
    cpv_label: 'Heavy-duty motor vehicles',
    buyers: [
      { id: 'FR-SIRET-21690123100011', name: 'Ville de Lyon', country: 'FR', organisation_id: 3 },
      { id: 'NL-KVK-30280353', name: 'Gemeente Utrecht', country: 'NL', organisation_id: 2 },
      { id: 'IT-CF-01199250158', name: 'Comune di Milano', country: 'IT', organisation_id: 5 },
    ],
    ocids: ['ocds-synth1-1-7', 'ocds-synth1-1-9'],
    contracts: [
      {
        ocid: 'ocds-synth1-1-7',
        title: 'Vuilniswagens',
        buyer_id: 'NL-KVK-30280353',
        end_date: '2027-04-30',
        value_eur: 1200000,
        suppliers: ['DE-HRB-99123'],
        is_framework: false,
      },
    ],
    pipeline: [
      {
        id: 7,
        title: 'Electric refuse collection vehicles',
        buyer_id: 'FR-SIRET-21690123100011',
        planned_tender_date: '2027-03-01',
        value_eur: 4200000,
        open_to_collaboration: true,
      },
    ],
    suppliers: [
      { id: 'DE-HRB-99123', name: 'Electra Commercial Vehicles GmbH', buyers: ['NL-KVK-30280353', 'IT-CF-01199250158'], shared: true },
      { id: 'FR-SIRET-1', name: 'Benne Lyonnaise SA', buyers: ['FR-SIRET-21690123100011'], shared: false },
    ],
    combined_value_eur: 5400000,
    timing: { from: '2027-03-01', to: '2027-04-30', span_days: 60 },
    score: 71.5,
    score_parts: { buyers: 15, value: 16.5, timing: 20, shared_suppliers: 10, pipeline: 10 },
    action: { code: 'joint_procurement', framework: null, reason: 'The needs of 3 buyers fall within 2 months of each other.' },
    mine: false,
    ...overrides,
  };
}

export function benchmark(overrides: Partial<Benchmark> = {}): Benchmark {
  return {
    cpv: '34144511-3',
    cpv_label: 'Refuse-collection vehicles',
    unit: 'H87',
    unit_name: 'piece',
    count: 24,
    buyers: 9,
    median_eur: 285000,
    q1_eur: 262000.5,
    q3_eur: 301000,
    min_eur: 240000,
    max_eur: 360000,
    outliers: 1,
    withheld: false,
    histogram: [
      { from: 240000, to: 270000, count: 8 },
      { from: 270000, to: 300000, count: 10 },
      { from: 300000, to: 360000, count: 6 },
    ],
    ...overrides,
  };
}

export const withheldBenchmark: Benchmark = {
  cpv: '34144512-0',
  cpv_label: 'Refuse-compaction vehicles',
  unit: 'H87',
  unit_name: 'piece',
  count: null,
  buyers: 3,
  median_eur: null,
  q1_eur: null,
  q3_eur: null,
  min_eur: null,
  max_eur: null,
  outliers: null,
  withheld: true,
  histogram: [],
};

export const forbidden = {
  type: 'https://cobuy.eu/problems/forbidden',
  title: 'Forbidden',
  status: 403,
  detail: 'market actors may not see what buyers plan and pay',
};
