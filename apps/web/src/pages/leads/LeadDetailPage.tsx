import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Badge, Loading, PageHeader } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { Time } from '../../ui/Time';
import { verificationTone, type Lead } from './lead-filters';
import { leadTextFields } from './lead-form';
import { LeadEditor } from './LeadEditor';
import { LeadActivity } from './LeadActivity';

/** One lead: every field, its verification (checked again on demand), edits, deletion and its activity. */
export default function LeadDetailPage() {
  const { leadId = '' } = useParams();
  const lead = useQuery({
    queryKey: ['leads', 'one', leadId],
    queryFn: () => unwrap(api.GET('/api/leads/{id}', { params: { path: { id: leadId } } })),
  });
  if (lead.isPending) return <Loading what="the lead" />;
  if (!lead.data) {
    return (
      <>
        <PageHeader title="Lead" />
        <ProblemMessage error={lead.error} />
        <Link to="/leads">Back to leads</Link>
      </>
    );
  }
  return <LeadView lead={lead.data} />;
}

function LeadView({ lead }: { lead: Lead }) {
  const queries = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const path = { params: { path: { id: lead.id } } };
  const refresh = (next: Lead) => {
    queries.setQueryData(['leads', 'one', lead.id], next);
    return queries.invalidateQueries({ queryKey: ['leads', 'list'] });
  };
  const verify = useMutation({
    mutationFn: () => unwrap(api.POST('/api/leads/{id}/verify', path)),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/leads/{id}', path)),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['leads'] });
      navigate('/leads');
    },
  });
  const name = `${lead.firstName} ${lead.lastName}`.trim();

  return (
    <>
      <PageHeader
        title={lead.email}
        actions={
          <>
            <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
              {verify.isPending ? 'Verifying…' : 'Verify now'}
            </button>
            <button type="button" className="danger" onClick={() => setConfirming(true)}>
              Delete
            </button>
          </>
        }
      >
        <p>
          <Link to="/leads">Leads</Link> / {name || lead.email}
        </p>
      </PageHeader>
      <ProblemMessage error={verify.error} />
      <div className="two-columns">
        <section className="card" aria-labelledby="lead-facts">
          <h2 id="lead-facts">Details</h2>
          <dl className="facts">
            {leadTextFields.map(([field, label]) =>
              field === 'sourceUrl' ? null : (
                <Fragment key={field}>
                  <dt>{label}</dt>
                  <dd>{lead[field] || '—'}</dd>
                </Fragment>
              ),
            )}
            <dt>Verification</dt>
            <dd>
              <Badge tone={verificationTone(lead.verificationStatus)}>{lead.verificationStatus}</Badge>
              {lead.verification && (
                <>
                  {' '}
                  {lead.verification.verdict}, checked <Time iso={lead.verification.checkedAt} />
                  {lead.verification.reasons.length > 0 && <> ({lead.verification.reasons.join(', ')})</>}
                </>
              )}
            </dd>
            <dt>Source URL</dt>
            <dd>
              {lead.sourceUrl ? (
                <a href={lead.sourceUrl} rel="noopener noreferrer nofollow" target="_blank">
                  {lead.sourceUrl}
                </a>
              ) : (
                '—'
              )}
            </dd>
            <dt>Collected</dt>
            <dd>
              <Time iso={lead.collectedAt} />
            </dd>
            <dt>Added</dt>
            <dd>
              <Time iso={lead.createdAt} />
            </dd>
            <dt>Changed</dt>
            <dd>
              <Time iso={lead.updatedAt} />
            </dd>
            <dt>Tags</dt>
            <dd>{lead.tags.length > 0 ? lead.tags.map((tag) => <Badge key={tag}>{tag}</Badge>) : '—'}</dd>
            <dt>Custom fields</dt>
            <dd>
              {Object.keys(lead.customFields).length === 0
                ? '—'
                : Object.entries(lead.customFields).map(([key, value]) => (
                    <div key={key}>
                      <code>{key}</code>: {value}
                    </div>
                  ))}
            </dd>
          </dl>
        </section>
        <LeadEditor key={lead.id} lead={lead} onSaved={refresh} />
      </div>
      <LeadActivity leadId={lead.id} />
      <ConfirmDialog
        open={confirming}
        title={`Delete ${lead.email}?`}
        confirmLabel="Delete lead"
        danger
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onCancel={() => {
          setConfirming(false);
          remove.reset();
        }}
      >
        <p>
          The lead and its fields are removed from this workspace. Emails already sent stay in the ledger.
        </p>
      </ConfirmDialog>
    </>
  );
}
