import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { SelectField, TextAreaField, TextField } from '../../ui/Field';
import { fieldBinding } from '../../ui/field-binding';
import { FormProblem } from '../../ui/FormProblem';
import {
  claimedFields,
  emptyScrapeForm,
  formFieldError,
  scrapeBodyOf,
  type ScrapeForm,
  type ScrapeScope,
} from './scrape-form';

const scopes: { value: ScrapeScope; label: string }[] = [
  { value: 'same-host', label: "Only the start URLs' own hosts" },
  { value: 'same-domain', label: 'Any host of the same domains (www., blog., …)' },
  { value: 'listed-domains', label: 'Only the domains I list' },
];

/** POST /api/scrape from a form; the API's refusals appear beside the field (and line) they name. */
export function StartScrapeForm() {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [form, setForm] = useState<ScrapeForm>(emptyScrapeForm);
  const start = useMutation({
    mutationFn: (body: ReturnType<typeof scrapeBodyOf>) => unwrap(api.POST('/api/scrape', { body })),
    onSuccess: (job) => {
      void queries.invalidateQueries({ queryKey: ['scrape-jobs'] });
      void navigate(`/scraping/${job.id}`);
    },
  });
  const apiError = start.error instanceof ApiError ? start.error : null;
  const errorOf = (field: keyof ScrapeForm) => formFieldError(apiError, form, field);
  const text = fieldBinding(form, setForm, errorOf);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate(scrapeBodyOf(form));
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="start-scrape-heading">
      <h2 id="start-scrape-heading">Start a scrape</h2>
      <TextAreaField
        label="Start URLs"
        rows={3}
        placeholder="https://example.com/team"
        hint="One address per line: public http(s) pages where people's contact details are listed."
        required
        {...text('seedUrls')}
      />
      <SelectField label="Links to follow" {...text('scope')}>
        {scopes.map((scope) => (
          <option key={scope.value} value={scope.value}>
            {scope.label}
          </option>
        ))}
      </SelectField>
      {form.scope === 'listed-domains' && (
        <TextAreaField
          label="Allowed domains"
          rows={2}
          hint="One per line, e.g. example.com (its subdomains are included)."
          {...text('allowedDomains')}
        />
      )}
      <div className="form-row">
        <TextField label="Page limit" type="number" min={1} max={100000} {...text('maxPages')} />
        <TextField
          label="Link depth"
          type="number"
          min={0}
          max={10}
          hint="Links followed away from a start URL; 0 reads the start URLs only."
          {...text('maxDepth')}
        />
      </div>
      <details>
        <summary>More options</summary>
        <TextAreaField
          label="Only paths"
          rows={2}
          hint="Follow only links whose path matches one of these, one per line, e.g. /team/** (* within a segment, ** across)."
          {...text('includePaths')}
        />
        <TextAreaField
          label="Skip paths"
          rows={2}
          hint="Never follow links whose path matches one of these, e.g. /blog/**."
          {...text('excludePaths')}
        />
        <TextField
          label="Tags for the leads"
          hint="Comma-separated; every lead this scrape finds gets them, so you can find them on the Leads page."
          {...text('leadTags')}
        />
        <div className="field">
          <label>
            <input
              type="checkbox"
              checked={form.respectRobotsTxt}
              onChange={(event) => setForm({ ...form, respectRobotsTxt: event.target.checked })}
            />{' '}
            Obey robots.txt and its crawl delay
          </label>
          <p className="hint">
            Leave this on unless the site is yours: robots.txt is how a site says what may be read.
          </p>
          {errorOf('respectRobotsTxt') && <p className="field-error">{errorOf('respectRobotsTxt')}</p>}
        </div>
      </details>
      <FormProblem error={start.error} claimed={claimedFields(apiError)} what="The scrape was not started" />
      <button type="submit" className="primary" disabled={start.isPending}>
        {start.isPending ? 'Starting…' : 'Start scrape'}
      </button>
    </form>
  );
}
