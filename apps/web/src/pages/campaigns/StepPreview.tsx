import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ProblemMessage } from '../../ui/ProblemMessage';
import type { StepDraft } from './sequence-editor';
import { useDebounced } from './use-debounced';

export const typingPauseMs = 400;

/**
 * One step rendered for one lead by POST /api/campaigns/preview (the Email service's own rendering),
 * asked again when typing pauses. The HTML is shown in a sandboxed frame: no script in it runs.
 */
export function StepPreview({ step, number, leadId }: { step: StepDraft; number: number; leadId: string }) {
  const templates = useDebounced(
    { subject: step.subject, textBody: step.textBody, htmlBody: step.htmlBody },
    typingPauseMs,
  );
  const preview = useQuery({
    queryKey: ['campaign-preview', leadId, templates],
    queryFn: () => unwrap(api.POST('/api/campaigns/preview', { body: { ...templates, leadId } })),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const problem = preview.error ?? null;
  const email = preview.data;

  return (
    <article className="step-preview" aria-labelledby={`${step.key}-preview`} aria-busy={preview.isFetching}>
      <h3 id={`${step.key}-preview`}>Step {number}</h3>
      {problem && <ProblemMessage error={problem} />}
      {email && !problem && (
        <>
          <p>
            <strong>Subject:</strong> {email.subject || '(empty)'}
          </p>
          <pre className="preview-text" aria-label={`Text of step ${number}`}>
            {email.textBody}
          </pre>
          {email.htmlBody && (
            <iframe
              className="preview-html"
              title={`HTML of step ${number}`}
              sandbox=""
              srcDoc={email.htmlBody}
            />
          )}
        </>
      )}
    </article>
  );
}
