/**
 * A chart with its words: a figure whose canvas has a summary for screen readers and whose
 * numbers are one click away as a table (a chart alone is not accessible).
 */
import { useEffect, useRef } from 'react';
import { num } from '../format';

export interface Series {
  label: string;
  data: (number | null)[];
  colour: string;
  type?: 'bar' | 'line';
  /** Right-hand axis. */
  secondary?: boolean;
  dashed?: boolean;
}

export interface ChartProps {
  title: string;
  /** One sentence a screen reader reads instead of the picture. */
  summary: string;
  kind: 'bar' | 'line';
  labels: string[];
  series: Series[];
  yLabel: string;
  y2Label?: string;
  horizontal?: boolean;
  stacked?: boolean;
  /** Format for table cells (default: number). */
  format?: (n: number) => string;
  testId?: string;
  yMax?: number;
  y2Max?: number;
}

export function ChartFigure(props: ChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { kind, labels, series, yLabel, y2Label, horizontal, stacked, yMax, y2Max } = props;
  // Parents build their series inline: redraw when the numbers change, not on every render.
  const signature = JSON.stringify([kind, labels, series, yLabel, y2Label, horizontal, stacked, yMax, y2Max]);
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    void import('./chart-engine').then(({ Chart }) => {
      if (cancelled || canvas.current === null) return;
      const valueAxis = horizontal ? 'x' : 'y';
      chart = new Chart(canvas.current, {
        type: kind,
        data: {
          labels,
          datasets: series.map((s) => ({
            type: s.type ?? kind,
            label: s.label,
            data: s.data,
            backgroundColor: s.colour,
            borderColor: s.colour,
            borderWidth: (s.type ?? kind) === 'line' ? 2 : 0,
            borderDash: s.dashed ? [6, 4] : [],
            pointRadius: (s.type ?? kind) === 'line' ? 2 : 0,
            ...(s.secondary ? { yAxisID: 'y2' } : {}),
            order: (s.type ?? kind) === 'line' ? 0 : 1,
          })),
        } as never,
        options: {
          responsive: true,
          maintainAspectRatio: false,
          indexAxis: horizontal ? 'y' : 'x',
          interaction: { mode: 'index', intersect: false },
          plugins: { legend: { position: 'bottom' } },
          scales: {
            [horizontal ? 'y' : 'x']: { stacked: stacked ?? false, ticks: { autoSkip: true, maxRotation: 0 } },
            [valueAxis]: { stacked: stacked ?? false, beginAtZero: true, max: yMax, title: { display: true, text: yLabel } },
            ...(y2Label ? { y2: { position: 'right', beginAtZero: true, max: y2Max, grid: { drawOnChartArea: false }, title: { display: true, text: y2Label } } } : {}),
          },
        } as never,
      });
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [signature]);

  const format = props.format ?? num;
  return (
    <figure className="chart" data-testid={props.testId}>
      <figcaption>{props.title}</figcaption>
      <div className={horizontal ? 'chart-box tall' : 'chart-box'}>
        <canvas ref={canvas} role="img" aria-label={`${props.title}. ${props.summary}`} />
      </div>
      <details>
        <summary>The numbers behind “{props.title}”</summary>
        <div className="table-wrap" tabIndex={0} role="region" aria-label={`${props.title} as a table`}>
          <table>
            <thead>
              <tr>
                <th scope="col">{horizontal ? '' : 'Label'}</th>
                {series.map((s) => (
                  <th key={s.label} scope="col" className="num">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((label, i) => (
                <tr key={`${label}-${i}`}>
                  <th scope="row">{label}</th>
                  {series.map((s) => {
                    const v = s.data[i];
                    return (
                      <td key={s.label} className="num">
                        {v === null || v === undefined ? '—' : format(v)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
