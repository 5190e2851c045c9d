import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ApiError, problemOf } from '../../api/problem';
import { TextField } from '../../ui/Field';
import { PageHeader } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { mappedColumns, mappingJson, mappingProblems, type MappedColumn } from './column-mapping';
import { ImportReportView } from './ImportReportView';
import { MappingTable } from './MappingTable';
import { newProgressId, uploadImport } from './upload-import';

/** How much of the file the API reads to find the columns and a sample row. */
const previewBytes = 64 * 1024;

/**
 * The columns of the chosen file with a sample value and a first guess each, read by the API with
 * the import's own parser (delimiter, quotes), so the mapping has one entry per column it will see.
 */
async function openFile(file: File): Promise<MappedColumn[]> {
  if (file.size === 0) {
    throw new ApiError(problemOf(0, null, 'The file is empty: its first row must name the columns.'));
  }
  // A cut through a multi-byte character at the end lands in the row left out as incomplete.
  const text = await file.slice(0, previewBytes).text();
  const complete = file.size <= previewBytes;
  const { header, sample, columns } = await unwrap(
    api.POST('/api/leads/import/columns', { body: { text, complete } }),
  );
  return mappedColumns(header, sample, columns);
}

/**
 * Import leads from a CSV file: choose it, say what each column holds (guessed from the header),
 * upload it while the server reports how far it got, then read what was imported and which rows
 * were not, by row number.
 */
export default function ImportPage() {
  const queries = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [columns, setColumns] = useState<MappedColumn[] | null>(null);
  const [tags, setTags] = useState('');
  const [progressId, setProgressId] = useState('');
  const [sent, setSent] = useState({ sent: 0, total: 0 });

  const open = useMutation({ mutationFn: openFile, onSuccess: setColumns });
  const upload = useMutation({
    mutationFn: (id: string) =>
      uploadImport({
        file: file!,
        mapping: mappingJson(columns ?? []),
        tags,
        progressId: id,
        onSent: (done, total) => setSent({ sent: done, total }),
      }),
    onSettled: () => queries.invalidateQueries({ queryKey: ['leads'] }),
  });
  const progress = useQuery({
    queryKey: ['import-progress', progressId],
    queryFn: () =>
      unwrap(api.GET('/api/leads/import-progress/{progressId}', { params: { path: { progressId } } })),
    enabled: upload.isPending && progressId !== '',
    // The server counts rows as it streams them; twice a second is live enough.
    refetchInterval: 500,
    retry: false,
  });

  const problems = columns ? mappingProblems(columns) : [];
  const start = () => {
    const id = newProgressId();
    setProgressId(id);
    setSent({ sent: 0, total: file?.size ?? 0 });
    upload.mutate(id);
  };
  const counts = progress.data;
  const rows = counts
    ? `${counts.rows} rows read: ${counts.accepted} imported, ${counts.rejected} not imported.`
    : '';
  // The server's count of bytes read is the truth (it reads as fast as it imports); the browser's count
  // of bytes sent stands in until the first answer.
  const fraction = counts?.totalBytes
    ? counts.bytesRead / counts.totalBytes
    : sent.total > 0
      ? sent.sent / sent.total
      : 0;
  const percent = Math.min(100, Math.round(100 * fraction));

  return (
    <>
      <PageHeader title="Import leads">
        <p>
          A CSV file with a header row and a column of email addresses. A lead already in the workspace (same
          email) is updated, not duplicated. <Link to="/leads">Back to leads</Link>
        </p>
      </PageHeader>
      <section className="card" aria-labelledby="import-file">
        <h2 id="import-file">1. Choose a file</h2>
        <div className="field">
          <label htmlFor="import-file-input">CSV file</label>
          <input
            id="import-file-input"
            type="file"
            accept=".csv,text/csv"
            disabled={upload.isPending}
            onChange={(event) => {
              const chosen = event.target.files?.[0] ?? null;
              setFile(chosen);
              setColumns(null);
              upload.reset();
              if (chosen) open.mutate(chosen);
            }}
          />
        </div>
        <ProblemMessage error={open.error} />
      </section>
      {columns && file && (
        <section className="card" aria-labelledby="import-mapping">
          <h2 id="import-mapping">2. Say what each column holds</h2>
          <MappingTable
            columns={columns}
            problems={problems}
            onChange={setColumns}
            disabled={upload.isPending}
          />
          <TextField
            label="Tags for every imported lead"
            hint="Optional, separated by commas."
            value={tags}
            onChange={(event) => setTags(event.target.value)}
            disabled={upload.isPending}
          />
          <button
            type="button"
            className="primary"
            onClick={start}
            disabled={problems.length > 0 || upload.isPending}
          >
            Upload
          </button>
        </section>
      )}
      {(upload.isPending || upload.isSuccess || upload.isError) && (
        <section className="card" aria-labelledby="import-progress">
          <h2 id="import-progress">3. Import</h2>
          <div className="scrape-progress">
            <label htmlFor="import-progress-bar">Upload of {file?.name}</label>
            <progress id="import-progress-bar" max={100} value={upload.isSuccess ? 100 : percent}>
              {percent}%
            </progress>
          </div>
          <p aria-live="polite" role="status">
            {upload.isPending && `Importing: ${percent}% of the file read. ${rows}`}
            {upload.isSuccess && 'Import finished.'}
          </p>
          <ProblemMessage error={upload.error} />
          {upload.data && <ImportReportView report={upload.data} />}
        </section>
      )}
    </>
  );
}
