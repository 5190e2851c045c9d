import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { components } from '../../gen/api-schema';
import type { ApiError } from '../../api/problem';
import { SelectField, TextField } from '../../ui/Field';
import { campaignFieldError, weekdays, type CampaignForm, type Weekday } from './campaign-form';

type Mailbox = components['schemas']['Mailbox'];

/** A group of checkboxes with its legend, the API's error for the group under it. */
function CheckGroup({
  legend,
  error,
  hint,
  children,
}: {
  legend: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <fieldset className={error ? 'field check-group field-invalid' : 'field check-group'}>
      <legend>{legend}</legend>
      <div className="check-options">{children}</div>
      {hint && <p className="hint">{hint}</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function Check({
  label,
  checked,
  onChange,
  hint,
}: {
  label: string;
  checked: boolean;
  onChange: (on: boolean) => void;
  hint?: string;
}) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} /> {label}
      {hint && <span className="hint"> {hint}</span>}
    </label>
  );
}

const toggled = <T,>(list: T[], value: T, on: boolean) =>
  on ? [...list, value] : list.filter((v) => v !== value);

/** The IANA zones the browser knows, with the form's own value kept even if it is not among them. */
function useTimeZones(current: string): string[] {
  return useMemo(() => {
    const zones = Intl.supportedValuesOf('timeZone');
    return current && !zones.includes(current) ? [current, ...zones] : zones;
  }, [current]);
}

/** The campaign's own settings: name, mailboxes, schedule, caps, who it is sent to, tracking. */
export function CampaignSettings({
  form,
  onChange,
  error,
  mailboxes,
}: {
  form: CampaignForm;
  onChange: (form: CampaignForm) => void;
  error: ApiError | null;
  mailboxes: Mailbox[];
}) {
  const zones = useTimeZones(form.timeZone);
  const set = <K extends keyof CampaignForm>(field: K, value: CampaignForm[K]) =>
    onChange({ ...form, [field]: value });
  const text = (
    field: 'name' | 'description' | 'windowStart' | 'windowEnd' | 'dailyCap' | 'tags' | 'company' | 'query',
  ) => ({
    value: form[field],
    error: campaignFieldError(error, field),
    onChange: (event: { target: { value: string } }) => set(field, event.target.value),
  });

  return (
    <section className="card" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <TextField label="Name" required maxLength={200} {...text('name')} />
      <TextField label="Description" {...text('description')} />

      <CheckGroup
        legend="Mailboxes"
        error={campaignFieldError(error, 'mailboxIds')}
        hint={
          mailboxes.length === 0 ? (
            <>
              No mailbox yet: <Link to="/mailboxes">add one</Link> to launch this campaign.
            </>
          ) : (
            'The addresses it sends from; each lead keeps the one it was first sent from.'
          )
        }
      >
        {mailboxes.map((mailbox) => (
          <Check
            key={mailbox.id}
            label={`${mailbox.name} <${mailbox.fromAddress}>`}
            checked={form.mailboxIds.includes(mailbox.id)}
            onChange={(on) => set('mailboxIds', toggled(form.mailboxIds, mailbox.id, on))}
          />
        ))}
      </CheckGroup>

      <h3>Schedule</h3>
      <CheckGroup
        legend="Sending days"
        error={campaignFieldError(error, 'days')}
        hint="None ticked: every day."
      >
        {weekdays.map((day) => (
          <Check
            key={day.value}
            label={day.label}
            checked={form.days.includes(day.value)}
            onChange={(on) => set('days', toggled<Weekday>(form.days, day.value, on))}
          />
        ))}
      </CheckGroup>
      <div className="form-row">
        <TextField
          label="Window start"
          type="time"
          hint="Both empty: any time of day."
          {...text('windowStart')}
        />
        <TextField label="Window end" type="time" {...text('windowEnd')} />
        <SelectField
          label="Time zone"
          value={form.timeZone}
          error={campaignFieldError(error, 'timeZone')}
          onChange={(event) => set('timeZone', event.target.value)}
        >
          <option value="">UTC</option>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </SelectField>
      </div>
      <Check
        label="Use each lead's own time zone when known"
        hint="(the lead's custom field time_zone, e.g. America/Chicago)"
        checked={form.useRecipientTimeZone}
        onChange={(on) => set('useRecipientTimeZone', on)}
      />
      <TextField
        label="Daily cap"
        type="number"
        min={0}
        hint="Emails of this campaign that may start sending per day; 0 for no campaign cap (each mailbox keeps its own)."
        {...text('dailyCap')}
      />

      <h3>Who it is sent to</h3>
      <SelectField
        label="Send to"
        value={form.sendTo}
        error={campaignFieldError(error, 'sendTo')}
        hint="By verification status: a lead outside it when a step falls due is not sent that step."
        onChange={(event) => set('sendTo', event.target.value as CampaignForm['sendTo'])}
      >
        <option value="any">Every lead</option>
        <option value="safe">Verified valid only</option>
        <option value="safe+risky">Valid and risky</option>
        {form.sendTo === 'custom' && (
          <option value="custom">Custom ({form.customStatuses.join(', ')})</option>
        )}
      </SelectField>
      <fieldset className="field">
        <legend>Target criteria</legend>
        <p className="hint">
          Which leads &ldquo;Add leads matching the criteria&rdquo; adds; filters combine.
        </p>
        <div className="form-row">
          <TextField label="Tags" hint="Comma-separated; a lead with any of them." {...text('tags')} />
          <TextField label="Company" {...text('company')} />
          <TextField label="Search text" hint="Part of a lead's name, email or company." {...text('query')} />
        </div>
      </fieldset>

      <h3>Replies and tracking</h3>
      <Check
        label="Stop a lead's sequence when they reply"
        checked={form.stopOnReply}
        onChange={(on) => set('stopOnReply', on)}
      />
      <Check label="Track opens" checked={form.trackOpens} onChange={(on) => set('trackOpens', on)} />
      <Check label="Track clicks" checked={form.trackClicks} onChange={(on) => set('trackClicks', on)} />
      <p className={form.trackOpens || form.trackClicks ? 'notice' : 'hint'}>
        Tracking is off by default: a tracking pixel and redirected links are what spam filters look for, so
        they hurt the deliverability of cold email. Opens by image proxies and scanners are counted apart.
      </p>
    </section>
  );
}
