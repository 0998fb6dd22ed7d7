// One needs assessment: for a respondent the answer form (what answering means comes first);
// for the secretariat the assessment itself and the tabs Progress, Analysis and Group formation.
import { useEffect, useRef } from 'react';
import { assessmentApi, type Assessment } from '../../api';
import { Notice } from '../../components/forms';
import { Loading, PageHeader, useTitle } from '../../components/page';
import { assessmentStatusName, formatDay, formatNumber, t, useLanguage, type MessageKey } from '../../i18n';
import { Link, type AssessmentTab } from '../../router';
import { useSession } from '../../session';
import { PanelLink, useResource } from '../community/shared';
import { AnalysisPanel } from './Analysis';
import { FormationPanel } from './Formation';
import { ProgressPanel } from './Progress';
import { ResponseForm } from './Response';

const TABS: AssessmentTab[] = ['overview', 'progress', 'analysis', 'formation'];

export function assessmentPath(id: number, tab: AssessmentTab): string {
  return tab === 'overview' ? `/assessments/${id}` : `/assessments/${id}/${tab}`;
}

export function AssessmentPage({ id, tab }: { id: number; tab: AssessmentTab }) {
  useLanguage();
  const { me } = useSession();
  const secretariat = me?.role === 'platform_admin';
  const res = useResource(() => assessmentApi.get(id), String(id));
  const a = res.data;
  const shownTab: AssessmentTab = secretariat ? tab : 'overview';
  const tabName = t(`assessment.tab.${shownTab}` as MessageKey);
  useTitle(a ? (secretariat ? t('assessment.titleNamed', { title: a.title, tab: tabName }) : a.title) : t('assessment.title'));

  // Moving between tabs keeps the page: focus goes to the new panel's heading.
  const lastTab = useRef(shownTab);
  useEffect(() => {
    if (lastTab.current === shownTab) return;
    lastTab.current = shownTab;
    const frame = window.requestAnimationFrame(() => document.getElementById('panel-title')?.focus());
    return () => window.cancelAnimationFrame(frame);
  }, [shownTab]);

  const back = (
    <p className="breadcrumb">
      <Link to="/assessments">{t('assessment.backToList')}</Link>
    </p>
  );

  if (res.error) {
    const notFound = res.status === 404;
    return (
      <>
        {back}
        <PageHeader title={notFound ? t('assessment.notFoundTitle') : t('assessment.title')} />
        {notFound ? (
          <p>{t('assessment.notFoundLead')}</p>
        ) : (
          <Notice kind="error" title={res.status === 403 ? t('assessment.forbiddenTitle') : undefined}>
            <p data-testid="assessment-problem">{res.error}</p>
          </Notice>
        )}
      </>
    );
  }
  if (!a) return <Loading />;

  return (
    <>
      {back}
      <PageHeader
        title={a.title}
        lead={t('assessment.lead', { status: assessmentStatusName(a.status), opens: formatDay(a.opens_on), closes: formatDay(a.closes_on) })}
      />
      {secretariat && (
        <nav className="subnav" aria-label={t('assessment.tabsLabel')}>
          <ul className="subnav__list">
            {TABS.map((name) => (
              <li key={name}>
                <PanelLink to={assessmentPath(a.id, name)} current={name === shownTab ? 'page' : undefined}>
                  {t(`assessment.tab.${name}` as MessageKey)}
                </PanelLink>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div className="panel" data-testid="assessment-panel">
        {shownTab === 'overview' &&
          (secretariat ? (
            <Overview assessment={a} />
          ) : (
            <ResponseForm assessment={a} onSaved={(r) => res.setData((cur) => (cur ? { ...cur, my_response: r } : cur))} />
          ))}
        {shownTab === 'progress' && <ProgressPanel assessment={a} onChange={res.reload} />}
        {shownTab === 'analysis' && <AnalysisPanel assessment={a} />}
        {shownTab === 'formation' && <FormationPanel assessment={a} />}
      </div>
    </>
  );
}

/** The statement that answering commits nobody, shown prominently on every answer form. */
export function CommitmentNote({ note }: { note?: string }) {
  return (
    <div className="notice notice--info commitment-note" data-testid="commitment-note">
      <p className="notice__title">{t('assessment.commitmentTitle')}</p>
      <p className="prose">{note || t('assessment.commitmentDefault')}</p>
    </div>
  );
}

/** The assessment as the secretariat prepared it. */
function Overview({ assessment: a }: { assessment: Assessment }) {
  return (
    <>
      <h2 id="panel-title" tabIndex={-1}>
        {t('assessment.tab.overview')}
      </h2>
      <div className="card">
        <dl className="facts" data-testid="assessment-facts">
          <div>
            <dt>{t('assessment.status')}</dt>
            <dd>{assessmentStatusName(a.status)}</dd>
          </div>
          <div>
            <dt>{t('assessments.opensOn')}</dt>
            <dd>{formatDay(a.opens_on)}</dd>
          </div>
          <div>
            <dt>{t('assessments.closesOn')}</dt>
            <dd>{formatDay(a.closes_on)}</dd>
          </div>
          <div>
            <dt>{t('assessments.monthsAhead')}</dt>
            <dd>{formatNumber(a.months_ahead)}</dd>
          </div>
          <div>
            <dt>{t('assessment.counts')}</dt>
            <dd>
              {t('assessment.countsValue', {
                invited: formatNumber(a.invited ?? 0),
                started: formatNumber(a.started ?? 0),
                submitted: formatNumber(a.submitted ?? 0),
              })}
            </dd>
          </div>
        </dl>
        {a.description && <p className="prose">{a.description}</p>}
      </div>
      <CommitmentNote note={a.commitment_note} />
      <section className="card" aria-labelledby="areas-title">
        <h3 id="areas-title">{t('assessments.areas')}</h3>
        <AreaList assessment={a} />
      </section>
    </>
  );
}

export function AreaList({ assessment }: { assessment: Assessment }) {
  return (
    <ul className="plain-list" data-testid="areas">
      {assessment.areas.map((area) => (
        <li key={area.id}>
          <strong>{area.name}</strong> <span className="muted code">{area.key}</span>
          {area.description && <p className="prose">{area.description}</p>}
          {area.cpv.length > 0 && <p className="muted">{t('assessment.cpvCodes', { codes: area.cpv.join(', ') })}</p>}
        </li>
      ))}
    </ul>
  );
}
