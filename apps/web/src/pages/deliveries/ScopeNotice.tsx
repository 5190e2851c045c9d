import type { ListScope } from './list-scope';
import { useResourceNames } from './use-resource-names';

/** Says what a list is narrowed to by its link, with the way back to all of it. */
export function ScopeNotice({
  scope,
  what,
  onClear,
}: {
  scope: ListScope;
  what: string;
  onClear: () => void;
}) {
  const names = useResourceNames([scope.campaignId ?? null], scope.mailboxId ? [scope.mailboxId] : []);
  if (!scope.campaignId && !scope.mailboxId) return null;
  const parts = [
    scope.campaignId && `campaign ${names.campaign(scope.campaignId) ?? scope.campaignId}`,
    scope.mailboxId && `mailbox ${names.mailbox(scope.mailboxId) ?? scope.mailboxId}`,
  ].filter(Boolean);
  return (
    <p className="notice scope-notice">
      Only the {what} of {parts.join(' and ')}.{' '}
      <button type="button" onClick={onClear}>
        Show all {what}
      </button>
    </p>
  );
}
