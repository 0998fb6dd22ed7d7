// Staff exchanges: offers to host and requests to visit, suggested matches for one's own
// entries, matching, and the exchange report.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { communityApi, type Community, type Exchange, type ExchangeKind, type ExchangeMatch } from '../api';
import { Notice, SelectField, TextAreaField, TextField } from '../components/forms';
import { Loading, PageHeader, useTitle } from '../components/page';
import { errorMessage } from '../errors';
import { exchangeKindName, exchangeStatusName, formatDay, formatNumber, t, useLanguage } from '../i18n';
import { sessionEnded, useSession } from '../session';
import { FileField, fileProblem } from './community/Documents';

export function ExchangesPage() {
  useLanguage();
  useTitle(t('exchanges.title'));
  const { me, setMe, announce } = useSession();
  const [items, setItems] = useState<Exchange[] | null>(null);
  const [communities, setCommunities] = useState<Community[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    communityApi
      .exchanges()
      .then((list) => {
        if (live) setItems(list);
      })
      .catch((e) => {
        if (!live || sessionEnded(e, setMe)) return;
        setLoadError(errorMessage(e));
      });
    communityApi
      .list()
      .then((list) => {
        if (live) setCommunities(list.filter((c) => c.my?.status === 'active'));
      })
      .catch(() => {
        // the community choice is optional: without the list, the form offers none
      });
    return () => {
      live = false;
    };
  }, [setMe]);

  const replace = (changed: Exchange[]) =>
    setItems((list) => {
      const out = [...(list ?? [])];
      for (const x of changed) {
        const i = out.findIndex((y) => y.id === x.id);
        if (i >= 0) out[i] = x;
        else out.unshift(x);
      }
      return out;
    });

  const mine = (items ?? []).filter((x) => x.person.id === me?.id);
  const others = (items ?? []).filter((x) => x.person.id !== me?.id);
  const communityName = (id: number | null) => communities.find((c) => c.id === id)?.name;

  return (
    <>
      <PageHeader title={t('exchanges.title')} lead={t('exchanges.lead')} />
      {loadError && <Notice kind="error">{loadError}</Notice>}
      {!items && !loadError && <Loading />}
      {items && (
        <>
          <section className="card" aria-labelledby="mine-title">
            <h2 id="mine-title">{t('exchanges.mine')}</h2>
            {mine.length === 0 ? (
              <p>{t('exchanges.noneMine')}</p>
            ) : (
              <ul className="plain-list" data-testid="my-exchanges">
                {mine.map((x) => (
                  <MyExchange
                    key={x.id}
                    exchange={x}
                    communityName={communityName(x.community_id)}
                    partner={items.find((y) => y.id === x.matched_with) ?? null}
                    onChange={replace}
                  />
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="open-title">
            <h2 id="open-title">{t('exchanges.open')}</h2>
            {others.length === 0 ? (
              <p>{t('exchanges.noneOpen')}</p>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="exchanges">
                  <caption className="visually-hidden">{t('exchanges.open')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('exchanges.col.topic')}</th>
                      <th scope="col">{t('exchanges.col.kind')}</th>
                      <th scope="col">{t('exchanges.col.who')}</th>
                      <th scope="col">{t('exchanges.col.dates')}</th>
                      <th scope="col">{t('exchanges.col.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {others.map((x) => (
                      <tr key={x.id}>
                        <th scope="row" className="cell-name">
                          {x.topic}
                          {x.description && <p className="muted cell-text">{x.description}</p>}
                        </th>
                        <td>{exchangeKindName(x.kind)}</td>
                        <td>
                          {x.person.name} <span className="muted">({x.organisation.name})</span>
                        </td>
                        <td>{dates(x)}</td>
                        <td>{exchangeStatusName(x.status)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
      <CreateExchange communities={communities} onCreated={(x) => {
        replace([x]);
        announce(t('exchanges.created', { topic: x.topic }));
      }} />
    </>
  );
}

function dates(x: Pick<Exchange, 'starts_on' | 'ends_on'>): string {
  return t('exchanges.dates', { start: formatDay(x.starts_on), end: formatDay(x.ends_on) });
}

function MyExchange({
  exchange: x,
  communityName,
  partner,
  onChange,
}: {
  exchange: Exchange;
  communityName: string | undefined;
  partner: Exchange | null;
  onChange: (changed: Exchange[]) => void;
}) {
  const { setMe, announce } = useSession();
  const [matches, setMatches] = useState<ExchangeMatch[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const input = useRef<HTMLInputElement>(null);
  const titleId = `exchange-${x.id}-title`;

  async function loadMatches() {
    setProblem(null);
    setBusy(true);
    try {
      setMatches(await communityApi.matches(x.id));
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function match(m: ExchangeMatch) {
    setProblem(null);
    setBusy(true);
    try {
      const updated = await communityApi.match(x.id, m.exchange.id);
      onChange([updated, { ...m.exchange, status: 'matched', matched_with: x.id }]);
      setMatches(null);
      announce(t('exchanges.matched', { topic: m.exchange.topic, name: m.exchange.person.name }));
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function uploadReport(e: FormEvent) {
    e.preventDefault();
    const bad = fileProblem(file);
    setFileError(bad ?? undefined);
    if (bad || !file) {
      input.current?.focus();
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      const updated = await communityApi.uploadReport(x.id, file);
      onChange([updated]);
      announce(t('exchanges.reportUploaded', { topic: x.topic }));
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="exchange" aria-labelledby={titleId}>
      <h3 id={titleId}>{x.topic}</h3>
      <p>
        <span className="badge">{exchangeKindName(x.kind)}</span> <span className="badge">{exchangeStatusName(x.status)}</span> {dates(x)}
        {communityName && <span className="muted"> · {communityName}</span>}
      </p>
      {x.description && <p className="prose">{x.description}</p>}
      {partner && <p>{t('exchanges.matchedWith', { topic: partner.topic, name: partner.person.name, organisation: partner.organisation.name })}</p>}
      {problem && <Notice kind="error">{problem}</Notice>}
      {x.status === 'open' && (
        <>
          <button type="button" className="button button--secondary button--small" onClick={loadMatches} disabled={busy}>
            {t('exchanges.showMatches')} <span className="visually-hidden">{x.topic}</span>
          </button>
          {matches && (
            <section aria-labelledby={`exchange-${x.id}-matches`} className="matches">
              <h4 id={`exchange-${x.id}-matches`}>{t('exchanges.matches')}</h4>
              {matches.length === 0 ? (
                <p>{t('exchanges.noMatches')}</p>
              ) : (
                <ol className="plain-list" data-testid={`matches-${x.id}`}>
                  {matches.map((m) => (
                    <li key={m.exchange.id}>
                      <strong>{m.exchange.topic}</strong> – {exchangeKindName(m.exchange.kind)}, {m.exchange.person.name} ({m.exchange.organisation.name}),{' '}
                      {dates(m.exchange)}
                      <br />
                      <span className="muted">
                        {t('exchanges.matchFacts', {
                          score: formatNumber(m.score, { maximumFractionDigits: 2 }),
                          days: formatNumber(m.overlap_days),
                          words: m.shared_words.length ? m.shared_words.join(', ') : t('exchanges.noSharedWords'),
                        })}
                      </span>{' '}
                      <button type="button" className="button button--primary button--small" onClick={() => match(m)} disabled={busy}>
                        {t('exchanges.match')} <span className="visually-hidden">{t('exchanges.matchWith', { topic: m.exchange.topic })}</span>
                      </button>
                    </li>
                  ))}
                </ol>
              )}
            </section>
          )}
        </>
      )}
      {x.status === 'matched' && (
        <form className="form form--inline" onSubmit={uploadReport} noValidate>
          <FileField id={`exchange-${x.id}-report`} label={t('exchanges.report', { topic: x.topic })} error={fileError} onChange={setFile} inputRef={input} />
          <div className="form__actions">
            <button type="submit" className="button button--secondary" disabled={busy}>
              {t('exchanges.uploadReport')}
            </button>
          </div>
        </form>
      )}
      {x.status === 'done' && <p>{t('exchanges.reportFiled')}</p>}
    </li>
  );
}

function CreateExchange({ communities, onCreated }: { communities: Community[]; onCreated: (x: Exchange) => void }) {
  const { setMe } = useSession();
  const [kind, setKind] = useState<ExchangeKind>('offer');
  const [topic, setTopic] = useState('');
  const [description, setDescription] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [community, setCommunity] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const next: Record<string, string | undefined> = {
      'exchange-topic': topic.trim() ? undefined : t('exchanges.topicRequired'),
      'exchange-description': description.trim() ? undefined : t('exchanges.descriptionRequired'),
      'exchange-starts': startsOn ? undefined : t('exchanges.startRequired'),
      'exchange-ends': !endsOn ? t('exchanges.endRequired') : startsOn && endsOn < startsOn ? t('exchanges.endAfterStart') : undefined,
    };
    setErrors(next);
    const first = Object.keys(next).find((k) => next[k]);
    if (first) {
      document.getElementById(first)?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const created = await communityApi.createExchange({
        kind,
        topic: topic.trim(),
        description: description.trim(),
        starts_on: startsOn,
        ends_on: endsOn,
        ...(community ? { community_id: Number(community) } : {}),
      });
      onCreated(created);
      setTopic('');
      setDescription('');
      setStartsOn('');
      setEndsOn('');
      setCommunity('');
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="create-exchange-title">
      <h2 id="create-exchange-title">{t('exchanges.create')}</h2>
      {problem && <Notice kind="error">{problem}</Notice>}
      <form className="form" onSubmit={submit} noValidate>
        <fieldset className="fieldset">
          <legend className="fieldset__legend">{t('exchanges.kind')}</legend>
          {(['offer', 'request'] as const).map((k) => (
            <div key={k} className="checkbox-field">
              <input
                id={`exchange-kind-${k}`}
                type="radio"
                name="exchange-kind"
                className="checkbox"
                checked={kind === k}
                onChange={() => setKind(k)}
              />
              <label htmlFor={`exchange-kind-${k}`}>{t(`exchanges.kindChoice.${k}`)}</label>
            </div>
          ))}
        </fieldset>
        <TextField id="exchange-topic" label={t('exchanges.topic')} value={topic} onChange={setTopic} error={errors['exchange-topic']} maxLength={200} />
        <TextAreaField
          id="exchange-description"
          label={t('exchanges.description')}
          value={description}
          onChange={setDescription}
          error={errors['exchange-description']}
        />
        <TextField id="exchange-starts" type="date" label={t('exchanges.startsOn')} value={startsOn} onChange={setStartsOn} error={errors['exchange-starts']} />
        <TextField id="exchange-ends" type="date" label={t('exchanges.endsOn')} value={endsOn} onChange={setEndsOn} error={errors['exchange-ends']} />
        <SelectField id="exchange-community" label={t('exchanges.community')} hint={t('exchanges.communityHint')} optional value={community} onChange={setCommunity}>
          <option value="">{t('exchanges.noCommunity')}</option>
          {communities.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {c.name}
            </option>
          ))}
        </SelectField>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('common.saving') : t('exchanges.createSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
