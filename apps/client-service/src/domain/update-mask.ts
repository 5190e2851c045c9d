import { invalidArgument, type FieldViolation } from '@coldreach/errors';
import { clientInputFields, type ClientInputField } from './validate-client-input';

/** The fields UpdateClient may change: every ClientInput field but the email, which is the identity. */
export type UpdatableField = Exclude<ClientInputField, 'email'>;

const updatable = new Set<string>(clientInputFields.filter((field) => field !== 'email'));

/** The fields an update mask names (snake_case paths), or INVALID_ARGUMENT naming each bad path. */
export function parseUpdateMask(paths: readonly string[]): UpdatableField[] {
  if (paths.length === 0) {
    throw invalidArgument([{ field: 'update_mask', message: 'must name at least one field to change' }]);
  }
  const violations: FieldViolation[] = [];
  const fields: UpdatableField[] = [];
  paths.forEach((path, index) => {
    const field = `update_mask.paths[${index}]`;
    if (path === 'email') {
      violations.push({ field, message: '"email" cannot be changed: it is the client\'s identity' });
    } else if (!updatable.has(path)) {
      violations.push({
        field,
        message: `"${path.slice(0, 100)}" is not a field of ClientInput (use snake_case names)`,
      });
    } else if (!fields.includes(path as UpdatableField)) {
      fields.push(path as UpdatableField);
    }
  });
  if (violations.length > 0) throw invalidArgument(violations);
  return fields;
}
