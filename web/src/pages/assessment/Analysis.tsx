// What the submitted answers say, per area: how many organisations are interested and how
// much, who volunteers to lead, the planned procurements' combined value, the countries and the
// challenges named. The chart is one image with a spoken summary, the table holds the numbers.
import { assessmentApi, type Assessment } from '../../api';
import { BarChart } from '../../components/charts';
import { Notice } from '../../components/forms';
import { Loading } from '../../components/page';
import { countryName, formatEuro, formatNumber, interestName, t } from '../../i18n';
import { useResource } from '../community/shared';

export function AnalysisPanel({ assessment: a }: { assessment: Assessment }) {
  const analysis = useResource(() => assessmentApi.analysis(a.id), String(a.id));
  const data = analysis.data;
  return (
    <>
      <h2 id="panel-title" tabIndex={-1}>
        {t('assessment.tab.analysis')}
      </h2>
      {analysis.error && <Notice kind="error">{analysis.error}</Notice>}
      {!data && !analysis.error && <Loading />}
      {data && (
        <>
          <section className="card" aria-labelledby="analysis-summary-title">
            <h3 id="analysis-summary-title">{t('analysis.summary')}</h3>
            <p data-testid="analysis-summary">
              {t('analysis.respondents', { count: formatNumber(data.respondents ?? 0), observers: formatNumber(data.observer_only ?? 0) })}
            </p>
            <BarChart
              id="interest-chart"
              title={t('analysis.chartTitle')}
              categories={data.areas.map((x) => x.name)}
              series={[{ name: t('analysis.interested'), values: data.areas.map((x) => x.interested ?? 0) }]}
            />
          </section>
          <div className="card">
            <h3 id="analysis-table-title">{t('analysis.perArea')}</h3>
            {/* wide: the wrapper scrolls, so it can take focus to be scrolled by keyboard */}
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="analysis-table-title">
              <table className="table" data-testid="analysis">
                <caption className="visually-hidden">{t('analysis.perArea')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('analysis.col.area')}</th>
                    <th scope="col" className="num">
                      {t('analysis.interested')}
                    </th>
                    {(['3', '2', '1'] as const).map((level) => (
                      <th key={level} scope="col" className="num">
                        {t('analysis.col.level', { level: interestName(level) })}
                      </th>
                    ))}
                    <th scope="col" className="num">
                      {t('analysis.col.leads')}
                    </th>
                    <th scope="col" className="num">
                      {t('analysis.col.planned')}
                    </th>
                    <th scope="col" className="num">
                      {t('analysis.col.value')}
                    </th>
                    <th scope="col">{t('analysis.col.countries')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.areas.map((x) => (
                    <tr key={x.area_id}>
                      <th scope="row">{x.name}</th>
                      <td className="num">{formatNumber(x.interested ?? 0)}</td>
                      {(['3', '2', '1'] as const).map((level) => (
                        <td key={level} className="num">
                          {formatNumber(x.by_interest[level] ?? 0)}
                        </td>
                      ))}
                      <td className="num">{formatNumber(x.leads ?? 0)}</td>
                      <td className="num">{formatNumber(x.planned ?? 0)}</td>
                      <td className="num">{formatEuro(x.planned_value_eur ?? 0)}</td>
                      <td>
                        {x.countries.length === 0
                          ? '–'
                          : x.countries.map((c) => t('analysis.country', { country: countryName(c.code), count: formatNumber(c.count) })).join(', ')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          <section className="card" aria-labelledby="analysis-challenges-title">
            <h3 id="analysis-challenges-title">{t('analysis.challenges')}</h3>
            {data.areas.map((x) => (
              <div key={x.area_id} data-testid="area-challenges">
                <h4>{x.name}</h4>
                {x.challenges.length === 0 ? (
                  <p className="muted">{t('analysis.noChallenges')}</p>
                ) : (
                  <ul className="plain-list">
                    {x.challenges.map((c, i) => (
                      <li key={i} className="prose">
                        {c}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            ))}
          </section>
        </>
      )}
    </>
  );
}
