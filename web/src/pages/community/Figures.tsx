// Figures: what this community has recorded (meetings held, companies engaged, ...).
import { communityApi, type Community } from '../../api';
import { FigureTiles, MeetingsChart } from '../../components/charts';
import { Notice } from '../../components/forms';
import { Loading } from '../../components/page';
import { t } from '../../i18n';
import { useResource } from './shared';

export function FiguresPanel({ community }: { community: Community }) {
  const figures = useResource(() => communityApi.figures(community.id), `figures-${community.id}`);
  return (
    <>
      <h2 id="panel-title" tabIndex={-1}>
        {t('community.tab.figures')}
      </h2>
      <p>{t('figures.lead')}</p>
      {figures.error && <Notice kind="error">{figures.error}</Notice>}
      {!figures.data && !figures.error && <Loading />}
      {figures.data && (
        <>
          <section className="card" aria-labelledby="figures-tiles-title">
            <h3 id="figures-tiles-title">{t('figures.summary')}</h3>
            <FigureTiles figures={figures.data} omit={['communities']} testId="community-figures" />
          </section>
          <section className="card" aria-labelledby="figures-chart-title">
            <h3 id="figures-chart-title">{t('figures.meetings')}</h3>
            <MeetingsChart id="community-meetings-chart" figures={figures.data} />
          </section>
        </>
      )}
    </>
  );
}
