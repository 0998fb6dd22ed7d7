// The platform's outcome figures: the report sentence, tiles, charts, a CSV download and, for
// the secretariat, the communities whose health needs attention.
import { useEffect, useState } from 'react';
import { communityApi, type Health, type PlatformFigures } from '../api';
import { BarChart, FigureTiles, MeetingsChart } from '../components/charts';
import { Notice } from '../components/forms';
import { Loading, PageHeader, useTitle } from '../components/page';
import { errorMessage } from '../errors';
import { healthFlagName, t, useLanguage } from '../i18n';
import { Link } from '../router';
import { sessionEnded, useSession } from '../session';

export const FIGURES_CSV = '/api/v1/figures.csv';

export function DashboardPage() {
  const lang = useLanguage();
  useTitle(t('dash.title'));
  const { me, setMe } = useSession();
  const [data, setData] = useState<PlatformFigures | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [health, setHealth] = useState<Health[] | null>(null);
  const [healthError, setHealthError] = useState<string | null>(null);
  const secretariat = me?.role === 'platform_admin';

  useEffect(() => {
    let live = true;
    communityApi
      .platformFigures(lang)
      .then((d) => {
        if (live) setData({ ...d, communities: d.communities ?? [] });
      })
      .catch((e) => {
        if (!live || sessionEnded(e, setMe)) return;
        setLoadError(errorMessage(e));
      });
    return () => {
      live = false;
    };
  }, [lang, setMe]);

  useEffect(() => {
    if (!secretariat) return;
    let live = true;
    communityApi
      .health()
      .then((h) => {
        if (live) setHealth(h);
      })
      .catch((e) => {
        if (!live || sessionEnded(e, setMe)) return;
        setHealthError(errorMessage(e));
      });
    return () => {
      live = false;
    };
  }, [secretariat, setMe]);

  return (
    <>
      <PageHeader title={t('dash.title')} lead={t('dash.lead')} />
      {loadError && <Notice kind="error">{loadError}</Notice>}
      {!data && !loadError && <Loading />}
      {data && (
        <>
          <section className="card" aria-labelledby="report-title">
            <h2 id="report-title">{t('dash.report')}</h2>
            <p className="report" data-testid="report">
              {data.report}
            </p>
            <p>
              <a href={FIGURES_CSV} download>
                {t('dash.csv')}
              </a>
            </p>
          </section>
          <section className="card" aria-labelledby="tiles-title">
            <h2 id="tiles-title">{t('dash.platform')}</h2>
            <FigureTiles figures={data.platform} testId="platform-figures" />
          </section>
          <section className="card" aria-labelledby="charts-title">
            <h2 id="charts-title">{t('dash.charts')}</h2>
            <MeetingsChart id="meetings-chart" figures={data.platform} />
            <BarChart
              id="communities-chart"
              title={t('chart.perCommunity')}
              categories={data.communities.map((c) => c.name)}
              series={[
                { name: t('figures.companies_engaged'), values: data.communities.map((c) => c.companies_engaged ?? 0) },
                { name: t('figures.member_organisations'), values: data.communities.map((c) => c.member_organisations ?? 0) },
              ]}
            />
          </section>
        </>
      )}
      {secretariat && (
        <section className="card" aria-labelledby="health-title">
          <h2 id="health-title">{t('dash.health')}</h2>
          {healthError && <Notice kind="error">{healthError}</Notice>}
          {!health && !healthError && <Loading />}
          {health && health.length === 0 && <p>{t('dash.healthy')}</p>}
          {health && health.length > 0 && (
            <ul className="plain-list" data-testid="health">
              {health.map((h) => (
                <li key={h.community_id}>
                  <Link to={`/communities/${h.community_id}`}>{h.name}</Link>
                  <ul>
                    {(h.flags ?? []).map((f) => (
                      <li key={f.code}>
                        {healthFlagName(f.code)}
                        {f.detail && <span className="muted"> ({f.detail})</span>}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}
