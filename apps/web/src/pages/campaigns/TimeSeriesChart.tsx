import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { chartColumns, seriesSummary, type TimeSeries } from './campaign-stats';

/**
 * One metric over time as a uPlot line (a canvas), with its text alternative: a summary read with
 * the figure and the numbers themselves in a table under a disclosure.
 */
export function TimeSeriesChart({ series, what }: { series: TimeSeries; what: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const chart = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height: 220,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), series.timeZone),
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        series: [{}, { label: what, stroke: '#1d4ed8', width: 2, fill: 'rgba(29, 78, 216, 0.08)' }],
        axes: [{}, { label: 'Count' }],
        legend: { show: false },
      },
      chartColumns(series),
      element,
    );
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(320, element.clientWidth), height: 220 }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [series, what]);

  const summary = seriesSummary(series, what);
  return (
    <figure className="chart">
      <div ref={box} role="img" aria-label={`Chart of ${what} per ${series.interval}. ${summary}`} />
      <figcaption>{summary}</figcaption>
      <details>
        <summary>Numbers per {series.interval}</summary>
        <table>
          <caption className="visually-hidden">
            {what} per {series.interval}
          </caption>
          <thead>
            <tr>
              <th scope="col">
                {series.interval === 'hour' ? 'Hour' : series.interval === 'week' ? 'Week of' : 'Day'}
              </th>
              <th scope="col">{what}</th>
            </tr>
          </thead>
          <tbody>
            {series.points.map((point) => (
              <tr key={point.start}>
                <td>
                  {new Date(point.start).toLocaleString('en', {
                    timeZone: series.timeZone,
                    dateStyle: 'medium',
                    ...(series.interval === 'hour' ? { timeStyle: 'short' } : {}),
                  })}
                </td>
                <td>{point.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
