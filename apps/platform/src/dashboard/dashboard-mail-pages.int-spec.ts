// The mail pages in a real browser against the embedded platform: a mailbox's SMTP test against a
// loopback SMTP server and the API's refusals shown where they belong, an unknown delivery retried
// only after the warning, the suppression list's add/check/remove, and a caught email's preview with
// what the policy would block taken out.
import { waitFor } from '@coldreach/testing';
import { startDashboardHarness, type DashboardHarness, type Journey } from './test/dashboard-harness';
import { heading } from './test/journey-steps';

jest.setTimeout(120_000);

interface Delivery {
  id: string;
  status: string;
}

describe('the mail pages', () => {
  let harness: DashboardHarness;
  let journey: Journey;
  /** Sends through the loopback SMTP sink (its own SMTP URL). */
  let relayId: string;
  /** No SMTP URL: its emails are caught. */
  let caughtId: string;

  beforeAll(async () => {
    harness = await startDashboardHarness();
    const a = harness.test.a;
    relayId = (
      await harness.api<{ id: string }>(a, 'POST', '/api/mailboxes', {
        name: 'Relay',
        fromAddress: 'relay@example.test',
        smtpUrl: harness.test.smtpSink.url,
      })
    ).id;
    caughtId = (
      await harness.api<{ id: string }>(a, 'POST', '/api/mailboxes', {
        name: 'Local',
        fromAddress: 'local@example.test',
      })
    ).id;
  });
  beforeEach(async () => {
    journey = await harness.journey({ signedInAs: harness.ownerA });
  });
  afterEach(async () => {
    const problems = journey.problems;
    await journey.close();
    expect(problems).toEqual([]);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const lead = (email: string) =>
    harness.api<{ id: string }>(harness.test.a, 'POST', '/api/leads', { email });
  const send = (body: Record<string, unknown>) =>
    harness.api<{ id: string }>(harness.test.a, 'POST', '/api/email/send', body);
  const delivery = (id: string) => harness.api<Delivery>(harness.test.a, 'GET', `/api/deliveries/${id}`);

  it('mailboxes: the SMTP test answers from the server; refusals show by the field or in the dialog', async () => {
    const { page } = journey;
    await page.goto('/mailboxes');
    await heading(page, 'Mailboxes');
    const relay = page.getByRole('article', { name: 'Relay' });
    await relay.getByText('127.0.0.1:').waitFor();
    await relay.getByRole('button', { name: 'Test SMTP' }).click();
    await relay.getByText('SMTP test passed').waitFor();

    // A private address is refused beside the URL, and what was typed stays.
    await page.getByRole('button', { name: 'Add mailbox' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Office');
    await page.getByLabel('From address').fill('office@example.test');
    const smtpUrl = page.getByLabel('SMTP URL', { exact: true });
    await smtpUrl.fill('smtp://user:secret@10.1.2.3:587');
    await page.getByRole('button', { name: 'Save mailbox' }).click();
    await page.locator('.field-error', { hasText: 'private address' }).waitFor();
    expect(await smtpUrl.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Office');
    expect(await smtpUrl.inputValue()).toBe('smtp://user:secret@10.1.2.3:587');

    // An email waiting to go out keeps its mailbox: the API's 409 shows in the dialog.
    const recipient = await lead('later@example.test');
    const tomorrow = new Date(Date.now() + 24 * 3600_000).toISOString();
    await send({
      clientId: recipient.id,
      mailboxId: caughtId,
      subject: 'Later',
      textBody: 'Hi',
      scheduledAt: tomorrow,
    });
    await page.getByRole('article', { name: 'Local' }).getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Local?' });
    await dialog.getByRole('button', { name: 'Delete mailbox' }).click();
    await dialog.getByRole('alert').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await harness.api(harness.test.a, 'GET', `/api/mailboxes/${caughtId}`);
  });

  it('deliveries: an unknown delivery is sent again only after the warning is confirmed', async () => {
    const { page } = journey;
    const sink = harness.test.smtpSink;
    // The first attempt to this recipient is read in full and then left unanswered: an unknown outcome.
    sink.setBehaviour(({ recipient, attempt }) =>
      recipient === 'twice@example.test' && attempt === 1 ? { action: 'destroy' } : { action: 'accept' },
    );
    const recipient = await lead('twice@example.test');
    const sent = await send({
      clientId: recipient.id,
      mailboxId: relayId,
      subject: 'Maybe twice',
      textBody: 'Hi',
    });
    await waitFor(async () => (await delivery(sent.id)).status === 'unknown', {
      timeoutMs: 60_000,
      what: 'the delivery to turn unknown',
    });

    await page.goto('/deliveries?status=unknown');
    await heading(page, 'Deliveries');
    const row = page.getByRole('row', { name: /twice@example\.test/ });
    await row.getByRole('button', { name: 'Retry' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send this email again?' });
    await dialog.getByText(/may deliver it/).waitFor();
    expect(await dialog.innerText()).toContain('twice');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await delivery(sent.id)).status).toBe('unknown');

    await row.getByRole('button', { name: 'Retry' }).click();
    await dialog.getByRole('button', { name: 'Send again' }).click();
    await page.getByRole('status').filter({ hasText: 'scheduled again' }).waitFor();
    await waitFor(async () => (await delivery(sent.id)).status === 'sent', {
      timeoutMs: 60_000,
      what: 'the retried delivery to be sent',
    });
    expect(sink.messages.filter((message) => message.subject === 'Maybe twice')).toHaveLength(1);
  });

  it('suppressions: add with a note, check, and remove (an unsubscribe only after saying so)', async () => {
    const { page } = journey;
    await harness.api(harness.test.a, 'POST', '/api/suppressions', {
      email: 'left@example.test',
      reason: 'unsubscribe',
    });
    await page.goto('/suppressions');
    await heading(page, 'Suppressions');
    await page.getByLabel('Address to suppress').fill('Manual@Example.test');
    await page.getByLabel('Note').fill('Asked by phone');
    await page.getByRole('button', { name: 'Add suppression' }).click();
    await page.getByRole('cell', { name: 'manual@example.test', exact: true }).waitFor();
    await page.getByRole('cell', { name: 'Asked by phone', exact: true }).waitFor();

    const check = async (address: string, answer: RegExp) => {
      await page.getByLabel('Address to check').fill(address);
      await page.getByRole('button', { name: 'Check address' }).click();
      await page.getByText(answer).waitFor();
    };
    await check(
      'manual@example.test',
      /manual@example\.test is suppressed because someone in this workspace/,
    );
    await check('left@example.test', /left@example\.test is suppressed because the recipient unsubscribed/);
    await check('fresh@example.test', /fresh@example\.test is not suppressed/);

    await page.getByRole('button', { name: 'Remove left@example.test' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove left@example.test from the list?' });
    await dialog.getByText('asked not to be contacted').waitFor();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: 'left@example.test', exact: true }).waitFor({ state: 'detached' });
    const left = await harness.api<{ suppressed: unknown[] }>(
      harness.test.a,
      'POST',
      '/api/suppressions/check',
      {
        emails: ['left@example.test'],
      },
    );
    expect(left.suppressed).toEqual([]);
  });

  it('caught mail: the email as its recipient sees it, without what the policy would block', async () => {
    const { page } = journey;
    const recipient = await lead('reader@example.test');
    await send({
      clientId: recipient.id,
      mailboxId: caughtId,
      subject: 'A caught note',
      textBody: 'The text part',
      htmlBody:
        '<p>Hello <b>reader</b>, <a href="https://offer.example.test/x">the offer</a>' +
        '<img src="https://images.example.test/logo.png" alt="Logo"></p><script>document.title = "ran"</script>',
    });
    await page.goto('/caught-mail');
    await heading(page, 'Caught mail');
    await page.getByRole('button', { name: 'A caught note' }).click({ timeout: 60_000 });
    const view = page.getByRole('article', { name: 'A caught note' });
    await view.getByText('1 remote image is not shown.').waitFor();
    const frame = view.locator('iframe');
    expect(await frame.getAttribute('sandbox')).toBe('');
    const srcdoc = (await frame.getAttribute('srcdoc')) ?? '';
    expect(srcdoc).toContain('<b>reader</b>');
    expect(srcdoc).not.toContain('<script');
    expect(srcdoc).not.toContain('images.example.test');
    await view.getByText('https://offer.example.test/x').waitFor();

    const href = (await view.getByRole('link', { name: 'Unsubscribe link' }).getAttribute('href')) ?? '';
    expect(new URL(href).pathname).toMatch(/^\/unsubscribe\//);

    await view.getByRole('tab', { name: 'Text' }).click();
    await view.getByText('The text part').waitFor();
  });
});
