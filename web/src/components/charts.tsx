// Outcome figures: tiles of numbers and horizontal bar charts drawn as inline SVG. Each chart
// is one image with a spoken summary (role="img", aria-label) and the same data as a table for
// screen readers. No inline styles (the CSP forbids them): colours come from styles.css.
import type { ReactNode } from 'react';
import type { Figures } from '../api';
import { eventKindName, formatEuro, formatNumber, t, type MessageKey } from '../i18n';

const TILES: Array<{ key: keyof Figures; label: MessageKey; euro?: boolean }> = [
  { key: 'communities', label: 'figures.communities' },
  { key: 'member_organisations', label: 'figures.member_organisations' },
  { key: 'combined_budget_eur', label: 'figures.combined_budget_eur', euro: true },
  { key: 'meetings_total', label: 'figures.meetings_total' },
  { key: 'online_meetings', label: 'figures.online_meetings' },
  { key: 'market_engagement_sessions', label: 'figures.market_engagement_sessions' },
  { key: 'companies_engaged', label: 'figures.companies_engaged' },
  { key: 'site_visits', label: 'figures.site_visits' },
  { key: 'factory_visits', label: 'figures.factory_visits' },
  { key: 'study_visits', label: 'figures.study_visits' },
  { key: 'documents_shared', label: 'figures.documents_shared' },
  { key: 'posts', label: 'figures.posts' },
];

/** The figures as a list of labelled numbers; `omit` leaves some out (e.g. "communities" for one community). */
export function FigureTiles({ figures, omit = [], testId }: { figures: Figures; omit?: Array<keyof Figures>; testId?: string }) {
  return (
    <dl className="tiles" data-testid={testId}>
      {TILES.filter((tile) => !omit.includes(tile.key)).map((tile) => {
        const value = Number(figures[tile.key] ?? 0);
        return (
          <div key={tile.key} className="tile" data-figure={tile.key}>
            <dt className="tile__label">{t(tile.label)}</dt>
            <dd className="tile__value">{tile.euro ? formatEuro(value) : formatNumber(value)}</dd>
          </div>
        );
      })}
    </dl>
  );
}

export interface Series {
  name: string;
  values: number[];
}

/** `text` cut to `max` characters with an ellipsis (chart labels have a fixed width). */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A chart image's name: its title and every value spoken (`parts`), or that it is empty. */
export function chartLabel(title: string, parts: string[]): string {
  return parts.length ? t('chart.label', { title, summary: parts.join('; ') }) : t('chart.empty', { title });
}

/** The data of a chart as a table: column headings, and rows whose first cell heads the row. */
export interface ChartTable {
  head: string[];
  rows: Array<{ key: string; cells: ReactNode[] }>;
}

/**
 * The frame every chart shares: a figure with its caption, one SVG image (role="img") named by
 * `label`, and the same data as a visually hidden table for screen readers.
 */
export function ChartFrame({
  id,
  title,
  label,
  width,
  height,
  wide = false,
  className,
  legend,
  table,
  children,
}: {
  id: string;
  title: string;
  label: string;
  width: number;
  height: number;
  wide?: boolean;
  className?: string;
  legend?: ReactNode;
  table: ChartTable;
  children: ReactNode;
}) {
  return (
    <figure className={className ? `chart ${className}` : 'chart'} aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart__title">
        {title}
      </figcaption>
      {legend}
      <svg
        className={wide ? 'chart__svg chart__svg--wide' : 'chart__svg'}
        role="img"
        aria-label={label}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
        data-testid={id}
      >
        {children}
      </svg>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            {table.head.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.cells[0]}</th>
              {r.cells.slice(1).map((c, i) => (
                <td key={i}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/**
 * A horizontal bar chart: one row per category, one bar per series. The SVG is a single image
 * whose name summarises every value; the visually hidden table holds the same numbers.
 */
export function BarChart({ id, title, categories, series }: { id: string; title: string; categories: string[]; series: Series[] }) {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const labelWidth = 220;
  const barArea = 360;
  const barHeight = 18;
  const gap = 4;
  const groupGap = 14;
  const groupHeight = series.length * (barHeight + gap) - gap;
  const height = categories.length * (groupHeight + groupGap) + 10;
  const width = labelWidth + barArea + 60;
  const label = chartLabel(
    title,
    categories.map((c, i) =>
      series.length === 1
        ? t('chart.value', { label: c, value: formatNumber(series[0].values[i] ?? 0) })
        : t('chart.value', { label: c, value: series.map((s) => `${s.name} ${formatNumber(s.values[i] ?? 0)}`).join(', ') }),
    ),
  );
  const legend =
    series.length > 1 ? (
      <ul className="chart__legend" aria-hidden="true">
        {series.map((s, i) => (
          <li key={s.name}>
            <span className={`chart__swatch chart__bar--${i}`} /> {s.name}
          </li>
        ))}
      </ul>
    ) : undefined;
  const table: ChartTable = {
    head: [t('chart.category'), ...series.map((s) => s.name)],
    rows: categories.map((c, ci) => ({ key: c, cells: [c, ...series.map((s) => formatNumber(s.values[ci] ?? 0))] })),
  };

  return (
    <ChartFrame id={id} title={title} label={label} width={width} height={Math.max(height, 30)} legend={legend} table={table}>
      {categories.map((c, ci) => {
        const y0 = 5 + ci * (groupHeight + groupGap);
        return (
          <g key={c}>
            <text x={labelWidth - 8} y={y0 + groupHeight / 2} className="chart__label" textAnchor="end" dominantBaseline="middle">
              {truncate(c, 32)}
            </text>
            {series.map((s, si) => {
              const v = s.values[ci] ?? 0;
              const w = Math.round((v / max) * barArea);
              const y = y0 + si * (barHeight + gap);
              return (
                <g key={s.name}>
                  <rect x={labelWidth} y={y} width={Math.max(w, v > 0 ? 2 : 0)} height={barHeight} className={`chart__bar chart__bar--${si}`} />
                  <text x={labelWidth + w + 6} y={y + barHeight / 2} className="chart__value" dominantBaseline="middle">
                    {formatNumber(v)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </ChartFrame>
  );
}

/** The meetings-by-kind chart of some figures, kinds in the API's order, empty kinds left out. */
export function MeetingsChart({ id, figures }: { id: string; figures: Figures }) {
  const kinds = Object.entries(figures.meetings ?? {}).filter(([, n]) => n > 0);
  return (
    <BarChart
      id={id}
      title={t('chart.meetingsByKind')}
      categories={kinds.map(([k]) => eventKindName(k))}
      series={[{ name: t('figures.meetings_total'), values: kinds.map(([, n]) => n) }]}
    />
  );
}
