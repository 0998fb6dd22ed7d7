// Events: the list by start, a form to plan one, and one event's page (invitations,
// registration, attendance, minutes).
import { useState, type FormEvent } from 'react';
import {
  calendarUrl,
  communityApi,
  EVENT_KINDS,
  type Community,
  type CommunityEvent,
  type EventInput,
  type EventKind,
  type MarketActor,
} from '../../api';
import { Notice, SelectField, TextAreaField, TextField } from '../../components/forms';
import { Loading } from '../../components/page';
import { errorMessage } from '../../errors';
import { eventKindName, t } from '../../i18n';
import { sessionEnded, useSession } from '../../session';
import { activeMembers, browserTimeZone, eventWhen, eventWhenHere, goTo, PanelLink, timeZones, toggle, useResource } from './shared';

export function EventsPanel({ community, eventId }: { community: Community; eventId: number | null }) {
  return eventId === null ? <EventList community={community} /> : <EventView key={eventId} community={community} eventId={eventId} />;
}

function byStart(a: CommunityEvent, b: CommunityEvent) {
  return (a.starts_at_utc || a.starts_at).localeCompare(b.starts_at_utc || b.starts_at);
}

function EventList({ community }: { community: Community }) {
  const events = useResource(() => communityApi.events(community.id), `events-${community.id}`);
  const list = events.data ? [...events.data].sort(byStart) : null;
  return (
    <>
      <h2 id="panel-title" tabIndex={-1}>
        {t('community.tab.events')}
      </h2>
      <p>
        <a href={calendarUrl(community.id)}>{t('events.calendar')}</a>
      </p>
      {events.error && <Notice kind="error">{events.error}</Notice>}
      {!list && !events.error && <Loading />}
      {list && list.length === 0 && <p className="card">{t('events.none')}</p>}
      {list && list.length > 0 && (
        <ol className="plain-list events" data-testid="events">
          {list.map((e) => (
            <li key={e.id} className="card event">
              <h3 className="event__title">
                <PanelLink to={`/communities/${community.id}/events/${e.id}`}>{e.title}</PanelLink>
              </h3>
              <p className="event__meta">
                <span className="badge">{eventKindName(e.kind)}</span>
                {e.status === 'cancelled' && (
                  <>
                    {' '}
                    <span className="badge badge--no">{t('events.cancelled')}</span>
                  </>
                )}{' '}
                <time dateTime={e.starts_at_utc}>{eventWhen(e)}</time>
              </p>
              {e.place && <p className="muted">{t('events.placeLine', { place: e.place })}</p>}
            </li>
          ))}
        </ol>
      )}
      {community.can.plan && <EventForm community={community} />}
    </>
  );
}

/** A datetime-local value as the API wants it: "YYYY-MM-DDTHH:MM" (seconds dropped). */
export function toApiLocal(value: string): string {
  return value.slice(0, 16);
}

export function EventForm({ community }: { community: Community }) {
  const { setMe, announce } = useSession();
  const [zone] = useState(browserTimeZone);
  const [kind, setKind] = useState<EventKind>('online_meeting');
  const [title, setTitle] = useState('');
  const [agenda, setAgenda] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [timeZone, setTimeZone] = useState(zone);
  const [place, setPlace] = useState('');
  const [online, setOnline] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const start = toApiLocal(startsAt);
    const end = toApiLocal(endsAt);
    const next: Record<string, string | undefined> = {
      'event-title': title.trim() ? undefined : t('events.titleRequired'),
      'event-starts': start ? undefined : t('events.startRequired'),
      'event-ends': !end ? t('events.endRequired') : start && end <= start ? t('events.endAfterStart') : undefined,
      'event-online': online.trim() && !/^https?:\/\/\S+$/.test(online.trim()) ? t('events.urlInvalid') : undefined,
    };
    setErrors(next);
    const first = Object.keys(next).find((k) => next[k]);
    if (first) {
      document.getElementById(first)?.focus();
      return;
    }
    const input: EventInput = { kind, title: title.trim(), starts_at: start, ends_at: end, time_zone: timeZone };
    if (agenda.trim()) input.agenda = agenda.trim();
    if (place.trim()) input.place = place.trim();
    if (online.trim()) input.online_url = online.trim();
    setBusy(true);
    setProblem(null);
    try {
      const created = await communityApi.createEvent(community.id, input);
      announce(t('events.created', { title: created.title }));
      goTo(`/communities/${community.id}/events/${created.id}`);
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="new-event-title">
      <h3 id="new-event-title">{t('events.new')}</h3>
      {problem && <Notice kind="error">{problem}</Notice>}
      <form className="form" onSubmit={submit} noValidate>
        <SelectField id="event-kind" label={t('events.kind')} value={kind} onChange={(v) => setKind(v as EventKind)}>
          {EVENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {eventKindName(k)}
            </option>
          ))}
        </SelectField>
        <TextField id="event-title" label={t('events.title')} value={title} onChange={setTitle} error={errors['event-title']} maxLength={200} />
        <TextAreaField id="event-agenda" label={t('events.agenda')} optional value={agenda} onChange={setAgenda} rows={4} />
        <TextField
          id="event-starts"
          type="datetime-local"
          label={t('events.startsAt')}
          value={startsAt}
          onChange={setStartsAt}
          error={errors['event-starts']}
        />
        <TextField id="event-ends" type="datetime-local" label={t('events.endsAt')} value={endsAt} onChange={setEndsAt} error={errors['event-ends']} />
        <SelectField id="event-zone" label={t('events.timeZone')} hint={t('events.timeZoneHint')} value={timeZone} onChange={setTimeZone}>
          {timeZones(zone).map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </SelectField>
        <TextField id="event-place" label={t('events.place')} optional value={place} onChange={setPlace} maxLength={300} />
        <TextField
          id="event-online"
          type="url"
          label={t('events.online')}
          hint={t('events.onlineHint')}
          optional
          value={online}
          onChange={setOnline}
          error={errors['event-online']}
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('common.saving') : t('events.create')}
          </button>
        </div>
      </form>
    </section>
  );
}

function EventView({ community, eventId }: { community: Community; eventId: number }) {
  const { setMe, announce } = useSession();
  const ev = useResource(() => communityApi.event(community.id, eventId), `event-${community.id}-${eventId}`);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function act(run: () => Promise<CommunityEvent | undefined>, message: (e: CommunityEvent) => string) {
    setBusy(true);
    setProblem(null);
    try {
      const updated = (await run()) ?? (await communityApi.event(community.id, eventId));
      ev.setData(() => updated);
      announce(message(updated));
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const back = community.can.view_workspace && (
    <p className="breadcrumb">
      <PanelLink to={`/communities/${community.id}/events`}>{t('events.back')}</PanelLink>
    </p>
  );
  if (ev.error) {
    return (
      <>
        <h2 id="panel-title" tabIndex={-1}>
          {t('community.tab.events')}
        </h2>
        <Notice kind="error">{ev.error}</Notice>
        {back}
      </>
    );
  }
  if (!ev.data) return <Loading />;
  const e = ev.data;
  const here = eventWhenHere(e);
  const mayRegister = (community.can.contribute || e.me.invited) && e.status === 'scheduled';

  return (
    <>
      {back}
      <h2 id="panel-title" tabIndex={-1}>
        {e.title}
      </h2>
      {problem && <Notice kind="error">{problem}</Notice>}
      <div className="card">
        <dl className="facts" data-testid="event-facts">
          <div>
            <dt>{t('events.kind')}</dt>
            <dd>{eventKindName(e.kind)}</dd>
          </div>
          <div>
            <dt>{t('events.whenLabel')}</dt>
            <dd>
              <time dateTime={e.starts_at_utc}>{eventWhen(e)}</time>
              {here && <span className="muted"> ({here})</span>}
            </dd>
          </div>
          {e.place && (
            <div>
              <dt>{t('events.place')}</dt>
              <dd>{e.place}</dd>
            </div>
          )}
          {e.online_url && (
            <div>
              <dt>{t('events.online')}</dt>
              <dd>
                <a href={e.online_url} rel="noopener noreferrer">
                  {e.online_url}
                </a>
              </dd>
            </div>
          )}
          <div>
            <dt>{t('events.status')}</dt>
            <dd>{e.status === 'cancelled' ? t('events.cancelled') : t('events.scheduled')}</dd>
          </div>
          <div>
            <dt>{t('events.yourRegistration')}</dt>
            <dd data-testid="my-registration">{e.me.registered ? t('events.registered') : t('events.notRegistered')}</dd>
          </div>
        </dl>
        {e.agenda && (
          <>
            <h3>{t('events.agenda')}</h3>
            <p className="prose">{e.agenda}</p>
          </>
        )}
        {mayRegister && (
          <p>
            {e.me.registered ? (
              <button
                type="button"
                className="button button--secondary"
                disabled={busy}
                onClick={() => act(() => communityApi.unregister(community.id, e.id), (x) => t('events.unregistered', { title: x.title }))}
              >
                {t('events.unregister')}
              </button>
            ) : (
              <button
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() => act(() => communityApi.register(community.id, e.id), (x) => t('events.registeredFor', { title: x.title }))}
              >
                {t('events.register')}
              </button>
            )}
          </p>
        )}
      </div>
      <section className="card" aria-labelledby="people-title">
        <h3 id="people-title">{t('events.people')}</h3>
        <h4>{t('events.invitedList')}</h4>
        {e.invited.length === 0 ? (
          <p>{t('events.nobodyInvited')}</p>
        ) : (
          <ul className="plain-list" data-testid="invited">
            {e.invited.map((p) => (
              <li key={p.id}>
                {p.name} <span className="muted">({p.organisation})</span>
                {p.guest && <span className="badge"> {t('events.guest')}</span>}
              </li>
            ))}
          </ul>
        )}
        <h4>{t('events.registeredList')}</h4>
        {e.registered.length === 0 ? (
          <p>{t('events.nobodyRegistered')}</p>
        ) : (
          <ul className="plain-list" data-testid="registered">
            {e.registered.map((p) => (
              <li key={p.id}>
                {p.name} <span className="muted">({p.organisation})</span>
                {p.attended && <span className="badge badge--yes">{t('events.attended')}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      {community.can.plan && (
        <>
          <InviteForm community={community} event={e} onDone={(x) => ev.setData(() => x)} />
          <AttendanceForm community={community} event={e} onDone={(x) => ev.setData(() => x)} />
        </>
      )}
      {community.can.plan ? (
        <MinutesForm community={community} event={e} onDone={(x) => ev.setData(() => x)} />
      ) : (
        e.minutes && (
          <section className="card" aria-labelledby="minutes-title">
            <h3 id="minutes-title">{t('events.minutes')}</h3>
            <p className="prose">{e.minutes}</p>
          </section>
        )
      )}
    </>
  );
}

type EventProps = { community: Community; event: CommunityEvent; onDone: (e: CommunityEvent) => void };

function InviteForm({ community, event, onDone }: EventProps) {
  const { setMe, announce } = useSession();
  const members = useResource(() => communityApi.members(community.id), `members-${community.id}`);
  const [chosen, setChosen] = useState<number[]>([]);
  const [query, setQuery] = useState('');
  const [actors, setActors] = useState<MarketActor[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const invited = new Set(event.invited.map((p) => p.id));
  const choices = activeMembers(members.data).filter((m) => !invited.has(m.user_id));

  async function search(e: FormEvent) {
    e.preventDefault();
    setSearching(true);
    setProblem(null);
    try {
      setActors(await communityApi.marketActors(query.trim()));
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setSearching(false);
    }
  }

  async function invite() {
    if (chosen.length === 0) {
      setProblem(t('events.chooseInvitees'));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const updated = await communityApi.inviteToEvent(community.id, event.id, chosen);
      onDone(updated);
      announce(t('events.invitationsSent', { count: chosen.length }));
      setChosen([]);
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const box = (id: string, userId: number, label: React.ReactNode) => (
    <li key={id} className="checkbox-field">
      <input
        id={id}
        type="checkbox"
        className="checkbox"
        checked={chosen.includes(userId)}
        onChange={(e) => setChosen((c) => toggle(c, userId, e.target.checked))}
      />
      <label htmlFor={id}>{label}</label>
    </li>
  );

  return (
    <section className="card" aria-labelledby="invite-title">
      <h3 id="invite-title">{t('events.invite')}</h3>
      {problem && <Notice kind="error">{problem}</Notice>}
      <fieldset className="fieldset">
        <legend className="fieldset__legend">{t('events.inviteMembers')}</legend>
        {choices.length === 0 ? (
          <p>{t('events.allMembersInvited')}</p>
        ) : (
          <ul className="check-list">
            {choices.map((m) =>
              box(`invite-member-${m.user_id}`, m.user_id, (
                <>
                  {m.name} <span className="muted">({m.organisation.name})</span>
                </>
              )),
            )}
          </ul>
        )}
      </fieldset>
      <form className="form form--inline" onSubmit={search} noValidate role="search" aria-label={t('events.findActors')}>
        <TextField id="actor-query" type="search" label={t('events.findActors')} hint={t('events.findActorsHint')} optional value={query} onChange={setQuery} />
        <div className="form__actions">
          <button type="submit" className="button button--secondary" disabled={searching}>
            {searching ? t('common.loading') : t('events.search')}
          </button>
        </div>
      </form>
      {actors && (
        <fieldset className="fieldset">
          <legend className="fieldset__legend">{t('events.inviteActors')}</legend>
          {actors.filter((a) => !invited.has(a.id)).length === 0 ? (
            <p>{t('events.noActors')}</p>
          ) : (
            <ul className="check-list" data-testid="market-actors">
              {actors
                .filter((a) => !invited.has(a.id))
                .map((a) =>
                  box(`invite-actor-${a.id}`, a.id, (
                    <>
                      {a.name} <span className="muted">({a.organisation})</span>
                    </>
                  )),
                )}
            </ul>
          )}
        </fieldset>
      )}
      <button type="button" className="button button--primary" onClick={invite} disabled={busy}>
        {busy ? t('common.sending') : t('events.sendInvitations')}
      </button>
    </section>
  );
}

function AttendanceForm({ community, event, onDone }: EventProps) {
  const { setMe, announce } = useSession();
  const [attended, setAttended] = useState<number[]>(event.registered.filter((r) => r.attended).map((r) => r.id));
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Registered people first, then the invited who did not register.
  const people: Array<{ id: number; name: string; organisation: string }> = [...event.registered];
  for (const p of event.invited) if (!people.some((x) => x.id === p.id)) people.push(p);
  if (people.length === 0) return null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const updated = await communityApi.attendance(community.id, event.id, attended);
      onDone(updated);
      announce(t('events.attendanceSaved'));
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="attendance-title">
      <h3 id="attendance-title">{t('events.attendance')}</h3>
      {problem && <Notice kind="error">{problem}</Notice>}
      <form className="form" onSubmit={submit} noValidate>
        <fieldset className="fieldset">
          <legend className="fieldset__legend">{t('events.whoAttended')}</legend>
          <ul className="check-list">
            {people.map((p) => (
              <li key={p.id} className="checkbox-field">
                <input
                  id={`attended-${p.id}`}
                  type="checkbox"
                  className="checkbox"
                  checked={attended.includes(p.id)}
                  onChange={(e) => setAttended((a) => toggle(a, p.id, e.target.checked))}
                />
                <label htmlFor={`attended-${p.id}`}>
                  {p.name} <span className="muted">({p.organisation})</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('events.saveAttendance')}
        </button>
      </form>
    </section>
  );
}

function MinutesForm({ community, event, onDone }: EventProps) {
  const { setMe, announce } = useSession();
  const [minutes, setMinutes] = useState(event.minutes ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      onDone(await communityApi.updateEvent(community.id, event.id, { minutes }));
      announce(t('events.minutesSaved'));
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="minutes-title">
      <h3 id="minutes-title">{t('events.minutes')}</h3>
      {problem && <Notice kind="error">{problem}</Notice>}
      <form className="form" onSubmit={submit} noValidate>
        <TextAreaField id="event-minutes" label={t('events.minutesLabel')} optional value={minutes} onChange={setMinutes} rows={6} />
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('events.saveMinutes')}
        </button>
      </form>
    </section>
  );
}
