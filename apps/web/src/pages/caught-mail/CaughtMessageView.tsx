import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { Time } from '../../ui/Time';
import { emailPreviewOf } from './email-preview';
import { shownHeaders, unsubscribeUrlOf, type CaughtMessage } from './caught-message';

type Part = 'html' | 'text';

/**
 * One caught email as its recipient would see it: the headers a mail program shows, the HTML part
 * in a sandboxed frame (sandbox="": no scripts, no same-origin, no navigation out of it) with the
 * text part beside it, and the unsubscribe link of List-Unsubscribe as a real link.
 */
export function CaughtMessageView({
  message,
  campaignName,
}: {
  message: CaughtMessage;
  campaignName?: string | null | undefined;
}) {
  const parts: Part[] = message.htmlBody ? ['html', 'text'] : ['text'];
  const [chosen, setChosen] = useState<Part>('html');
  const part = parts.includes(chosen) ? chosen : 'text';
  const unsubscribeUrl = unsubscribeUrlOf(message.headers);
  const preview = useMemo(() => emailPreviewOf(message.htmlBody), [message.htmlBody]);
  const links = preview.links;
  const id = useId();

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const next = parts[(parts.indexOf(part) + 1) % parts.length] as Part;
    setChosen(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  };

  return (
    <article className="caught-message" aria-labelledby={`${id}-subject`}>
      <h2 id={`${id}-subject`}>{message.subject || '(no subject)'}</h2>
      <dl className="email-headers">
        {shownHeaders(message.headers).map((header) => (
          <div key={header.name}>
            <dt>{header.name}</dt>
            <dd>{header.value}</dd>
          </div>
        ))}
        <div>
          <dt>Unsubscribe</dt>
          <dd>
            {unsubscribeUrl ? (
              <>
                <a href={unsubscribeUrl}>Unsubscribe link</a> <code className="break">{unsubscribeUrl}</code>
              </>
            ) : (
              'This email has no unsubscribe link.'
            )}
          </dd>
        </div>
        <div>
          <dt>Caught</dt>
          <dd>
            <Time iso={message.caughtAt} />
            {campaignName && <> · campaign {campaignName}</>} · {Math.ceil(message.sizeBytes / 1024)} KB
          </dd>
        </div>
      </dl>

      <div role="tablist" aria-label="Part of the email" className="tabs">
        {parts.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`${id}-tab-${name}`}
            aria-selected={part === name}
            aria-controls={`${id}-panel`}
            tabIndex={part === name ? 0 : -1}
            onClick={() => setChosen(name)}
            onKeyDown={onTabKey}
          >
            {name === 'html' ? 'HTML' : 'Text'}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${part}`} className="email-body">
        {part === 'html' ? (
          <>
            <p className="hint">
              {preview.remoteImages > 0 && (
                <strong>
                  {preview.remoteImages === 1
                    ? '1 remote image is'
                    : `${preview.remoteImages} remote images are`}{' '}
                  not shown.{' '}
                </strong>
              )}
              Remote images and scripts are never loaded here (the dashboard&apos;s security policy blocks
              them); a recipient&apos;s mail program may load the images. Links inside this preview do not
              open (opening a tracked link here would count as the recipient&apos;s click): they are listed
              below.
            </p>
            <iframe title={`The HTML part of “${message.subject}”`} sandbox="" srcDoc={preview.srcdoc} />
          </>
        ) : (
          <pre className="email-text">{message.textBody}</pre>
        )}
      </div>

      {links.length > 0 && (
        <section aria-labelledby={`${id}-links`}>
          <h3 id={`${id}-links`}>Links in this email</h3>
          <ul className="email-links">
            {links.map((link) => (
              <li key={link.href}>
                {link.text || 'link'}: <code className="break">{link.href}</code>
              </li>
            ))}
          </ul>
        </section>
      )}

      <details>
        <summary>All headers ({message.headers.length})</summary>
        <pre className="email-text">
          {message.headers.map((header) => `${header.name}: ${header.value}`).join('\n')}
        </pre>
      </details>
    </article>
  );
}
