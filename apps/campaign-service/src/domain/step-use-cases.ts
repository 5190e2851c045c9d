import type { FieldViolation } from '@coldreach/errors';
import { requireUuids } from '@coldreach/ids';
import type { CampaignStore } from './campaign-store';
import { checkMaskPaths } from './campaign-update-mask';
import type { Step, StepFields } from './sequence';
import {
  delayMinutesOf,
  maxSteps,
  resolveStepPosition,
  validateStepFields,
  type DelayInput,
} from './validate-step-input';

/** A StepInput as the caller sent it. */
export interface StepInput {
  position: number;
  delay: DelayInput | undefined;
  subjectTemplate: string;
  textBodyTemplate: string;
  htmlBodyTemplate: string;
}

const stepPaths = [
  'position',
  'delay',
  'subject_template',
  'text_body_template',
  'html_body_template',
] as const;
type StepPath = (typeof stepPaths)[number];

const isStepPath = (path: string): path is StepPath => (stepPaths as readonly string[]).includes(path);

/** CreateStep … ListSteps: template checks, positions and masks. */
export function createStepUseCases(store: CampaignStore, clock: () => Date) {
  return {
    async createStep(workspaceId: string, campaignId: string, input: StepInput): Promise<Step> {
      const ids = requireUuids({ workspace_id: workspaceId, campaign_id: campaignId });
      const violations: FieldViolation[] = [];
      const delayMinutes = delayMinutesOf(input.delay, 'step.delay', violations);
      return store.createStep(
        ids.workspace_id,
        ids.campaign_id,
        (campaign) => {
          if (campaign.stepCount >= maxSteps) {
            violations.push({ field: 'step', message: `a campaign has at most ${maxSteps} steps` });
          }
          const position = resolveStepPosition(
            input.position,
            campaign.stepCount,
            'step.position',
            violations,
          );
          const fields: StepFields = {
            position,
            delayMinutes,
            subjectTemplate: input.subjectTemplate,
            textBodyTemplate: input.textBodyTemplate,
            htmlBodyTemplate: input.htmlBodyTemplate,
          };
          validateStepFields(fields, position, violations);
          return { position, fields };
        },
        clock(),
      );
    },

    async updateStep(
      workspaceId: string,
      campaignId: string,
      id: string,
      input: StepInput,
      maskPaths: readonly string[],
    ): Promise<Step> {
      const ids = requireUuids({ workspace_id: workspaceId, campaign_id: campaignId, id });
      const paths = checkMaskPaths(maskPaths, isStepPath, 'StepInput');
      return store.updateStep(
        ids.workspace_id,
        ids.campaign_id,
        ids.id,
        (current, campaign) => {
          const violations: FieldViolation[] = [];
          const masked = (path: StepPath) => paths.includes(path);
          // The step keeps its place among the others, so it may go anywhere in 1..count.
          const position = masked('position')
            ? Math.min(
                resolveStepPosition(input.position, campaign.stepCount, 'step.position', violations),
                campaign.stepCount,
              )
            : current.position;
          const fields: StepFields = {
            position,
            delayMinutes: masked('delay')
              ? delayMinutesOf(input.delay, 'step.delay', violations)
              : current.delayMinutes,
            subjectTemplate: masked('subject_template') ? input.subjectTemplate : current.subjectTemplate,
            textBodyTemplate: masked('text_body_template')
              ? input.textBodyTemplate
              : current.textBodyTemplate,
            htmlBodyTemplate: masked('html_body_template')
              ? input.htmlBodyTemplate
              : current.htmlBodyTemplate,
          };
          validateStepFields(fields, position, violations);
          return { position, fields };
        },
        clock(),
      );
    },

    async deleteStep(workspaceId: string, campaignId: string, id: string): Promise<void> {
      const ids = requireUuids({ workspace_id: workspaceId, campaign_id: campaignId, id });
      await store.deleteStep(ids.workspace_id, ids.campaign_id, ids.id, clock());
    },

    async listSteps(workspaceId: string, campaignId: string): Promise<Step[]> {
      const ids = requireUuids({ workspace_id: workspaceId, campaign_id: campaignId });
      return store.listSteps(ids.workspace_id, ids.campaign_id);
    },
  };
}
