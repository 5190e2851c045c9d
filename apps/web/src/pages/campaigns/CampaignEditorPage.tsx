import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { components } from '../../gen/api-schema';
import { Loading, PageHeader } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';
import {
  campaignBodyOf,
  campaignFormOf,
  claimedCampaignFields,
  newCampaignForm,
  type Campaign,
  type CampaignForm,
} from './campaign-form';
import { CampaignSettings } from './CampaignSettings';
import { PreviewPanel } from './PreviewPanel';
import { saveSequence, type StepCalls } from './save-sequence';
import {
  emptySequence,
  errorsAfterEdit,
  sequenceFromSteps,
  type SequenceState,
  type Step,
  type StepErrors,
} from './sequence-editor';
import { SequenceEditor } from './SequenceEditor';

type Mailbox = components['schemas']['Mailbox'];

/** The fields the settings show beside an input; any other field error goes to the form's message. */
const shownFields: (keyof CampaignForm)[] = [
  'name',
  'description',
  'mailboxIds',
  'days',
  'windowStart',
  'windowEnd',
  'timeZone',
  'dailyCap',
  'sendTo',
  'tags',
  'company',
  'query',
];

function stepCalls(campaignId: string): StepCalls {
  const path = { params: { path: { id: campaignId } } };
  const one = (stepId: string) => ({ params: { path: { id: campaignId, stepId } } });
  return {
    create: (body) =>
      unwrap(api.POST('/api/campaigns/{id}/steps', { ...path, body: { subject: '', ...body } })),
    update: (stepId, body) =>
      unwrap(api.PATCH('/api/campaigns/{id}/steps/{stepId}', { ...one(stepId), body })),
    remove: async (stepId) => {
      await unwrap(api.DELETE('/api/campaigns/{id}/steps/{stepId}', one(stepId)));
    },
    list: async () => (await unwrap(api.GET('/api/campaigns/{id}/steps', path))).data,
  };
}

/** Creates or changes the campaign, then its steps; what the API refused stays in the form beside its field. */
function CampaignEditor({
  campaign,
  steps,
  mailboxes,
}: {
  campaign: Campaign | null;
  steps: Step[];
  mailboxes: Mailbox[];
}) {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [campaignId, setCampaignId] = useState(campaign?.id ?? null);
  const [form, setForm] = useState<CampaignForm>(() =>
    campaign ? campaignFormOf(campaign) : newCampaignForm(Intl.DateTimeFormat().resolvedOptions().timeZone),
  );
  const [sequence, setSequence] = useState<SequenceState>(() =>
    campaign ? sequenceFromSteps(steps) : emptySequence(),
  );
  const [campaignError, setCampaignError] = useState<ApiError | null>(null);
  const [stepErrors, setStepErrors] = useState<Record<string, StepErrors>>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setProblem(null);
    try {
      const body = campaignBodyOf(form);
      let id = campaignId;
      try {
        const saved = id
          ? await unwrap(api.PATCH('/api/campaigns/{id}', { params: { path: { id } }, body }))
          : await unwrap(api.POST('/api/campaigns', { body }));
        id = saved.id;
        setCampaignId(id);
        setCampaignError(null);
      } catch (error) {
        if (error instanceof ApiError) setCampaignError(error);
        else setProblem(error);
        return;
      }
      const result = await saveSequence(sequence, stepCalls(id));
      setSequence(result.state);
      setStepErrors(result.errors);
      setProblem(result.problem);
      void queries.invalidateQueries({ queryKey: ['campaigns'] });
      void queries.invalidateQueries({ queryKey: ['campaign', id] });
      if (Object.keys(result.errors).length === 0 && !result.problem) await navigate(`/campaigns/${id}`);
    } catch (error) {
      setProblem(error);
    } finally {
      setSaving(false);
    }
  };

  const editSequence = (next: SequenceState) => {
    setStepErrors((errors) => errorsAfterEdit(errors, sequence, next));
    setSequence(next);
  };
  const refusedSteps = Object.keys(stepErrors).length;

  return (
    <form onSubmit={save} noValidate className="campaign-editor">
      <PageHeader
        title={campaign ? 'Edit campaign' : 'New campaign'}
        actions={
          <>
            {campaignId && <Link to={`/campaigns/${campaignId}`}>Cancel</Link>}
            <button type="submit" className="primary" disabled={saving} aria-busy={saving}>
              Save
            </button>
          </>
        }
      >
        <p>Nothing is sent until you launch it from the campaign&apos;s page.</p>
      </PageHeader>
      {campaignError && (
        <ProblemMessage error={campaignError} claimed={claimedCampaignFields(campaignError, shownFields)} />
      )}
      {refusedSteps > 0 && (
        <p className="problem" role="alert">
          {refusedSteps === 1 ? 'A step was' : `${refusedSteps} steps were`} not saved: the problems are shown
          beside them. The other changes were saved.
        </p>
      )}
      <ProblemMessage error={problem} />
      <CampaignSettings form={form} onChange={setForm} error={campaignError} mailboxes={mailboxes} />
      <div className="sequence-layout">
        <SequenceEditor sequence={sequence} onChange={editSequence} errors={stepErrors} />
        <PreviewPanel steps={sequence.steps} />
      </div>
    </form>
  );
}

/** /campaigns/new and /campaigns/:campaignId/edit: the campaign's settings and its sequence. */
export default function CampaignEditorPage() {
  const { campaignId } = useParams();
  const campaign = useQuery({
    queryKey: ['campaign', campaignId],
    queryFn: () => unwrap(api.GET('/api/campaigns/{id}', { params: { path: { id: campaignId ?? '' } } })),
    enabled: Boolean(campaignId),
  });
  const steps = useQuery({
    queryKey: ['campaign', campaignId, 'steps'],
    queryFn: () =>
      unwrap(api.GET('/api/campaigns/{id}/steps', { params: { path: { id: campaignId ?? '' } } })),
    enabled: Boolean(campaignId),
  });
  const mailboxes = useQuery({
    queryKey: ['mailboxes', 'all'],
    queryFn: () => unwrap(api.GET('/api/mailboxes', { params: { query: { limit: 500 } } })),
  });
  const error = campaign.error ?? steps.error ?? mailboxes.error;
  const loading = (campaignId && (campaign.isPending || steps.isPending)) || mailboxes.isPending;
  if (error) {
    return (
      <>
        <PageHeader title={campaignId ? 'Edit campaign' : 'New campaign'} />
        <ProblemMessage error={error} />
      </>
    );
  }
  if (loading) return <Loading what="the campaign" />;
  return (
    <CampaignEditor
      key={campaignId ?? 'new'}
      campaign={campaign.data ?? null}
      steps={steps.data?.data ?? []}
      mailboxes={mailboxes.data?.data ?? []}
    />
  );
}
