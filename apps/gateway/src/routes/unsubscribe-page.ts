import type { FastifyReply } from 'fastify';
import { escapeHtml } from '@coldreach/outreach';

// The public unsubscribe pages: tiny, self-contained HTML with no scripts, no external assets and no
// cookies. Every value shown is escaped; the token is never written into the page (the form posts
// back to the page's own URL).

const style = `
  body { font: 16px/1.5 system-ui, sans-serif; color: #1f2328; background: #f6f8fa; margin: 0; }
  main { max-width: 32rem; margin: 12vh auto; padding: 2rem; background: #fff; border-radius: 8px;
         box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  h1 { font-size: 1.4rem; margin-top: 0; }
  button { font: inherit; padding: .6rem 1.2rem; border: 0; border-radius: 6px; background: #cf222e;
           color: #fff; cursor: pointer; }
  .muted { color: #59636e; font-size: .9rem; }`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body><main>
<h1>${escapeHtml(title)}</h1>
${body}
</main></body>
</html>
`;
}

/** GET: what the link would do, and the button that does it (a GET never unsubscribes: link scanners follow GETs). */
export function confirmUnsubscribePage(maskedEmail: string, alreadyUnsubscribed: boolean): string {
  if (alreadyUnsubscribed) return unsubscribedPage(maskedEmail, true);
  return page(
    'Unsubscribe',
    `<p>Stop receiving these emails at <strong>${escapeHtml(maskedEmail)}</strong>?</p>
<form method="post">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>`,
  );
}

/** POST: done. */
export function unsubscribedPage(maskedEmail: string, alreadyUnsubscribed: boolean): string {
  return page(
    'You are unsubscribed',
    `<p><strong>${escapeHtml(maskedEmail)}</strong> ${
      alreadyUnsubscribed ? 'was already unsubscribed' : 'has been unsubscribed'
    }. You will not receive further emails from this sender.</p>`,
  );
}

/** A link that is broken or expired (400), or a failure on our side (5xx). */
export function unsubscribeErrorPage(status: number): string {
  return status < 500
    ? page(
        'This unsubscribe link is not valid',
        `<p>The link is incomplete or has expired. Use the unsubscribe link of a more recent email, or
reply to the sender and ask to be removed.</p>`,
      )
    : page(
        'Please try again',
        '<p class="muted">We could not process the request just now. Please try again in a few minutes.</p>',
      );
}

/** Sends a page with headers that keep it private and inert. */
export function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    )
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .send(html);
}
