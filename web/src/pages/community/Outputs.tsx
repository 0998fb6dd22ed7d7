// Outputs: what the community produces (specifications, criteria, declarations of intent, ...),
// drafted by planners, published by managers, signed by member organisations.
import { useState, type FormEvent } from 'react';
import { communityApi, OUTPUT_KINDS, type Community, type Output, type OutputKind } from '../../api';
import { Notice, SelectField, TextAreaField, TextField } from '../../components/forms';
import { Loading } from '../../components/page';
import { errorMessage } from '../../errors';
import { countryName, formatDate, outputKindName, t } from '../../i18n';
import { sessionEnded, useSession } from '../../session';
import { PanelLink, useResource } from './shared';

export function OutputsPanel({ community }: { community: Community }) {
  const { me, setMe, announce } = useSession();
  const outputs = useResource(() => communityApi.outputs(community.id), `outputs-${community.id}`);
  const [problem, setProblem] = useState<string | null>(null);

  const replace = (o: Output) => outputs.setData((list) => (list ?? []).map((x) => (x.id === o.id ? o : x)));

  async function act(run: () => Promise<Output>, message: (o: Output) => string) {
    setProblem(null);
    try {
      const o = await run();
      replace(o);
      announce(message(o));
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    }
  }

  return (
    <>
      <h2 id="panel-title" tabIndex={-1}>
        {t('community.tab.outputs')}
      </h2>
      {outputs.error && <Notice kind="error">{outputs.error}</Notice>}
      {problem && <Notice kind="error">{problem}</Notice>}
      {!outputs.data && !outputs.error && <Loading />}
      {outputs.data && outputs.data.length === 0 && <p className="card">{t('outputs.none')}</p>}
      {outputs.data?.map((o) => {
        const signed = !!me && o.signatories.some((s) => s.id === me.organisation.id);
        return (
          <section key={o.id} className="card" aria-labelledby={`output-${o.id}-title`} data-testid={`output-${o.id}`}>
            <h3 id={`output-${o.id}-title`}>{o.title}</h3>
            <p className="badges">
              <span className="badge">{outputKindName(o.kind)}</span>{' '}
              {o.published ? (
                <span className="badge badge--yes">
                  {o.published_at ? t('outputs.publishedOn', { date: formatDate(o.published_at) }) : t('outputs.published')}
                </span>
              ) : (
                <span className="badge badge--no">{t('outputs.draft')}</span>
              )}
            </p>
            {o.summary && <p className="prose">{o.summary}</p>}
            {o.document_id !== null && (
              <p>
                <PanelLink to={`/communities/${community.id}/documents`}>{t('outputs.seeDocument')}</PanelLink>
              </p>
            )}
            {o.kind === 'declaration_of_intent' && (
              <>
                <h4>{t('outputs.signatories')}</h4>
                {o.signatories.length === 0 ? (
                  <p>{t('outputs.noSignatories')}</p>
                ) : (
                  <ul className="plain-list">
                    {o.signatories.map((s) => (
                      <li key={s.id}>
                        {s.name} <span className="muted">({countryName(s.country)}, {formatDate(s.signed_at)})</span>
                      </li>
                    ))}
                  </ul>
                )}
              </>
            )}
            <p className="post__actions">
              {community.can.manage && !o.published && (
                <button
                  type="button"
                  className="button button--primary button--small"
                  onClick={() => act(() => communityApi.updateOutput(community.id, o.id, { published: true }), (x) => t('outputs.publishedDone', { title: x.title }))}
                >
                  {t('outputs.publish')} <span className="visually-hidden">{o.title}</span>
                </button>
              )}{' '}
              {o.kind === 'declaration_of_intent' && community.can.contribute && me && !signed && (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() =>
                    act(() => communityApi.sign(community.id, o.id), (x) => t('outputs.signedDone', { title: x.title, organisation: me.organisation.name }))
                  }
                >
                  {t('outputs.sign')} <span className="visually-hidden">{o.title}</span>
                </button>
              )}
              {o.kind === 'declaration_of_intent' && signed && <span>{t('outputs.alreadySigned')}</span>}
            </p>
          </section>
        );
      })}
      {community.can.plan && <OutputForm community={community} onCreated={(o) => outputs.setData((l) => [...(l ?? []), o])} />}
    </>
  );
}

function OutputForm({ community, onCreated }: { community: Community; onCreated: (o: Output) => void }) {
  const { setMe, announce } = useSession();
  // The newest 100 documents (the most the server gives at once) to attach an output to.
  const docs = useResource(
    () => communityApi.documents(community.id, 0, 100).then((page) => page.items),
    `documents-${community.id}-latest`,
  );
  const [kind, setKind] = useState<OutputKind>('report');
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [documentId, setDocumentId] = useState('');
  const [errors, setErrors] = useState<{ title?: string; summary?: string }>({});
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const next = {
      title: title.trim() ? undefined : t('outputs.titleRequired'),
      summary: summary.trim() ? undefined : t('outputs.summaryRequired'),
    };
    setErrors(next);
    if (next.title || next.summary) {
      document.getElementById(next.title ? 'output-title' : 'output-summary')?.focus();
      return;
    }
    setProblem(null);
    try {
      const o = await communityApi.createOutput(community.id, {
        kind,
        title: title.trim(),
        summary: summary.trim(),
        ...(documentId ? { document_id: Number(documentId) } : {}),
      });
      onCreated(o);
      announce(t('outputs.created', { title: o.title }));
      setTitle('');
      setSummary('');
      setDocumentId('');
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    }
  }

  return (
    <section className="card" aria-labelledby="output-form-title">
      <h3 id="output-form-title">{t('outputs.new')}</h3>
      {problem && <Notice kind="error">{problem}</Notice>}
      <form className="form" onSubmit={submit} noValidate>
        <SelectField id="output-kind" label={t('outputs.kind')} value={kind} onChange={(v) => setKind(v as OutputKind)}>
          {OUTPUT_KINDS.map((k) => (
            <option key={k} value={k}>
              {outputKindName(k)}
            </option>
          ))}
        </SelectField>
        <TextField id="output-title" label={t('outputs.title')} value={title} onChange={setTitle} error={errors.title} maxLength={200} />
        <TextAreaField id="output-summary" label={t('outputs.summary')} value={summary} onChange={setSummary} error={errors.summary} />
        <SelectField id="output-document" label={t('outputs.document')} optional value={documentId} onChange={setDocumentId}>
          <option value="">{t('outputs.noDocument')}</option>
          {(docs.data ?? []).map((d) => (
            <option key={d.id} value={String(d.id)}>
              {d.title}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button button--primary">
          {t('outputs.create')}
        </button>
      </form>
    </section>
  );
}
