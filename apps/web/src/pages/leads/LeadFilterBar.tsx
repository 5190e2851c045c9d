import { useEffect, useState } from 'react';
import { SelectField, TextField } from '../../ui/Field';
import { useDebounced } from '../campaigns/use-debounced';
import {
  verificationStatuses,
  type LeadFilters,
  type LeadSort,
  type VerificationStatus,
} from './lead-filters';

/**
 * The search, filters and sort of the Leads table. Typing is applied once it pauses (one request per
 * pause, not per key); the selects apply at once.
 */
export function LeadFilterBar({
  filters,
  onChange,
}: {
  filters: LeadFilters;
  onChange: (filters: LeadFilters) => void;
}) {
  const [draft, setDraft] = useState(filters);
  const settled = useDebounced(draft, 300);
  useEffect(() => {
    const { q, tag, company, source } = settled;
    if (q !== filters.q || tag !== filters.tag || company !== filters.company || source !== filters.source) {
      onChange({ ...filters, q, tag, company, source });
    }
    // Only a newly settled draft is applied: a change of the URL from elsewhere (a select, the back
    // button) must not re-apply the text typed before it.
  }, [settled]);
  const text = (key: 'q' | 'tag' | 'company' | 'source') => ({
    value: draft[key],
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value }),
  });
  const choose = (next: Partial<LeadFilters>) => {
    setDraft({ ...draft, ...next });
    onChange({ ...filters, ...next });
  };
  return (
    <div role="search" className="filters" aria-label="Filter leads">
      <TextField label="Search" type="search" placeholder="Name, email or company" {...text('q')} />
      <TextField label="Tag" {...text('tag')} />
      <TextField label="Company" placeholder="Exact name" {...text('company')} />
      <TextField label="Source" placeholder="Part of the URL, e.g. acme.com" {...text('source')} />
      <SelectField
        label="Verification"
        value={filters.status}
        onChange={(event) => choose({ status: event.target.value as VerificationStatus | '' })}
      >
        <option value="">Any</option>
        {verificationStatuses.map((status) => (
          <option key={status} value={status}>
            {status}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Sort"
        value={filters.sort}
        onChange={(event) => choose({ sort: event.target.value as LeadSort })}
      >
        <option value="newest">Newest first</option>
        <option value="oldest">Oldest first</option>
      </SelectField>
    </div>
  );
}
