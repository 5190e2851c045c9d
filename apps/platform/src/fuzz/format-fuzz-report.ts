import type { FuzzReport } from './run-fuzz';

/** The run's totals and findings as text: what the test prints and the closing note quotes. */
export function formatFuzzReport(report: FuzzReport, options: { perOperation?: boolean } = {}): string {
  const byClass = Object.entries(report.byClass)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cls, count]) => `${cls} ${count}`)
    .join(', ');
  const byStatus = Object.entries(report.byStatus)
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ');
  const lines = [
    `API fuzz (seed ${report.seed}): ${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s — ${byClass}`,
    `  by status: ${byStatus}`,
    `  event-loop delay: p50 ${report.eventLoopDelay.p50.toFixed(1)} ms, p99 ${report.eventLoopDelay.p99.toFixed(1)} ms, max ${report.eventLoopDelay.max.toFixed(1)} ms; longest busy stall ${report.longestBusyStallMs.toFixed(0)} ms`,
  ];
  if (options.perOperation) {
    for (const [operation, counts] of Object.entries(report.byOperation).sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      const text = Object.entries(counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([cls, count]) => `${cls} ${count}`)
        .join(', ');
      const refused = report.refusedFitting[operation];
      const why = refused ? ` (fitting refused ${refused.count}, first: ${refused.first})` : '';
      lines.push(`  ${operation}: ${text}${why}`);
    }
  }
  for (const stall of report.stalls) {
    lines.push(
      `  event loop stalled ${stall.ms} ms (${stall.cpuMs} ms CPU, ${stall.gcMs} ms collecting garbage); in flight: ${stall.inFlight.join('\n      ') || 'nothing'}`,
    );
  }
  for (const answer of report.unavailableDuringStalls) {
    lines.push(
      `  503 while the loop stood still ${answer.stalledMs} ms (not a finding): ${answer.operation} — ${answer.example}`,
    );
  }
  if (report.findings.length === 0) lines.push('  findings: none');
  for (const finding of report.findings) {
    lines.push(`  FINDING ×${finding.count} ${finding.operation}: ${finding.reasons.join('; ')}`);
    lines.push(`    first at request #${finding.index}: ${finding.example}`);
  }
  lines.push(`  replay: npm run fuzz -- --seed ${report.seed} --runs ${report.requests}`);
  return lines.join('\n');
}
