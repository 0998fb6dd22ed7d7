// The community's document library: documents with their versions, uploads and downloads.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { communityApi, downloadUrl, LIST_PAGE, type Community, type CommunityDocument } from '../../api';
import { Notice, TextField } from '../../components/forms';
import { appendPage, Loading, ShowMore } from '../../components/page';
import { errorMessage } from '../../errors';
import { formatBytes, formatDate, formatDateTime, formatNumber, t } from '../../i18n';
import { sessionEnded, useSession } from '../../session';
import { useResource } from './shared';

export const MAX_UPLOAD = 20 * 1024 * 1024;
export const ALLOWED_EXTENSIONS = ['pdf', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'txt', 'csv', 'md', 'png', 'jpg', 'jpeg', 'zip'];

/** Why `file` cannot be uploaded, or null. */
export function fileProblem(file: File | null): string | null {
  if (!file) return t('docs.fileRequired');
  const ext = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
  if (!ALLOWED_EXTENSIONS.includes(ext)) return t('docs.fileType', { types: ALLOWED_EXTENSIONS.join(', ') });
  if (file.size > MAX_UPLOAD) return t('docs.fileTooLarge');
  if (file.size === 0) return t('docs.fileEmpty');
  return null;
}

/** A labelled file input with hint and error, the same frame as the other fields. */
export function FileField({
  id,
  label,
  error,
  onChange,
  inputRef,
}: {
  id: string;
  label: string;
  error?: string;
  onChange: (file: File | null) => void;
  inputRef?: React.Ref<HTMLInputElement>;
}) {
  const described = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <p className="field__hint" id={`${id}-hint`}>
        {t('docs.fileHint', { types: ALLOWED_EXTENSIONS.join(', ') })}
      </p>
      {error && (
        <p className="field__error" id={`${id}-error`}>
          <span className="visually-hidden">{t('form.errorPrefix')} </span>
          {error}
        </p>
      )}
      <input
        id={id}
        name={id}
        type="file"
        className="input input--file"
        ref={inputRef}
        accept={ALLOWED_EXTENSIONS.map((e) => `.${e}`).join(',')}
        aria-describedby={described}
        aria-invalid={error ? true : undefined}
        aria-required
        onChange={(e) => onChange(e.target.files?.[0] ?? null)}
      />
    </div>
  );
}

export function DocumentsPanel({ community }: { community: Community }) {
  const { setMe, announce } = useSession();
  const docs = useResource(() => communityApi.documents(community.id), `documents-${community.id}`);
  const [more, setMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [focusId, setFocusId] = useState<number | null>(null);
  const replace = (doc: CommunityDocument) =>
    docs.setData((page) => {
      const list = page?.items ?? [];
      const known = list.some((d) => d.id === doc.id);
      const rest = list.filter((d) => d.id !== doc.id);
      const total = (page?.total ?? 0) + (known ? 0 : 1);
      return { total, offset: 0, limit: page?.limit ?? LIST_PAGE, items: [doc, ...rest] };
    });

  // After “Show more”, the first of the newly shown documents takes the focus.
  useEffect(() => {
    if (focusId === null) return;
    document.getElementById(`doc-${focusId}-title`)?.focus();
    setFocusId(null);
  }, [focusId]);

  // The next page starts after the documents shown (a document shared here meanwhile is on
  // both lists, so the offsets still agree).
  async function showMore() {
    const shown = docs.data?.items ?? [];
    setMoreError(null);
    setMore(true);
    try {
      const page = await communityApi.documents(community.id, shown.length);
      const { items, added } = appendPage(shown, page.items);
      docs.setData(() => ({ ...page, offset: 0, items }));
      announce(t('list.showing', { shown: formatNumber(items.length), total: formatNumber(page.total) }));
      if (added.length > 0) setFocusId(added[0].id);
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setMoreError(errorMessage(err));
    } finally {
      setMore(false);
    }
  }

  const items = docs.data?.items;
  return (
    <>
      <h2 id="panel-title" tabIndex={-1}>
        {t('community.tab.documents')}
      </h2>
      {docs.error && <Notice kind="error">{docs.error}</Notice>}
      {!docs.data && !docs.error && <Loading />}
      {items && items.length === 0 && <p className="card">{t('docs.none')}</p>}
      {items?.map((d) => (
        <DocumentCard key={d.id} community={community} doc={d} onChange={replace} />
      ))}
      {moreError && <Notice kind="error">{moreError}</Notice>}
      {docs.data && items && (
        <ShowMore
          id="documents-more"
          shown={items.length}
          total={Math.max(docs.data.total, items.length)}
          busy={more}
          label={t('docs.showMore')}
          onMore={showMore}
        />
      )}
      {community.can.contribute && <UploadForm community={community} onUploaded={replace} />}
    </>
  );
}

function DocumentCard({ community, doc, onChange }: { community: Community; doc: CommunityDocument; onChange: (d: CommunityDocument) => void }) {
  const titleId = `doc-${doc.id}-title`;
  return (
    <section className="card" aria-labelledby={titleId} data-testid={`document-${doc.id}`}>
      <h3 id={titleId} tabIndex={-1}>
        {doc.title}
      </h3>
      <p className="muted">{t('docs.addedBy', { name: doc.created_by.name, date: formatDate(doc.created_at) })}</p>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{t('docs.versionsOf', { title: doc.title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('docs.col.version')}</th>
              <th scope="col">{t('docs.col.file')}</th>
              <th scope="col" className="num">
                {t('docs.col.size')}
              </th>
              <th scope="col">{t('docs.col.sha')}</th>
              <th scope="col">{t('docs.col.uploaded')}</th>
              <th scope="col">{t('docs.col.download')}</th>
            </tr>
          </thead>
          <tbody>
            {doc.versions.map((v) => (
              <tr key={v.version}>
                <th scope="row">{formatNumber(v.version)}</th>
                <td>{v.filename}</td>
                <td className="num">{formatBytes(v.size)}</td>
                <td>
                  <code className="code" title={v.sha256}>
                    {v.sha256.slice(0, 12)}…
                  </code>
                </td>
                <td>{t('docs.uploadedBy', { name: v.uploaded_by.name, date: formatDateTime(v.uploaded_at) })}</td>
                <td>
                  <a href={downloadUrl(community.id, doc.id, v.version)} download={v.filename}>
                    {t('docs.download')} <span className="visually-hidden">{t('docs.downloadWhat', { version: v.version, title: doc.title })}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {community.can.contribute && <VersionForm community={community} doc={doc} onUploaded={onChange} />}
    </section>
  );
}

function VersionForm({ community, doc, onUploaded }: { community: Community; doc: CommunityDocument; onUploaded: (d: CommunityDocument) => void }) {
  const { setMe, announce } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const id = `doc-${doc.id}-file`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const bad = fileProblem(file);
    setError(bad ?? undefined);
    if (bad || !file) {
      input.current?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const updated = await communityApi.uploadVersion(community.id, doc.id, file);
      onUploaded(updated);
      if (input.current) input.current.value = '';
      setFile(null);
      announce(t('docs.versionUploaded', { title: updated.title, version: updated.versions[0]?.version ?? '' }));
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form form--inline" onSubmit={submit} noValidate>
      {problem && <Notice kind="error">{problem}</Notice>}
      <FileField id={id} label={t('docs.newVersionOf', { title: doc.title })} error={error} onChange={setFile} inputRef={input} />
      <div className="form__actions">
        <button type="submit" className="button button--secondary" disabled={busy}>
          {busy ? t('docs.uploading') : t('docs.uploadVersion')}
        </button>
      </div>
    </form>
  );
}

function UploadForm({ community, onUploaded }: { community: Community; onUploaded: (d: CommunityDocument) => void }) {
  const { setMe, announce } = useSession();
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<{ title?: string; file?: string }>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const next = { title: title.trim() ? undefined : t('docs.titleRequired'), file: fileProblem(file) ?? undefined };
    setErrors(next);
    if (next.title || next.file || !file) {
      if (next.title) document.getElementById('upload-title')?.focus();
      else input.current?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      const doc = await communityApi.uploadDocument(community.id, title.trim(), file);
      onUploaded(doc);
      setTitle('');
      setFile(null);
      if (input.current) input.current.value = '';
      const message = t('docs.uploaded', { title: doc.title });
      setDone(message);
      announce(message);
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="upload-heading">
      <h3 id="upload-heading">{t('docs.upload')}</h3>
      {problem && <Notice kind="error">{problem}</Notice>}
      {done && <Notice kind="success">{done}</Notice>}
      <form className="form" onSubmit={submit} noValidate>
        <TextField id="upload-title" label={t('docs.title')} value={title} onChange={setTitle} error={errors.title} maxLength={200} />
        <FileField id="upload-file" label={t('docs.file')} error={errors.file} onChange={setFile} inputRef={input} />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('docs.uploading') : t('docs.uploadSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
