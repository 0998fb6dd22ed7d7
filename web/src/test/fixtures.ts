// Shared test data for the community pages (docs/COMMUNITIES.md shapes).
import type { Community, Me } from '../api';

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
