// Shared test data for the community pages (docs/COMMUNITIES.md shapes).
import type { Assessment, AssessmentResponse, Community, Formation, Me } from '../api';

export function person(overrides: Partial<Me> = {}): Me {
  return {
    id: 3,
    email: 'buyer@utrecht.example',
    name: 'Daan Bakker',
    role: 'buyer',
    status: 'active',
    language: 'en',
    csrf_token: 'tok',
    organisation: { id: 2, name: 'Gemeente Utrecht', type: 'municipality', country: 'NL', nuts: 'NL350', eligible: true },
    ...overrides,
  };
}

export function community(overrides: Partial<Community> = {}): Community {
  return {
    id: 7,
    name: 'Zero-emission refuse trucks',
    kind: 'working_group',
    openness: 'open',
    aim: 'Buy zero-emission refuse trucks together.',
    entry_requirements: '',
    topic: 'refuse trucks',
    created_at: '2026-01-10T09:00:00Z',
    member_count: 2,
    member_organisations: [
      { id: 1, name: 'Ville de Lyon', country: 'FR' },
      { id: 2, name: 'Gemeente Utrecht', country: 'NL' },
    ],
    published_outputs: [],
    my: null,
    can: { view_workspace: false, contribute: false, plan: false, manage: false },
    ...overrides,
  };
}

export const MEMBER_CAN = { view_workspace: true, contribute: true, plan: false, manage: false };
export const LEADER_CAN = { view_workspace: true, contribute: true, plan: true, manage: true };

export const members = [
  {
    user_id: 5,
    name: 'Lucas Bernard',
    organisation: { id: 1, name: 'Ville de Lyon', country: 'FR' },
    role: 'leader',
    status: 'active',
    joined_at: '2026-01-10T09:00:00Z',
    note: null,
  },
  {
    user_id: 3,
    name: 'Daan Bakker',
    organisation: { id: 2, name: 'Gemeente Utrecht', country: 'NL' },
    role: 'member',
    status: 'active',
    joined_at: '2026-01-12T09:00:00Z',
    note: null,
  },
];

// Step 5: needs assessments (docs/ASSESSMENTS.md shapes).
export const COMMITMENT_NOTE = 'Answering commits nobody: your organisation commits only when it formally joins a working group.';

export function assessment(overrides: Partial<Assessment> = {}): Assessment {
  return {
    id: 4,
    title: 'Clean vehicles 2027',
    description: 'What will you buy in the next 18 months?',
    months_ahead: 18,
    opens_on: '2026-03-01',
    closes_on: '2026-03-31',
    status: 'open',
    areas: [
      { id: 11, key: 'ev-trucks', name: 'Electric refuse trucks', description: 'Refuse collection vehicles', cpv: ['34144511'] },
      { id: 12, key: 'e-buses', name: 'Electric buses', description: '', cpv: ['34144910'] },
    ],
    invited: 3,
    started: 1,
    submitted: 1,
    created_at: '2026-02-20T09:00:00Z',
    ...overrides,
  };
}

export function response(overrides: Partial<AssessmentResponse> = {}): AssessmentResponse {
  return {
    organisation: { id: 2, name: 'Gemeente Utrecht', country: 'NL' },
    status: 'started',
    observer_only: false,
    challenges: '',
    areas: [],
    updated_at: '2026-03-02T10:00:00Z',
    updated_by: { id: 3, name: 'Daan Bakker' },
    submitted_at: null,
    ...overrides,
  };
}

export function formation(overrides: Partial<Formation> = {}): Formation {
  return {
    id: 9,
    created_at: '2026-04-02T10:00:00Z',
    parameters: { max_open_areas: 1, min_size: 2, max_size: 10, require_lead: true },
    organisations: {
      'org-1': { id: 1, name: 'Ville de Lyon' },
      'org-2': { id: 2, name: 'Gemeente Utrecht' },
      'org-5': { id: 5, name: 'Comune di Milano' },
    },
    result: {
      status: 'optimal',
      objective: 8,
      gap: 0,
      seconds: 0.02,
      groups: { 'ev-trucks': ['org-1', 'org-2', 'org-5'] },
      explanation: {
        binding: [{ constraint: 'max_open_areas', detail: 'At most 1 area may be open.' }],
        organisations: {
          'org-1': [
            { area: 'ev-trucks', in: true, code: 'member', reason: 'Interest 3 in ev-trucks; placed in the group.' },
            { area: 'e-buses', in: false, code: 'area_closed', reason: 'The area e-buses is not open.' },
          ],
          'org-2': [{ area: 'ev-trucks', in: true, code: 'member', reason: 'Interest 3 in ev-trucks; placed in the group.' }],
          'org-5': [{ area: 'ev-trucks', in: true, code: 'member', reason: 'Interest 2 in ev-trucks; placed in the group.' }],
        },
        areas: {
          'ev-trucks': { open: true, code: 'open', reason: 'Opened: 3 interested organisations.' },
          'e-buses': { open: false, code: 'max_open_areas', reason: 'Not opened: at most 1 area may be open.' },
        },
      },
    },
    ...overrides,
  };
}
