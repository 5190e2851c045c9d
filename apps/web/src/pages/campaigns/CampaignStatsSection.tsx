import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { SelectField } from '../../ui/Field';
import { Loading } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { funnelRows, pageCount, percent, taskStatuses } from './campaign-stats';
import { retryUnlessSettled } from './CampaignStatus';
import { TimeSeriesChart } from './TimeSeriesChart';

const metrics = [
  { value: 'sent', label: 'emails sent' },
  { value: 'opens', label: 'opens' },
  { value: 'clicks', label: 'clicks' },
  { value: 'replies', label: 'replies' },
  { value: 'bounces', label: 'bounces' },
  { value: 'unsubscribes', label: 'unsubscribes' },
] as const;
type Metric = (typeof metrics)[number]['value'];

const unavailable = (error: unknown) => error instanceof ApiError && error.status === 503;

/** Tasks by status, each counted from one page of the task list (the fallback without analytics). */
export function TaskCounts({ campaignId }: { campaignId: string }) {
  const counts = useQuery({
    queryKey: ['campaign', campaignId, 'task-counts'],
    queryFn: () =>
      Promise.all(
        taskStatuses.map(async (status) => {
          const page = await unwrap(
            api.GET('/api/campaigns/{id}/tasks', {
              params: { path: { id: campaignId }, query: { status, limit: 500 } },
            }),
          );
          return { status, count: pageCount(page) };
        }),
      ),
  });
  return (
    <section aria-labelledby="task-counts-heading">
      <h3 id="task-counts-heading">Emails by status</h3>
      <ProblemMessage error={counts.error} />
      {counts.isPending && <Loading what="the tasks" />}
      {counts.data && counts.data.every(({ count }) => count === '0') && <p>No email scheduled yet.</p>}
      {counts.data && counts.data.some(({ count }) => count !== '0') && (
        <table className="compact">
          <caption className="visually-hidden">The campaign&apos;s emails by status</caption>
          <tbody>
            {counts.data
              .filter(({ count }) => count !== '0')
              .map(({ status, count }) => (
                <tr key={status}>
                  <th scope="row">{status}</th>
                  <td>{count}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The funnel and a time series from the analytics API (the page shows task counts beside it either way). */
export function CampaignStatsSection({ campaignId, timeZone }: { campaignId: string; timeZone: string }) {
  const [metric, setMetric] = useState<Metric>('sent');
  const stats = useQuery({
    queryKey: ['campaign-stats', campaignId],
    queryFn: () => unwrap(api.GET('/api/campaigns/{id}/stats', { params: { path: { id: campaignId } } })),
    retry: retryUnlessSettled,
  });
  const series = useQuery({
    queryKey: ['campaign', campaignId, 'series', metric, timeZone],
    queryFn: () =>
      unwrap(
        api.GET('/api/analytics/timeseries', {
          params: { query: { metric, interval: 'day', campaignId, ...(timeZone ? { timeZone } : {}) } },
        }),
      ),
    retry: retryUnlessSettled,
  });
  const nothingYet = stats.error instanceof ApiError && stats.error.status === 404;
  const what = metrics.find((m) => m.value === metric)?.label ?? metric;

  return (
    <section className="card" aria-labelledby="stats-heading">
      <h2 id="stats-heading">Stats</h2>
      {unavailable(stats.error) ? (
        <p className="hint">
          Analytics is not running here, so there is no funnel or chart: the campaign&apos;s emails by status
          are counted above.
        </p>
      ) : (
        <>
          {stats.isPending && <Loading what="the stats" />}
          {nothingYet && (
            <p>
              Nothing has happened in this campaign yet: its numbers appear once the first email is scheduled.
            </p>
          )}
          {!nothingYet && <ProblemMessage error={stats.error} />}
          {stats.data && (
            <table className="compact funnel">
              <caption>
                Funnel{stats.data.asOf && `, as of ${new Date(stats.data.asOf).toLocaleString()}`}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Stage</th>
                  <th scope="col">Count</th>
                  <th scope="col">Of the emails sent</th>
                </tr>
              </thead>
              <tbody>
                {funnelRows(stats.data.total).map((row) => (
                  <tr key={row.label}>
                    <th scope="row">{row.label}</th>
                    <td>{row.count}</td>
                    <td>{row.rate === null ? '' : percent(row.rate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>Over time</h3>
          <SelectField
            label="Show"
            value={metric}
            onChange={(event) => setMetric(event.target.value as Metric)}
          >
            {metrics.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </SelectField>
          {!unavailable(series.error) && <ProblemMessage error={series.error} />}
          {series.data && <TimeSeriesChart series={series.data} what={what} />}
        </>
      )}
    </section>
  );
}
