// axe-core over every new page and workspace tab in jsdom (colour contrast needs a real browser:
// tests/e2e/community.test.mjs checks that). Fixtures are minimal but cover each section.
import { cleanup, render, screen } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../i18n';
import { CommunityPage } from '../pages/community/Community';
import { CommunitiesPage } from '../pages/Communities';
import { DashboardPage } from '../pages/Dashboard';
import { ExchangesPage } from '../pages/Exchanges';
import { NotificationSettings } from '../pages/NotificationSettings';
import type { CommunityTab } from '../router';
import { SessionContext } from '../session';
import type { Me } from '../api';
import { AssessmentPage } from '../pages/assessment/Assessment';
import { AssessmentsPage } from '../pages/Assessments';
import { assessment, COMMITMENT_NOTE, community, formation, LEADER_CAN, members, person, response } from './fixtures';
import { json, mockFetch } from './helpers';

const ev = { id: 40, community_id: 7, kind: 'market_engagement', title: 'Meet', agenda: 'A', starts_at: '2026-03-12T10:00', ends_at: '2026-03-12T12:30', time_zone: 'Europe/Brussels', starts_at_utc: '2026-03-12T09:00:00Z', ends_at_utc: '2026-03-12T11:30:00Z', place: 'Lyon', online_url: '', status: 'scheduled', minutes: '', created_at: '2026-02-01T09:00:00Z', invited: [{ id: 21, name: 'Felix', organisation: 'Electra', guest: true }], registered: [{ id: 21, name: 'Felix', organisation: 'Electra', attended: false }], me: { invited: false, registered: false, attended: false } };
const zero = { communities: 1, member_organisations: 2, combined_budget_eur: 5, meetings: { online_meeting: 2 }, meetings_total: 2, online_meetings: 2, market_engagement_sessions: 0, companies_engaged: 0, site_visits: 0, factory_visits: 0, study_visits: 0, documents_shared: 0, posts: 0 };
const doc = { id: 30, title: 'Minutes', created_at: '2026-02-05T09:00:00Z', created_by: { id: 3, name: 'D' }, versions: [{ version: 1, filename: 'n.txt', media_type: 'text/plain', size: 3, sha256: 'abcdefabcdefabcdef', uploaded_at: '2026-02-05T09:00:00Z', uploaded_by: { id: 3, name: 'D' } }] };
const post = { id: 50, author: { id: 5, name: 'L', organisation: 'Lyon' }, body: 'x', created_at: '2026-02-01T09:00:00Z', edited_at: null, versions: 1, hidden: false, hidden_reason: null, mentions: [] };
const thread = { id: 5, title: 'T', author: { id: 5, name: 'L' }, created_at: '2026-02-01T09:00:00Z', last_post_at: '2026-02-01T09:00:00Z', posts: 1 };
const ex = { id: 3, kind: 'request', person: { id: 3, name: 'D' }, organisation: { id: 2, name: 'U', country: 'NL' }, topic: 'Topic', description: 'd', starts_on: '2026-05-04', ends_on: '2026-05-08', status: 'open', matched_with: null, community_id: null, report_document_id: null, created_at: '2026-02-01T09:00:00Z' };

function routes(url: string) {
  const u = url.split('?')[0];
  if (u === '/api/v1/assessments') return json(200, { items: [assessment()] });
  if (u === '/api/v1/assessments/4') {
    const planned = [{ cpv: '34144511', estimated_value_eur: 1000, timing: '2026-09', description: 'x' }];
    return json(200, { ...assessment(), commitment_note: COMMITMENT_NOTE, my_response: response({ areas: [{ area_id: 11, interest: 2, role: 'lead', planned }] }) });
  }
  if (u === '/api/v1/assessments/4/progress') return json(200, { items: [{ organisation: { id: 1, name: 'Lyon', country: 'FR' }, status: 'submitted', updated_at: '2026-03-03T09:00:00Z' }] });
  if (u === '/api/v1/assessments/4/analysis') return json(200, { respondents: 1, observer_only: 0, areas: [{ area_id: 11, key: 'ev-trucks', name: 'Electric refuse trucks', interested: 1, by_interest: { '3': 1 }, leads: 1, planned_value_eur: 5, planned: 1, countries: [{ code: 'FR', count: 1 }], challenges: ['c'] }] });
  if (u === '/api/v1/assessments/4/formations') return json(200, { items: [formation()] });
  if (u === '/api/v1/communities/7') return json(200, community({ my: { role: 'leader', status: 'active' }, can: LEADER_CAN }));
  if (u === '/api/v1/communities') return json(200, { items: [community()] });
  if (u.endsWith('/members')) return json(200, { items: [...members, { ...members[1], user_id: 9, name: 'R', status: 'requested', note: 'hi' }] });
  if (u.endsWith('/threads')) return json(200, { items: [thread] });
  if (u.endsWith('/threads/5')) return json(200, { ...thread, items: [post] });
  if (u.endsWith('/documents')) return json(200, { total: 1, offset: 0, limit: 20, items: [doc] });
  if (u.endsWith('/events')) return json(200, { items: [ev] });
  if (u.endsWith('/events/40')) return json(200, ev);
  if (u.endsWith('/work-plan')) return json(200, { objectives: [{ id: 1, title: 'O', ambition: 'high' }], activities: [{ id: 1, objective_id: 1, title: 'A', owner: null, due: '2026-04-01', status: 'planned' }] });
  if (u.endsWith('/outputs')) return json(200, { items: [{ id: 1, kind: 'declaration_of_intent', title: 'D', summary: 's', document_id: 30, published: false, published_at: null, created_at: '2026-01-01T00:00:00Z', signatories: [] }] });
  if (u.endsWith('/figures') && u.includes('communities')) return json(200, zero);
  if (u === '/api/v1/figures') return json(200, { platform: zero, communities: [{ ...zero, id: 7, name: 'C', kind: 'working_group' }], report: 'R' });
  if (u === '/api/v1/health') return json(200, { items: [] });
  if (u === '/api/v1/exchanges') return json(200, { items: [ex] });
  if (u === '/api/v1/me/notification-preferences') return json(200, { digest: 'daily', in_app: { mentions: true, events: true, membership: true, health: true } });
  return json(404, {});
}

async function check(name: string, node: React.ReactNode, me: Me = person({ id: 5, role: 'platform_admin' })) {
  mockFetch((c) => routes(c.url));
  render(<SessionContext.Provider value={{ me, setMe: vi.fn(), announce: vi.fn() }}><main>{node}</main></SessionContext.Provider>);
  await screen.findAllByRole('heading', { level: 2 });
  await new Promise((r) => setTimeout(r, 300));
  const r = await axe.run(document.body, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, rules: { 'color-contrast': { enabled: false }, region: { enabled: false }, 'page-has-heading-one': { enabled: false }, 'landmark-one-main': { enabled: false } } });
  const v = r.violations.map((x) => `${name}: ${x.id} ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  cleanup();
  return v;
}

describe('accessibility of the community pages (axe-core)', () => {
  afterEach(() => cleanup());
  it('finds no violation on any new page or tab', async () => {
    setLanguage('en');
    const out: string[] = [];
    const tabs: Array<[CommunityTab, number | null]> = [['overview', null], ['discussions', null], ['discussions', 5], ['documents', null], ['events', null], ['events', 40], ['work-plan', null], ['outputs', null], ['members', null], ['figures', null]];
    for (const [tab, sub] of tabs) out.push(...(await check(`${tab}/${sub}`, <CommunityPage id={7} tab={tab} sub={sub} />)));
    out.push(...(await check('list', <CommunitiesPage />)));
    out.push(...(await check('dash', <DashboardPage />)));
    out.push(...(await check('exchanges', <ExchangesPage />)));
    out.push(...(await check('prefs', <NotificationSettings />)));
    out.push(...(await check('assessments', <AssessmentsPage />)));
    out.push(...(await check('assessments (buyer)', <AssessmentsPage />, person())));
    out.push(...(await check('answer', <AssessmentPage id={4} tab="overview" />, person())));
    for (const tab of ['overview', 'progress', 'analysis', 'formation'] as const) {
      out.push(...(await check(`assessment ${tab}`, <AssessmentPage id={4} tab={tab} />)));
    }
    expect(out).toEqual([]);
  }, 60000);
});
