// Discussions: the threads, a new thread, one thread's posts with replies, edits and moderation.
import { useState, type FormEvent } from 'react';
import { communityApi, type Community, type Member, type Post, type ThreadDetail } from '../../api';
import { Notice, TextAreaField, TextField } from '../../components/forms';
import { Loading } from '../../components/page';
import { errorMessage } from '../../errors';
import { formatDateTime, formatNumber, t } from '../../i18n';
import { sessionEnded, useSession } from '../../session';
import { activeMembers, goTo, PanelLink, toggle, useResource } from './shared';

export function DiscussionsPanel({ community, threadId }: { community: Community; threadId: number | null }) {
  const members = useResource(() => communityApi.members(community.id), `members-${community.id}`);
  return threadId === null ? (
    <ThreadList community={community} members={members.data} />
  ) : (
    <ThreadView key={threadId} community={community} threadId={threadId} members={members.data} />
  );
}

/** Checkboxes of the active members (but the person writing) whom a post mentions. */
export function MentionPicker({
  idPrefix,
  members,
  value,
  onChange,
}: {
  idPrefix: string;
  members: Member[] | null;
  value: number[];
  onChange: (ids: number[]) => void;
}) {
  const { me } = useSession();
  const choices = activeMembers(members).filter((m) => m.user_id !== me?.id);
  if (choices.length === 0) return null;
  return (
    <fieldset className="fieldset">
      <legend className="fieldset__legend">
        {t('discuss.mentions')} <span className="field__optional">{t('form.optional')}</span>
      </legend>
      <p className="field__hint">{t('discuss.mentionsHint')}</p>
      <ul className="check-list">
        {choices.map((m) => (
          <li key={m.user_id} className="checkbox-field">
            <input
              id={`${idPrefix}-${m.user_id}`}
              type="checkbox"
              className="checkbox"
              checked={value.includes(m.user_id)}
              onChange={(e) => onChange(toggle(value, m.user_id, e.target.checked))}
            />
            <label htmlFor={`${idPrefix}-${m.user_id}`}>
              {m.name} <span className="muted">({m.organisation.name})</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function ThreadList({ community, members }: { community: Community; members: Member[] | null }) {
  const { setMe, announce } = useSession();
  const threads = useResource(() => communityApi.threads(community.id), `threads-${community.id}`);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [mentions, setMentions] = useState<number[]>([]);
  const [errors, setErrors] = useState<{ title?: string; body?: string }>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const next = {
      title: title.trim() ? undefined : t('discuss.titleRequired'),
      body: body.trim() ? undefined : t('discuss.bodyRequired'),
    };
    setErrors(next);
    if (next.title || next.body) {
      document.getElementById(next.title ? 'thread-title' : 'thread-body')?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const created = await communityApi.createThread(community.id, {
        title: title.trim(),
        body: body.trim(),
        ...(mentions.length ? { mentions } : {}),
      });
      announce(t('discuss.threadCreated', { title: created.title }));
      goTo(`/communities/${community.id}/discussions/${created.id}`);
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h2 id="panel-title" tabIndex={-1}>
        {t('community.tab.discussions')}
      </h2>
      {threads.error && <Notice kind="error">{threads.error}</Notice>}
      {!threads.data && !threads.error && <Loading />}
      {threads.data && threads.data.length === 0 && <p className="card">{t('discuss.none')}</p>}
      {threads.data && threads.data.length > 0 && (
        <div className="table-wrap card">
          <table className="table" data-testid="threads">
            <caption className="visually-hidden">{t('discuss.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('discuss.col.title')}</th>
                <th scope="col">{t('discuss.col.author')}</th>
                <th scope="col" className="num">
                  {t('discuss.col.posts')}
                </th>
                <th scope="col">{t('discuss.col.last')}</th>
              </tr>
            </thead>
            <tbody>
              {threads.data.map((th) => (
                <tr key={th.id}>
                  <th scope="row" className="cell-name">
                    <PanelLink to={`/communities/${community.id}/discussions/${th.id}`}>{th.title}</PanelLink>
                  </th>
                  <td>{th.author.name}</td>
                  <td className="num">{formatNumber(th.posts)}</td>
                  <td>{formatDateTime(th.last_post_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {community.can.contribute && (
        <section className="card" aria-labelledby="new-thread-title">
          <h3 id="new-thread-title">{t('discuss.newThread')}</h3>
          {problem && <Notice kind="error">{problem}</Notice>}
          <form className="form" onSubmit={submit} noValidate>
            <TextField id="thread-title" label={t('discuss.threadTitle')} value={title} onChange={setTitle} error={errors.title} maxLength={200} />
            <TextAreaField id="thread-body" label={t('discuss.firstPost')} value={body} onChange={setBody} error={errors.body} rows={6} />
            <MentionPicker idPrefix="thread-mention" members={members} value={mentions} onChange={setMentions} />
            <div className="form__actions">
              <button type="submit" className="button button--primary" disabled={busy}>
                {busy ? t('common.sending') : t('discuss.startThread')}
              </button>
            </div>
          </form>
        </section>
      )}
    </>
  );
}

function ThreadView({ community, threadId, members }: { community: Community; threadId: number; members: Member[] | null }) {
  const { setMe, announce } = useSession();
  const thread = useResource<ThreadDetail>(() => communityApi.thread(community.id, threadId), `thread-${community.id}-${threadId}`);
  const [reply, setReply] = useState('');
  const [mentions, setMentions] = useState<number[]>([]);
  const [replyError, setReplyError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const replacePost = (post: Post) =>
    thread.setData((th) => (th ? { ...th, items: th.items.map((p) => (p.id === post.id ? post : p)) } : th));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reply.trim()) {
      setReplyError(t('discuss.replyRequired'));
      document.getElementById('reply-body')?.focus();
      return;
    }
    setReplyError(undefined);
    setBusy(true);
    setProblem(null);
    try {
      const post = await communityApi.reply(community.id, threadId, {
        body: reply.trim(),
        ...(mentions.length ? { mentions } : {}),
      });
      thread.setData((th) => (th ? { ...th, posts: th.posts + 1, items: [...th.items, post] } : th));
      setReply('');
      setMentions([]);
      announce(t('discuss.replied'));
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const back = (
    <p className="breadcrumb">
      <PanelLink to={`/communities/${community.id}/discussions`}>{t('discuss.back')}</PanelLink>
    </p>
  );
  if (thread.error) {
    return (
      <>
        <h2 id="panel-title" tabIndex={-1}>
          {t('community.tab.discussions')}
        </h2>
        <Notice kind="error">{thread.error}</Notice>
        {back}
      </>
    );
  }
  if (!thread.data) return <Loading />;
  const th = thread.data;

  return (
    <>
      {back}
      <h2 id="panel-title" tabIndex={-1}>
        {th.title}
      </h2>
      <p className="muted">{t('discuss.startedBy', { name: th.author.name, date: formatDateTime(th.created_at) })}</p>
      <ol className="posts" data-testid="posts">
        {th.items.map((p) => (
          <PostItem key={p.id} community={community} post={p} onChange={replacePost} />
        ))}
      </ol>
      {community.can.contribute && (
        <section className="card" aria-labelledby="reply-title">
          <h3 id="reply-title">{t('discuss.reply')}</h3>
          {problem && <Notice kind="error">{problem}</Notice>}
          <form className="form" onSubmit={submit} noValidate>
            <TextAreaField id="reply-body" label={t('discuss.yourReply')} value={reply} onChange={setReply} error={replyError} rows={5} />
            <MentionPicker idPrefix="reply-mention" members={members} value={mentions} onChange={setMentions} />
            <div className="form__actions">
              <button type="submit" className="button button--primary" disabled={busy}>
                {busy ? t('common.sending') : t('discuss.postReply')}
              </button>
            </div>
          </form>
        </section>
      )}
    </>
  );
}

function PostItem({ community, post, onChange }: { community: Community; post: Post; onChange: (p: Post) => void }) {
  const { me, setMe, announce } = useSession();
  const [mode, setMode] = useState<'read' | 'edit' | 'hide'>('read');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mine = me?.id === post.author.id;
  const headingId = `post-${post.id}-by`;

  async function save(e: FormEvent) {
    e.preventDefault();
    const editing = mode === 'edit';
    if (!text.trim()) {
      setError(editing ? t('discuss.bodyRequired') : t('discuss.reasonRequired'));
      document.getElementById(`post-${post.id}-${mode}`)?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const updated = editing
        ? await communityApi.editPost(community.id, post.id, text.trim())
        : await communityApi.hidePost(community.id, post.id, text.trim());
      onChange(updated);
      setMode('read');
      announce(editing ? t('discuss.edited') : t('discuss.hidden'));
      window.requestAnimationFrame(() => document.getElementById(`post-${post.id}`)?.focus());
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  function start(next: 'edit' | 'hide') {
    setMode(next);
    setText(next === 'edit' ? post.body : '');
    setError(undefined);
    setProblem(null);
    window.requestAnimationFrame(() => document.getElementById(`post-${post.id}-${next}`)?.focus());
  }

  return (
    <li className="card post" id={`post-${post.id}`} tabIndex={-1} aria-labelledby={headingId}>
      <article>
        <h3 className="post__author" id={headingId}>
          {post.author.name} <span className="muted">({post.author.organisation})</span>
        </h3>
        <p className="post__meta muted">
          <time dateTime={post.created_at}>{formatDateTime(post.created_at)}</time>
          {post.edited_at && <> · {t('discuss.editedAt', { date: formatDateTime(post.edited_at) })}</>}
        </p>
        {post.hidden && (
          <p className="notice notice--info" data-testid="hidden-note">
            {post.hidden_reason ? t('discuss.hiddenWithReason', { reason: post.hidden_reason }) : t('discuss.hiddenNote')}
          </p>
        )}
        {post.body && mode !== 'edit' && <p className="prose">{post.body}</p>}
        {post.mentions.length > 0 && (
          <p className="muted">{t('discuss.mentioned', { names: post.mentions.map((m) => m.name).join(', ') })}</p>
        )}
        {problem && <Notice kind="error">{problem}</Notice>}
        {mode === 'read' && (mine || community.can.manage) && !post.hidden && (
          <p className="post__actions">
            {mine && (
              <button type="button" className="button button--secondary button--small" onClick={() => start('edit')}>
                {t('discuss.edit')}
              </button>
            )}{' '}
            {community.can.manage && (
              <button type="button" className="button button--secondary button--small" onClick={() => start('hide')}>
                {t('discuss.hide')} <span className="visually-hidden">{t('discuss.postBy', { name: post.author.name })}</span>
              </button>
            )}
          </p>
        )}
        {mode !== 'read' && (
          <form className="form" onSubmit={save} noValidate>
            {mode === 'edit' ? (
              <TextAreaField id={`post-${post.id}-edit`} label={t('discuss.editLabel')} value={text} onChange={setText} error={error} rows={5} />
            ) : (
              <TextField id={`post-${post.id}-hide`} label={t('discuss.reason')} value={text} onChange={setText} error={error} maxLength={500} />
            )}
            <div className="form__actions">
              <button type="submit" className="button button--primary button--small" disabled={busy}>
                {mode === 'edit' ? t('discuss.saveEdit') : t('discuss.hideYes')}
              </button>
              <button type="button" className="button button--secondary button--small" onClick={() => setMode('read')}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        )}
      </article>
    </li>
  );
}
