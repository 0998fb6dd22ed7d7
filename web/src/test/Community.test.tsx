import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Community, Me } from '../api';
import { setLanguage } from '../i18n';
import { CommunityPage } from '../pages/community/Community';
import type { CommunityTab } from '../router';
import { SessionContext } from '../session';
import { community, MEMBER_CAN, members, person } from './fixtures';
import { clearCookie, json, mockFetch, setCookie, type Call } from './helpers';

function renderPage(me: Me | null, tab: CommunityTab = 'overview', sub: number | null = null) {
  const announce = vi.fn();
  const session = { me, setMe: vi.fn(), announce };
  const view = render(
    <SessionContext.Provider value={session}>
      <CommunityPage id={7} tab={tab} sub={sub} />
    </SessionContext.Provider>,
  );
  /** Shows another tab, as the app does when the URL changes. */
  const show = (nextTab: CommunityTab, nextSub: number | null = null) =>
    view.rerender(
      <SessionContext.Provider value={session}>
        <CommunityPage id={7} tab={nextTab} sub={nextSub} />
      </SessionContext.Provider>,
    );
  return { announce, show, ...view };
}

/** Answers GET /communities/7 with `states` in turn (the last one repeats), others by `routes`. */
function server(states: Community[], routes: Record<string, (call: Call) => Response> = {}) {
  let gets = 0;
  return mockFetch((call) => {
    const key = `${call.method} ${call.url.split('?')[0]}`;
    if (routes[key]) return routes[key](call);
    if (key === 'GET /api/v1/communities/7') return json(200, states[Math.min(gets++, states.length - 1)]);
    if (key === 'GET /api/v1/communities/7/members') return json(200, { items: members });
    return json(404, { status: 404, title: 'Not found' });
  });
}

describe('community page', () => {
  beforeEach(() => {
    setLanguage('en');
    setCookie('cobuy_csrf', 'tok-7');
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    window.history.replaceState(null, '', '/communities/7');
  });
  afterEach(() => {
    cleanup();
    clearCookie('cobuy_csrf');
  });

  it('shows the public page, and joining an open community makes one a member at once', async () => {
    const calls = server([community(), community({ my: { role: 'member', status: 'active' }, member_count: 3, can: MEMBER_CAN })], {
      'POST /api/v1/communities/7/join': () => json(200, { role: 'member', status: 'active' }),
    });
    const { announce } = renderPage(person());
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('Zero-emission refuse trucks');
    expect(screen.getByText('Working group · Open')).toBeTruthy();
    const facts = screen.getByTestId('community-facts');
    expect([...facts.querySelectorAll('div')].map((d) => `${d.querySelector('dt')!.textContent}: ${d.querySelector('dd')!.textContent}`)).toEqual([
      'Kind: Working group',
      'Joining: Open: eligible organisations join at once',
      'Topic: refuse trucks',
      'Active members: 2',
      'Started on: 10 January 2026',
    ]);
    expect(screen.getByText('Buy zero-emission refuse trucks together.')).toBeTruthy();
    expect(within(screen.getByTestId('member-organisations')).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Ville de Lyon',
      'Gemeente Utrecht',
    ]);
    expect(screen.queryByRole('navigation', { name: 'Workspace' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Join' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('You are now a member of “Zero-emission refuse trucks” (role: Member).'));
    const join = calls.find((c) => c.method === 'POST')!;
    expect(join.url).toBe('/api/v1/communities/7/join');
    expect(join.headers['x-csrf-token']).toBe('tok-7');
    expect(join.body).toEqual({});
    expect(await screen.findByText('You are a member of this community. Your role: Member.')).toBeTruthy();
    // now a member: the workspace's tabs appear
    const nav = await screen.findByRole('navigation', { name: 'Workspace' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Overview',
      'Discussions',
      'Documents',
      'Events',
      'Work plan',
      'Outputs',
      'Members',
      'Figures',
    ]);
    expect(within(nav).getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('link', { name: 'Documents' }).getAttribute('href')).toBe('/communities/7/documents');
  });

  it('shows a closed community’s entry requirements and sends the note with the request', async () => {
    const closed = community({ openness: 'closed', entry_requirements: 'Municipalities above 100,000 inhabitants.' });
    const calls = server([closed, { ...closed, my: { role: 'member', status: 'requested' } }], {
      'POST /api/v1/communities/7/join': () => json(200, { role: 'member', status: 'requested' }),
    });
    const { announce } = renderPage(person());
    const membership = (await screen.findByRole('heading', { name: 'Your membership' })).closest('section')!;
    expect(within(membership).getByText('This community is closed: its leader decides on each request to join.')).toBeTruthy();
    expect(within(membership).getByText('Municipalities above 100,000 inhabitants.')).toBeTruthy();
    expect(within(membership).queryByRole('button', { name: 'Join' })).toBeNull();
    fireEvent.change(within(membership).getByLabelText('A note for the leader (optional)'), {
      target: { value: 'Utrecht has 360,000 inhabitants.' },
    });
    fireEvent.click(within(membership).getByRole('button', { name: 'Ask to join' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('Your request to join “Zero-emission refuse trucks” has been sent to its leader.'));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ note: 'Utrecht has 360,000 inhabitants.' });
    expect(await screen.findByText('Your request to join awaits the leader’s decision.')).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Workspace' })).toBeNull();
  });

  it('accepts an invitation, and leaves after confirming', async () => {
    // (an invitation to a working group is committed to instead: see below)
    const kind = 'community_of_practice';
    const calls = server(
      [
        community({ kind, my: { role: 'core', status: 'invited' } }),
        community({ kind, my: { role: 'core', status: 'active' }, can: MEMBER_CAN }),
        community({ kind }),
      ],
      {
        'POST /api/v1/communities/7/join': () => json(200, { role: 'core', status: 'active' }),
        'DELETE /api/v1/communities/7/members/me': () => new Response(null, { status: 204 }),
      },
    );
    const { announce } = renderPage(person());
    expect(await screen.findByText('You have been invited to join this community. Your role: Core member.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Accept the invitation' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('You are now a member of “Zero-emission refuse trucks” (role: Core member).'));
    fireEvent.click(await screen.findByRole('button', { name: 'Leave this community' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, leave' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('You have left “Zero-emission refuse trucks”.'));
    expect(calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /api/v1/communities/7/join',
      'DELETE /api/v1/communities/7/members/me',
    ]);
    expect(await screen.findByRole('button', { name: 'Join' })).toBeTruthy();
  });

  it('offers an organisation invited to a working group to commit formally', async () => {
    const calls = server(
      [community({ my: { role: 'member', status: 'invited' } }), community({ my: { role: 'member', status: 'active' }, can: MEMBER_CAN })],
      { 'POST /api/v1/communities/7/commitment': () => json(200, { role: 'member', status: 'active' }) },
    );
    const { announce } = renderPage(person({ email: 'buyer@milano.example' }));
    expect(await screen.findByText('You have been invited to join this community. Your role: Member.')).toBeTruthy();
    expect(
      screen.getByText(
        'This working group was formed from a needs assessment. Commit formally for your organisation, or decline: your organisation then follows the work in the observer group.',
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Accept the invitation' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Decline (join the observers)' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Commit formally' }));
    await waitFor(() =>
      expect(announce).toHaveBeenCalledWith('Your organisation has committed to “Zero-emission refuse trucks”. You are now a member (role: Member).'),
    );
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/communities/7/commitment');
    expect(post.headers['x-csrf-token']).toBe('tok-7');
    expect(post.body).toEqual({ decision: 'commit' });
    expect(await screen.findByText('You are a member of this community. Your role: Member.')).toBeTruthy();
    expect(await screen.findByRole('navigation', { name: 'Workspace' })).toBeTruthy();
  });

  it('declines a working group for the observer group', async () => {
    const calls = server([community({ my: { role: 'member', status: 'invited' } }), community()], {
      'POST /api/v1/communities/7/commitment': () => json(200, { role: 'observer', status: 'active' }),
    });
    const { announce } = renderPage(person());
    fireEvent.click(await screen.findByRole('button', { name: 'Decline (join the observers)' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('You have declined “Zero-emission refuse trucks” and joined the observer group.'));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ decision: 'decline' });
    expect(await screen.findByRole('button', { name: 'Join' })).toBeTruthy();
  });

  it('keeps accepting for a working group the server says was not formed from an assessment', async () => {
    server([community({ assessment_id: null, my: { role: 'member', status: 'invited' } })]);
    renderPage(person());
    expect(await screen.findByRole('button', { name: 'Accept the invitation' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Commit formally' })).toBeNull();
  });

  it('keeps the workspace closed without view_workspace, even at a tab’s address', async () => {
    const calls = server([community()]);
    renderPage(person(), 'discussions');
    expect(await screen.findByRole('heading', { name: 'Your membership' })).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Workspace' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Discussions' })).toBeNull();
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/communities/7']);
  });

  it('tells market actors they take part through events, and anonymous visitors to sign in', async () => {
    server([community()]);
    renderPage(person({ role: 'market_actor' }));
    expect(
      await screen.findByText('Market actors do not join communities; they take part in the events they are invited to.'),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Join' })).toBeNull();
    cleanup();
    renderPage(null);
    const link = await screen.findByRole('link', { name: 'Sign in to join this community' });
    expect(link.getAttribute('href')).toBe('/signin?next=%2Fcommunities%2F7');
  });

  it('moves between tabs in place and focuses the new panel’s heading', async () => {
    server([community({ my: { role: 'member', status: 'active' }, can: MEMBER_CAN })], {
      'GET /api/v1/communities/7/documents': () => json(200, { total: 0, offset: 0, limit: 20, items: [] }),
    });
    const { show } = renderPage(person());
    const nav = await screen.findByRole('navigation', { name: 'Workspace' });
    fireEvent.click(within(nav).getByRole('link', { name: 'Documents' }));
    expect(window.location.pathname).toBe('/communities/7/documents');
    show('documents');
    const heading = await screen.findByRole('heading', { level: 2, name: 'Documents' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(within(nav).getByRole('link', { name: 'Documents' }).getAttribute('aria-current')).toBe('page');
    expect(await screen.findByText('No document has been shared yet.')).toBeTruthy();
  });
});

const thread = {
  id: 5,
  title: 'Charging at the depot',
  author: { id: 5, name: 'Lucas Bernard' },
  created_at: '2026-02-01T09:00:00Z',
  last_post_at: '2026-02-01T09:00:00Z',
  posts: 1,
  items: [
    {
      id: 50,
      author: { id: 5, name: 'Lucas Bernard', organisation: 'Ville de Lyon' },
      body: 'Who has tendered depot chargers?',
      created_at: '2026-02-01T09:00:00Z',
      edited_at: null,
      versions: 1,
      hidden: false,
      hidden_reason: null,
      mentions: [],
    },
    {
      id: 51,
      author: { id: 9, name: 'Someone Else', organisation: 'Stadt Wien' },
      body: '',
      created_at: '2026-02-01T10:00:00Z',
      edited_at: null,
      versions: 1,
      hidden: true,
      hidden_reason: 'Advertising',
      mentions: [],
    },
  ],
};

describe('discussions', () => {
  beforeEach(() => {
    setLanguage('en');
    setCookie('cobuy_csrf', 'tok-7');
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    window.history.replaceState(null, '', '/communities/7/discussions/5');
  });
  afterEach(() => {
    cleanup();
    clearCookie('cobuy_csrf');
  });

  it('shows a thread’s posts and posts a reply with a mention', async () => {
    const reply = {
      id: 52,
      author: { id: 3, name: 'Daan Bakker', organisation: 'Gemeente Utrecht' },
      body: 'We did, in 2025.',
      created_at: '2026-02-02T09:00:00Z',
      edited_at: null,
      versions: 1,
      hidden: false,
      hidden_reason: null,
      mentions: [{ id: 5, name: 'Lucas Bernard' }],
    };
    const calls = server([community({ my: { role: 'member', status: 'active' }, can: MEMBER_CAN })], {
      'GET /api/v1/communities/7/threads/5': () => json(200, thread),
      'POST /api/v1/communities/7/threads/5/posts': () => json(201, reply),
    });
    const { announce } = renderPage(person(), 'discussions', 5);
    expect((await screen.findByRole('heading', { level: 2 })).textContent).toBe('Charging at the depot');
    const posts = await screen.findByTestId('posts');
    await waitFor(() => expect(within(posts).getAllByRole('listitem')).toHaveLength(2));
    expect(within(posts).getByText('Who has tendered depot chargers?')).toBeTruthy();
    expect(within(posts).getByTestId('hidden-note').textContent).toBe('A moderator has hidden this post. Reason: Advertising');
    // a member may not moderate, and edits only their own posts
    expect(within(posts).queryByRole('button', { name: /Hide/ })).toBeNull();
    expect(within(posts).queryByRole('button', { name: 'Edit' })).toBeNull();

    fireEvent.change(screen.getByLabelText('Your reply'), { target: { value: '  We did, in 2025. ' } });
    // the members to mention: the active ones but oneself
    const mentions = screen.getByRole('group', { name: 'Mention members (optional)' });
    expect(within(mentions).getAllByRole('checkbox').map((c) => c.id)).toEqual(['reply-mention-5']);
    fireEvent.click(within(mentions).getByLabelText('Lucas Bernard (Ville de Lyon)'));
    fireEvent.click(screen.getByRole('button', { name: 'Post the reply' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('Your reply has been posted.'));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/communities/7/threads/5/posts');
    expect(post.headers['x-csrf-token']).toBe('tok-7');
    expect(post.body).toEqual({ body: 'We did, in 2025.', mentions: [5] });
    expect(within(posts).getAllByRole('listitem')).toHaveLength(3);
    expect(within(posts).getByText('We did, in 2025.')).toBeTruthy();
    expect(within(posts).getByText('Mentions: Lucas Bernard')).toBeTruthy();
    expect((screen.getByLabelText('Your reply') as HTMLTextAreaElement).value).toBe('');
    // the new post is the person's own: it can be edited
    expect(within(posts).getAllByRole('button', { name: 'Edit' })).toHaveLength(1);
  });

  it('lets a moderator hide a post with a reason, and the author edit their own', async () => {
    const leaderThread = { ...thread, items: [thread.items[0]] };
    const calls = server(
      [community({ my: { role: 'leader', status: 'active' }, can: { view_workspace: true, contribute: true, plan: true, manage: true } })],
      {
        'GET /api/v1/communities/7/threads/5': () => json(200, leaderThread),
        'PATCH /api/v1/communities/7/posts/50': (c) =>
          json(200, { ...thread.items[0], body: (c.body as { body: string }).body, edited_at: '2026-02-03T09:00:00Z', versions: 2 }),
        'POST /api/v1/communities/7/posts/50/hide': (c) =>
          json(200, { ...thread.items[0], hidden: true, hidden_reason: (c.body as { reason: string }).reason }),
      },
    );
    renderPage(person({ id: 5, name: 'Lucas Bernard' }), 'discussions', 5);
    const posts = await screen.findByTestId('posts');
    await waitFor(() => expect(within(posts).getAllByRole('listitem')).toHaveLength(1));
    fireEvent.click(within(posts).getByRole('button', { name: 'Edit' }));
    const edit = within(posts).getByLabelText('Your post') as HTMLTextAreaElement;
    expect(edit.value).toBe('Who has tendered depot chargers?');
    fireEvent.change(edit, { target: { value: 'Who has tendered depot chargers since 2024?' } });
    fireEvent.click(within(posts).getByRole('button', { name: 'Save the post' }));
    fireEvent.click(await within(posts).findByRole('button', { name: 'Hide the post by Lucas Bernard' }));
    expect(within(posts).getByText('Who has tendered depot chargers since 2024?', { selector: 'p' })).toBeTruthy();
    fireEvent.change(within(posts).getByLabelText('Reason for hiding'), { target: { value: 'Duplicate' } });
    fireEvent.click(within(posts).getByRole('button', { name: 'Hide the post' }));
    expect((await within(posts).findByTestId('hidden-note')).textContent).toBe('A moderator has hidden this post. Reason: Duplicate');
    expect(calls.filter((c) => c.method !== 'GET').map((c) => [c.method, c.url, c.body])).toEqual([
      ['PATCH', '/api/v1/communities/7/posts/50', { body: 'Who has tendered depot chargers since 2024?' }],
      ['POST', '/api/v1/communities/7/posts/50/hide', { reason: 'Duplicate' }],
    ]);
  });
});

describe('documents', () => {
  beforeEach(() => {
    setLanguage('en');
    setCookie('cobuy_csrf', 'tok-7');
    window.history.replaceState(null, '', '/communities/7/documents');
  });
  afterEach(() => {
    cleanup();
    clearCookie('cobuy_csrf');
  });

  const doc = {
    id: 30,
    title: 'Minutes draft',
    created_at: '2026-02-05T09:00:00Z',
    created_by: { id: 3, name: 'Daan Bakker' },
    versions: [
      {
        version: 1,
        filename: 'notes.txt',
        media_type: 'text/plain',
        size: 23,
        sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
        uploaded_at: '2026-02-05T09:00:00Z',
        uploaded_by: { id: 3, name: 'Daan Bakker' },
      },
    ],
  };

  it('uploads a file’s raw bytes with the title and file name in the query and the CSRF header', async () => {
    const calls = server([community({ my: { role: 'member', status: 'active' }, can: MEMBER_CAN })], {
      'GET /api/v1/communities/7/documents': () => json(200, { total: 0, offset: 0, limit: 20, items: [] }),
      'POST /api/v1/communities/7/documents': () => json(201, doc),
    });
    const { announce } = renderPage(person(), 'documents');
    const form = (await screen.findByRole('heading', { name: 'Share a document' })).closest('section')!;
    const file = new File(['Agenda: depot chargers.'], 'notes.txt', { type: 'text/plain' });
    fireEvent.click(within(form).getByRole('button', { name: 'Upload' }));
    expect(within(form).getByText('Enter a title for the document.')).toBeTruthy();
    expect(within(form).getByText('Choose a file.')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Title'), { target: { value: 'Minutes draft' } });
    fireEvent.change(within(form).getByLabelText('File'), { target: { files: [file] } });
    fireEvent.click(within(form).getByRole('button', { name: 'Upload' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('The document “Minutes draft” has been shared.'));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/communities/7/documents?title=Minutes%20draft&filename=notes.txt');
    expect(post.headers['x-csrf-token']).toBe('tok-7');
    expect(post.headers['content-type']).toBe('text/plain');
    expect(post.body).toBeUndefined();
    expect(post.raw).toBe(file);
    expect(await (post.raw as Blob).text()).toBe('Agenda: depot chargers.');

    const card = screen.getByTestId('document-30');
    const row = within(card).getAllByRole('row')[1];
    expect([...row.querySelectorAll('th, td')].map((c) => c.textContent)).toEqual([
      '1',
      'notes.txt',
      '23 bytes',
      '9f86d081884c…',
      'Daan Bakker, 5 February 2026 at 09:00',
      'Download version 1 of “Minutes draft”',
    ]);
    expect(within(card).getByRole('link', { name: 'Download version 1 of “Minutes draft”' }).getAttribute('href')).toBe(
      '/api/v1/communities/7/documents/30/versions/1/download',
    );
  });

  it('refuses a file type the server does not accept before sending it', async () => {
    const calls = server([community({ my: { role: 'member', status: 'active' }, can: MEMBER_CAN })], {
      'GET /api/v1/communities/7/documents': () => json(200, { total: 1, offset: 0, limit: 20, items: [doc] }),
    });
    renderPage(person(), 'documents');
    const card = await screen.findByTestId('document-30');
    fireEvent.change(within(card).getByLabelText('New version of “Minutes draft”'), {
      target: { files: [new File(['x'], 'tool.exe', { type: 'application/octet-stream' })] },
    });
    fireEvent.click(within(card).getByRole('button', { name: 'Upload the new version' }));
    expect(
      within(card).getByText('This type of file cannot be shared. Allowed types: pdf, docx, xlsx, pptx, odt, ods, odp, txt, csv, md, png, jpg, jpeg, zip.'),
    ).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('shows 20 documents at a time and loads the next page after the ones shown', async () => {
    // 23 documents on the server, ids 100..78 newest first: the first page holds 100..81, the
    // second 80..78.
    const all = Array.from({ length: 23 }, (_, i) => ({ ...doc, id: 100 - i, title: `Doc ${100 - i}` }));
    const calls = server([community({ my: { role: 'member', status: 'active' }, can: MEMBER_CAN })], {
      'GET /api/v1/communities/7/documents': (call) => {
        const q = new URLSearchParams(call.url.split('?')[1]);
        const offset = Number(q.get('offset'));
        const limit = Number(q.get('limit'));
        return json(200, { total: 23, offset, limit, items: all.slice(offset, offset + limit) });
      },
    });
    const { announce } = renderPage(person(), 'documents');
    await screen.findByTestId('document-100');
    expect(screen.getAllByTestId(/^document-/).map((e) => e.dataset.testid)).toHaveLength(20);
    expect(screen.queryByTestId('document-80')).toBeNull();
    const more = screen.getByTestId('documents-more');
    expect(within(more).getByText('Showing 20 of 23')).toBeTruthy();
    fireEvent.click(within(more).getByRole('button', { name: 'Show more documents' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('Showing 23 of 23'));
    const gets = calls.filter((c) => c.method === 'GET' && c.url.startsWith('/api/v1/communities/7/documents'));
    expect(gets.map((c) => c.url)).toEqual([
      '/api/v1/communities/7/documents?offset=0&limit=20',
      '/api/v1/communities/7/documents?offset=20&limit=20',
    ]);
    const shown = screen.getAllByTestId(/^document-/).map((e) => e.dataset.testid);
    expect(shown).toHaveLength(23);
    expect(shown.slice(18)).toEqual(['document-82', 'document-81', 'document-80', 'document-79', 'document-78']);
    expect(document.activeElement?.id).toBe('doc-80-title');
    expect(within(screen.getByTestId('documents-more')).getByText('Showing 23 of 23')).toBeTruthy();
    expect(within(screen.getByTestId('documents-more')).queryByRole('button')).toBeNull();
  });
});
