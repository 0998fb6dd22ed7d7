// The market pages' charts (docs/MARKET.md), drawn as inline SVG like charts.tsx: each chart is
// one image (role="img") whose name says what it shows, with the same data as a table for
// screen readers. No inline styles (the CSP forbids them): colours come from styles.css.
import type { Benchmark, MarketConcentration } from '../api';
import { concentrationLevelName, countryName, formatDay, formatNumber, formatPrice, locale, t, unitName } from '../i18n';
import { ChartFrame, chartLabel, truncate, type ChartTable } from './charts';

function dayOf(iso: string): number {
  const m = iso.match(/^(\d{4})-(\d{2})-(\d{2})/);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86400000 : NaN;
}

export interface TimelineRow {
  key: string;
  label: string;
  from: string;
  to: string;
  spanDays: number;
}

/**
 * A timeline: one row per item spanning `from` → `to` on a month axis. The image's name lists
 * every row's dates; the visually hidden table holds the same.
 */
export function TimelineChart({ id, title, rows }: { id: string; title: string; rows: TimelineRow[] }) {
  const valid = rows.filter((r) => !Number.isNaN(dayOf(r.from)) && !Number.isNaN(dayOf(r.to)));
  const labelWidth = 240;
  const area = 440;
  const rowHeight = 18;
  const gap = 10;
  const top = 26;
  const width = labelWidth + area + 20;
  const height = top + valid.length * (rowHeight + gap) + 4;

  // The axis runs from the first month's start to the end of the last month.
  const firstDay = Math.min(...valid.map((r) => dayOf(r.from)));
  const lastDay = Math.max(...valid.map((r) => dayOf(r.to)));
  const first = valid.length ? new Date(firstDay * 86400000) : new Date();
  const last = valid.length ? new Date(lastDay * 86400000) : new Date();
  const months: Date[] = [];
  for (let d = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1)); ; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
    months.push(d);
    if (d.getUTCFullYear() > last.getUTCFullYear() || (d.getUTCFullYear() === last.getUTCFullYear() && d.getUTCMonth() >= last.getUTCMonth())) break;
    if (months.length > 240) break;
  }
  const lastMonth = months[months.length - 1];
  const axisStart = months[0].getTime() / 86400000;
  const axisEnd = Date.UTC(lastMonth.getUTCFullYear(), lastMonth.getUTCMonth() + 1, 1) / 86400000;
  const x = (day: number) => labelWidth + ((day - axisStart) / Math.max(1, axisEnd - axisStart)) * area;
  const step = Math.max(1, Math.ceil(months.length / 8));
  const monthLabel = new Intl.DateTimeFormat(locale(), { month: 'short', year: '2-digit', timeZone: 'UTC' });

  const label = chartLabel(
    title,
    valid.map((r) => t('chart.span', { label: r.label, from: formatDay(r.from), to: formatDay(r.to) })),
  );
  const table: ChartTable = {
    head: [t('chart.item'), t('chart.from'), t('chart.to'), t('chart.spanDays')],
    rows: valid.map((r) => ({ key: r.key, cells: [r.label, formatDay(r.from), formatDay(r.to), formatNumber(r.spanDays)] })),
  };

  return (
    <ChartFrame id={id} title={title} label={label} width={width} height={Math.max(height, 40)} wide table={table}>
      {months.map((m, i) => {
        const mx = x(m.getTime() / 86400000);
        return (
          <g key={m.toISOString()}>
            <line x1={mx} x2={mx} y1={top - 6} y2={height} className="chart__grid" />
            {i % step === 0 && (
              <text x={mx + 3} y={14} className="chart__tick">
                {monthLabel.format(m)}
              </text>
            )}
          </g>
        );
      })}
      {valid.map((r, i) => {
        const y = top + i * (rowHeight + gap);
        const x0 = x(dayOf(r.from));
        const x1 = x(dayOf(r.to) + 1);
        return (
          <g key={r.key}>
            <text x={labelWidth - 8} y={y + rowHeight / 2} className="chart__label" textAnchor="end" dominantBaseline="middle">
              {truncate(r.label, 34)}
            </text>
            <rect x={x0} y={y} width={Math.max(4, x1 - x0)} height={rowHeight} rx={3} className="chart__bar chart__bar--0" />
          </g>
        );
      })}
    </ChartFrame>
  );
}

/**
 * One benchmark's prices: the histogram's bars above a box plot (minimum, quartiles, median,
 * maximum). A logarithmic axis when the prices span a factor of ten or more.
 */
export function PriceChart({ id, title, benchmark: b }: { id: string; title: string; benchmark: Benchmark }) {
  const min = b.min_eur ?? 0;
  const max = b.max_eur ?? 0;
  const q1 = b.q1_eur ?? min;
  const q3 = b.q3_eur ?? max;
  const median = b.median_eur ?? (q1 + q3) / 2;
  const bins = b.histogram.filter((h) => Number.isFinite(h.from) && Number.isFinite(h.to));
  const lo = Math.min(min, ...bins.map((h) => h.from));
  const hi = Math.max(max, ...bins.map((h) => h.to));
  const log = lo > 0 && hi / lo >= 10;
  const width = 560;
  const left = 24;
  const right = 24;
  const plot = width - left - right;
  const x = (v: number) => {
    if (hi <= lo) return left + plot / 2;
    const f = log ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (v - lo) / (hi - lo);
    return left + Math.min(1, Math.max(0, f)) * plot;
  };
  const histTop = 6;
  const histHeight = 64;
  const most = Math.max(1, ...bins.map((h) => h.count));
  const boxTop = 96;
  const boxHeight = 22;
  const mid = boxTop + boxHeight / 2;
  const height = 156;
  const unit = unitName(b.unit, b.unit_name);
  const label = t('prices.chartLabel', {
    title,
    min: formatPrice(min),
    q1: formatPrice(q1),
    median: formatPrice(median),
    q3: formatPrice(q3),
    max: formatPrice(max),
    count: formatNumber(b.count ?? 0),
    buyers: formatNumber(b.buyers),
  });

  const table: ChartTable = {
    head: [t('prices.col.range'), t('prices.col.count')],
    rows: bins.map((h, i) => ({
      key: String(i),
      cells: [t('prices.range', { from: formatPrice(h.from), to: formatPrice(h.to) }), formatNumber(h.count)],
    })),
  };

  return (
    <ChartFrame id={id} title={title} label={label} width={width} height={height} className="chart--price" table={table}>
      {bins.map((h, i) => {
        const x0 = x(h.from);
        const x1 = x(h.to);
        const barHeight = Math.round((h.count / most) * histHeight);
        return (
          <rect
            key={i}
            x={x0 + 1}
            y={histTop + histHeight - barHeight}
            width={Math.max(1, x1 - x0 - 2)}
            height={barHeight}
            className="chart__bar chart__bar--hist"
          />
        );
      })}
      <line x1={left} x2={width - right} y1={histTop + histHeight + 0.5} y2={histTop + histHeight + 0.5} className="chart__axis" />
      <text x={x(median)} y={boxTop - 6} className="chart__value" textAnchor="middle">
        {t('prices.medianShort', { value: formatPrice(median) })}
      </text>
      <line x1={x(min)} x2={x(max)} y1={mid} y2={mid} className="chart__whisker" />
      <line x1={x(min)} x2={x(min)} y1={boxTop + 4} y2={boxTop + boxHeight - 4} className="chart__whisker" />
      <line x1={x(max)} x2={x(max)} y1={boxTop + 4} y2={boxTop + boxHeight - 4} className="chart__whisker" />
      <rect x={x(q1)} y={boxTop} width={Math.max(2, x(q3) - x(q1))} height={boxHeight} className="chart__box" />
      <line x1={x(median)} x2={x(median)} y1={boxTop} y2={boxTop + boxHeight} className="chart__median" />
      <text x={left} y={boxTop + boxHeight + 22} className="chart__tick">
        {formatPrice(min)}
      </text>
      <text x={width - right} y={boxTop + boxHeight + 22} className="chart__tick" textAnchor="end">
        {formatPrice(max)}
      </text>
      <text x={width / 2} y={height - 4} className="chart__tick" textAnchor="middle">
        {log ? t('prices.axisLog', { unit }) : t('prices.axis', { unit })}
      </text>
    </ChartFrame>
  );
}

/** The name of a market: its CPV class's label (or code) and country. */
export function marketName(m: Pick<MarketConcentration, 'cpv_class' | 'cpv_label' | 'country'>): string {
  const what = m.cpv_label || m.cpv_class;
  return m.country ? `${what} · ${countryName(m.country)}` : what;
}

/** Horizontal bars of the markets' HHI (0–10,000), with the guidelines' bands at 1,500 and 2,500. */
export function HhiChart({ id, title, markets }: { id: string; title: string; markets: MarketConcentration[] }) {
  const labelWidth = 260;
  const area = 340;
  const barHeight = 18;
  const gap = 10;
  const top = 22;
  const width = labelWidth + area + 130;
  const height = top + markets.length * (barHeight + gap) + 4;
  const x = (hhi: number) => labelWidth + (Math.min(10000, Math.max(0, hhi)) / 10000) * area;
  const label = chartLabel(
    title,
    markets.map((m) => t('chart.hhiValue', { label: marketName(m), hhi: formatNumber(Math.round(m.hhi)), level: concentrationLevelName(m.level) })),
  );
  const table: ChartTable = {
    head: [t('market.col.market'), t('market.col.hhi'), t('market.col.level')],
    rows: markets.map((m) => ({
      key: `${m.cpv_class}-${m.country ?? ''}`,
      cells: [marketName(m), formatNumber(Math.round(m.hhi)), concentrationLevelName(m.level)],
    })),
  };
  return (
    <ChartFrame id={id} title={title} label={label} width={width} height={Math.max(height, 40)} wide table={table}>
      {[1500, 2500].map((band) => (
        <g key={band}>
          <line x1={x(band)} x2={x(band)} y1={top - 6} y2={height} className="chart__threshold" />
          <text x={x(band)} y={12} className="chart__tick" textAnchor="middle">
            {formatNumber(band)}
          </text>
        </g>
      ))}
      {markets.map((m, i) => {
        const y = top + i * (barHeight + gap);
        const w = x(m.hhi) - labelWidth;
        return (
          <g key={`${m.cpv_class}-${m.country ?? ''}`}>
            <text x={labelWidth - 8} y={y + barHeight / 2} className="chart__label" textAnchor="end" dominantBaseline="middle">
              {truncate(marketName(m), 36)}
            </text>
            <rect x={labelWidth} y={y} width={Math.max(2, w)} height={barHeight} className={`chart__bar chart__bar--level-${m.level}`} />
            <text x={labelWidth + w + 6} y={y + barHeight / 2} className="chart__value" dominantBaseline="middle">
              {t('chart.hhiShort', { hhi: formatNumber(Math.round(m.hhi)), level: concentrationLevelName(m.level) })}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
