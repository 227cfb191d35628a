import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../app/api';
import { AXIS, EChart } from '../../components/EChart';
import { ErrorLine, Loading, Panel } from '../../components/ui';

interface Dist { mean: number; p5: number; p50: number; p95: number }
interface Advice { control: string; label: string; annualCost: number; reduction: Dist; perDollar: number; evidence: { alerts: number } }
interface ForeseeData {
  trend: { start: string; values: number[] } | null;
  forecast: { model: string | null; notes: string[]; points: Array<{ at: string; mean: number; lo80: number; hi80: number; lo95: number; hi95: number }>;
    backtest: { ets: { mase: number | null; smape: number | null; coverage95: number | null; origins: number }; seasonalNaive: { mase: number | null } } | null } | null;
  changes: Array<{ text: string }>;
  window: { days: number; alerts: number };
  risk: { total: Dist; scenarios: Array<{ scenario: string; label: string; ale: Dist }> };
  advice: Advice[];
  controls: Array<{ id: string; label: string; annualCost: { fixed: number; perHead: number }; effectiveness: { low: number; high: number } }>;
  notes: string[];
}
interface WhatIf { risk: ForeseeData['risk']; advice: Advice[] }
type Knobs = Record<string, { cost: number; eff: number }>;

const usd = (v: number): string => (v >= 1e6 ? `$${(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `$${(v / 1e3).toFixed(0)}k` : `$${v.toFixed(0)}`);
const DAY = 86_400_000;

/** Foresee: alert trend and forecast with 80/95 % bands, detected changes, loss-exposure ranges, and ranked advice with what-if sliders. */
export function Foresee() {
  const [days, setDays] = useState(90);
  const q = useQuery({ queryKey: ['foresee', days], queryFn: () => api<ForeseeData>(`/api/foresee?days=${days}&horizon=28`) });
  const d = q.data;
  const [knobs, setKnobs] = useState<Knobs>({});
  const [applied, setApplied] = useState<Knobs>({});
  // Sliders settle for 400 ms before the server re-runs the simulation.
  useEffect(() => { const t = setTimeout(() => setApplied(knobs), 400); return () => clearTimeout(t); }, [knobs]);
  const edited = Object.entries(applied).filter(([, k]) => k.cost !== 1 || k.eff !== 1);
  const w = useQuery({
    queryKey: ['foresee-what-if', days, edited], enabled: !!d && edited.length > 0, placeholderData: keepPreviousData,
    queryFn: () => api<WhatIf>('/api/foresee/what-if', { method: 'POST', body: { days, controls: edited.map(([id, k]) => {
      const base = d!.controls.find((c) => c.id === id)!.effectiveness;
      return { id, costScale: k.cost, effectiveness: { low: Math.min(1, base.low * k.eff), high: Math.min(1, base.high * k.eff) } };
    }) } }),
  });
  const shown = edited.length && w.data ? w.data : d;

  const chart = useMemo(() => {
    if (!d?.trend) return {};
    const t0 = Date.parse(`${d.trend.start}T00:00:00Z`);
    const hist = d.trend.values.map((v, i) => [t0 + i * DAY, v]);
    const pts = d.forecast?.points ?? [];
    const at = (p: { at: string }) => Date.parse(`${p.at}T00:00:00Z`);
    const band = (name: string, lo: (p: typeof pts[number]) => number, hi: (p: typeof pts[number]) => number, color: string) => [
      { name: `${name} base`, type: 'line', stack: name, data: pts.map((p) => [at(p), lo(p)]), lineStyle: { opacity: 0 }, symbol: 'none', tooltip: { show: false } },
      { name, type: 'line', stack: name, data: pts.map((p) => [at(p), hi(p) - lo(p)]), lineStyle: { opacity: 0 }, symbol: 'none', areaStyle: { color }, itemStyle: { color } },
    ];
    return {
      grid: { left: 40, right: 16, top: 30, bottom: 24 },
      legend: { data: ['alerts', 'forecast', '80 %', '95 %'], textStyle: { color: '#8b96a5' }, top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time', ...AXIS },
      yAxis: { type: 'value', min: 0, ...AXIS },
      series: [
        ...band('95 %', (p) => p.lo95, (p) => p.hi95, 'rgba(90,140,210,0.18)'),
        ...band('80 %', (p) => p.lo80, (p) => p.hi80, 'rgba(90,140,210,0.35)'),
        { name: 'alerts', type: 'line', data: hist, symbol: 'none', lineStyle: { color: '#c9d1db', width: 1.2 }, itemStyle: { color: '#c9d1db' } },
        { name: 'forecast', type: 'line', data: pts.map((p) => [at(p), p.mean]), symbol: 'none', lineStyle: { color: '#5a8cd2', type: 'dashed' }, itemStyle: { color: '#5a8cd2' } },
      ],
    };
  }, [d]);

  if (q.isLoading) return <Loading what="forecast and risk" />;
  if (q.error) return <ErrorLine error={q.error} />;
  if (!d || !shown) return null;
  const bt = d.forecast?.backtest;
  return (
    <div className="foresee">
      <Panel title="Alert volume and forecast" actions={<label>window <select aria-label="risk window" value={days} onChange={(e) => setDays(Number(e.target.value))}>{[30, 90, 180].map((n) => <option key={n} value={n}>{n} days</option>)}</select></label>}>
        {d.trend ? <EChart option={chart} height={240} label="Alerts a day with the forecast and its 80 and 95 % ranges" /> : <p className="muted">No alerts yet.</p>}
        <p className="muted">{d.forecast?.model ? `Model ${d.forecast.model}.` : `No forecast: ${d.forecast?.notes.join('; ') ?? 'no alerts'}.`}
          {bt ? ` Back-test (${bt.ets.origins} origins): MASE ${bt.ets.mase?.toFixed(2) ?? '—'} vs ${bt.seasonalNaive.mase?.toFixed(2) ?? '—'} for repeating last week; 95 % range held ${bt.ets.coverage95 === null ? '—' : `${Math.round(bt.ets.coverage95 * 100)} %`}.` : ''}</p>
        {d.changes.length ? <ul className="changes">{d.changes.map((c) => <li key={c.text}>{c.text}</li>)}</ul> : null}
      </Panel>
      <Panel title={`Yearly loss exposure (from ${d.window.alerts} alerts in ${d.window.days} days)`}>
        <table className="table"><thead><tr><th>Scenario</th><th>Median</th><th>90 % range</th></tr></thead>
          <tbody>
            <tr><td><b>All</b></td><td>{usd(shown.risk.total.p50)}</td><td>{usd(shown.risk.total.p5)} – {usd(shown.risk.total.p95)}</td></tr>
            {shown.risk.scenarios.map((s) => <tr key={s.scenario}><td>{s.label}</td><td>{usd(s.ale.p50)}</td><td>{usd(s.ale.p5)} – {usd(s.ale.p95)}</td></tr>)}
          </tbody></table>
        {d.notes.map((n) => <p key={n} className="muted">{n}</p>)}
      </Panel>
      <Panel title={`Where the next dollar goes${edited.length ? ' (what-if)' : ''}`} actions={edited.length ? <button type="button" onClick={() => setKnobs({})}>Reset</button> : null}>
        <table className="table"><thead><tr><th>#</th><th>Control</th><th>Cost / yr</th><th>Loss avoided / yr (90 %)</th><th>Per $</th><th>Alerts</th></tr></thead>
          <tbody>{shown.advice.map((a, i) => <tr key={a.control}><td>{i + 1}</td><td>{a.label}</td><td>{usd(a.annualCost)}</td><td>{usd(a.reduction.mean)} ({usd(a.reduction.p5)} – {usd(a.reduction.p95)})</td><td>{a.perDollar.toFixed(1)}</td><td>{a.evidence.alerts}</td></tr>)}</tbody></table>
        <h4>What if</h4>
        {d.controls.map((c) => {
          const k = knobs[c.id] ?? { cost: 1, eff: 1 };
          const set = (p: Partial<typeof k>) => setKnobs({ ...knobs, [c.id]: { ...k, ...p } });
          return (
            <div key={c.id} className="whatif" style={{ display: 'grid', gridTemplateColumns: '22rem 16rem 18rem', gap: '1rem', alignItems: 'center', margin: '0.3rem 0' }}>
              <span>{c.label}</span>
              <label style={{ display: 'flex', gap: '0.5rem', alignItems: 'center' }}>cost ×{k.cost.toFixed(2)} <input type="range" aria-label={`${c.label}: cost multiplier`} min={0.25} max={4} step={0.25} value={k.cost} onChange={(e) => set({ cost: Number(e.target.value) })} /></label>
              <label style={{ display: 'flex', gap: '0.5rem', alignItems: 'center' }}>effectiveness ×{k.eff.toFixed(2)} <input type="range" aria-label={`${c.label}: effectiveness multiplier`} min={0} max={2} step={0.1} value={k.eff} onChange={(e) => set({ eff: Number(e.target.value) })} /></label>
            </div>
          );
        })}
        {w.error ? <ErrorLine error={w.error} /> : null}
      </Panel>
    </div>
  );
}
