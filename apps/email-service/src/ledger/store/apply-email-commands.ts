import type { DataSource, EntityManager } from 'typeorm';
import type { DeliveryDraft } from '../../domain/delivery';
import { cancelDeliveries } from './cancel-deliveries';
import { insertDeliveries } from './insert-deliveries';

/** One `email.commands` command, decoded: a delivery to schedule, or one to withdraw. */
export type EmailCommand =
  { kind: 'send'; draft: DeliveryDraft } | { kind: 'cancel'; workspaceId: string; taskId: string };

/**
 * Applies commands in order in one transaction: runs of send requests go in one statement (a
 * redelivered one inserts nothing: the delivery id is the task id), a cancel applies after the
 * requests before it. Answers how many deliveries were inserted.
 */
export async function applyEmailCommands(
  dataSource: DataSource,
  commands: readonly EmailCommand[],
): Promise<number> {
  return dataSource.transaction(async (tx) => {
    let count = 0;
    let run: DeliveryDraft[] = [];
    const flush = async (manager: EntityManager) => {
      if (run.length > 0) count += (await insertDeliveries(manager, run, { missingMailbox: 'fail' })).length;
      run = [];
    };
    for (const command of commands) {
      if (command.kind === 'send') {
        run.push(command.draft);
      } else {
        await flush(tx);
        await cancelDeliveries(tx, command.workspaceId, { taskIds: [command.taskId] });
      }
    }
    await flush(tx);
    return count;
  });
}
