// Building blocks shared by the market pages (docs/MARKET.md): the "not allowed" notice market
// actors get, prices compared with peers' in words, withheld benchmarks, CPV codes and values.
import type { ReactNode } from 'react';
import type { PipelineEntry, PriceFlag } from '../../api';
import { Notice } from '../../components/forms';
import { formatEuro, formatMoney, formatOrdinal, formatPrice, priceFlagName, t, unitName } from '../../i18n';

/** The page's load failed: a 403 is said plainly (market actors may not see what buyers plan and pay). */
export function MarketProblem({ error, status }: { error: string; status: number | null }) {
  if (status === 403) {
    return (
      <div data-testid="forbidden">
        <Notice kind="error" title={t('market.forbiddenTitle')}>
          <p>{t('market.forbiddenLead')}</p>
          <p className="muted" data-testid="market-problem">
            {error}
          </p>
        </Notice>
      </div>
    );
  }
  return (
    <Notice kind="error">
      <p data-testid="market-problem">{error}</p>
    </Notice>
  );
}

/** "Not shown: fewer than 5 buyers (3)". */
export function withheldText(minPeers: number, buyers: number): string {
  return t('prices.withheld', { min: minPeers, count: buyers });
}

/** A CPV code with its label: the code set in monospace. */
export function CpvCode({ code, label }: { code: string | null | undefined; label?: string | null }) {
  if (!code) return <>{t('common.notStated')}</>;
  return (
    <>
      <span className="code">{code}</span>
      {label ? ` ${label}` : ''}
    </>
  );
}

/** A priced item or an organisation's median compared with its peers', flagged when it stands out. */
export function FlagBadge({ flag }: { flag: PriceFlag }) {
  if (!flag) return null;
  return <span className={`badge badge--flag-${flag}`}>{priceFlagName(flag)}</span>;
}

/** A price compared with its peers' median and placed among their prices, in words. */
function comparedText(key: 'prices.paid' | 'prices.youPaid', paid: number, unit: string | null, median: number, percentile: number): string {
  return t(key, { paid: formatPrice(paid), unit: unitName(unit), median: formatPrice(median), percentile: formatOrdinal(percentile) });
}

/** "Paid €1.90 per kilogram; peers’ median €2.10; 30th percentile." (one contract's item). */
export function paidText(paid: number, unit: string | null, median: number, percentile: number): string {
  return comparedText('prices.paid', paid, unit, median, percentile);
}

/** "You paid …; peers’ median …; you are at the 80th percentile." (an organisation's median). */
export function youPaidText(paid: number, unit: string | null, median: number, percentile: number): string {
  return comparedText('prices.youPaid', paid, unit, median, percentile);
}

/** An entry's estimated value: in euro, or in its currency with the euro figure beside it. */
export function estimatedValue(e: Pick<PipelineEntry, 'estimated_value' | 'value_eur'>): string {
  const v = e.estimated_value;
  if (v && v.currency && v.currency !== 'EUR') {
    const money = formatMoney(v.amount, v.currency);
    return e.value_eur !== null && e.value_eur !== undefined ? t('pipeline.valueConverted', { amount: money, eur: formatEuro(Math.round(e.value_eur)) }) : money;
  }
  if (v) return formatEuro(v.amount);
  if (e.value_eur !== null && e.value_eur !== undefined) return formatEuro(Math.round(e.value_eur));
  return t('common.notStated');
}

/** A section of a market page: a card with its h2. */
export function MarketSection({ id, title, children, testId }: { id: string; title: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid={testId}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

/** The CPV digits of a code as the API's filters take them ("34144511-3" → "34144511"). */
export function cpvDigitsOf(code: string): string {
  return code.replace(/-\d$/, '').replace(/\D/g, '');
}

/** The currencies offered on the publish form: the euro and the other currencies of the EU, the EEA and EFTA. */
export const CURRENCIES = ['EUR', 'CZK', 'DKK', 'HUF', 'PLN', 'RON', 'SEK', 'ISK', 'NOK', 'CHF'] as const;
