import type { ImportReport } from './upload-import';

/** What an import did: the counts, the reasons rows were refused, and the refused rows by number. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const reasons = Object.entries(report.rejectedByReason).sort((a, b) => b[1] - a[1]);
  return (
    <>
      <dl className="figures">
        <div>
          <dt>Rows read</dt>
          <dd>{report.submitted}</dd>
        </div>
        <div>
          <dt>New leads</dt>
          <dd>{report.created}</dd>
        </div>
        <div>
          <dt>Updated leads</dt>
          <dd>{report.merged}</dd>
        </div>
        <div>
          <dt>Not imported</dt>
          <dd>{report.rejected}</dd>
        </div>
      </dl>
      {report.rejected > 0 && (
        <section aria-labelledby="import-rejected">
          <h3 id="import-rejected">Rows not imported</h3>
          {reasons.length > 1 && (
            <ul>
              {reasons.map(([reason, count]) => (
                <li key={reason}>
                  {count} × {reason}
                </li>
              ))}
            </ul>
          )}
          <div className="table-wrap">
            <table className="compact">
              <caption className="visually-hidden">Rows not imported, by row number</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((error) => (
                  <tr key={error.row}>
                    <td>{error.row}</td>
                    <td>{error.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.errorsTruncated && (
            <p className="hint">
              The first {report.errors.length} of {report.rejected} are listed. Row 1 is the first row after
              the header.
            </p>
          )}
          {!report.errorsTruncated && <p className="hint">Row 1 is the first row after the header.</p>}
        </section>
      )}
    </>
  );
}
