/**
 * An email's HTML made ready for the sandboxed preview, in the browser (DOMParser builds an inert
 * document: nothing runs, nothing loads). What the dashboard's policy would block anyway is taken
 * out first, so the preview shows the email with remote content off and the console stays free of
 * blocked loads: scripts, frames, plugins, external style sheets, meta refreshes, remote images.
 */
export function emailPreviewOf(html: string): {
  srcdoc: string;
  remoteImages: number;
  links: { href: string; text: string }[];
} {
  const document = new DOMParser().parseFromString(html, 'text/html');
  for (const element of document.querySelectorAll(
    'script, iframe, frame, object, embed, link, meta[http-equiv]',
  )) {
    element.remove();
  }
  let remoteImages = 0;
  for (const image of document.querySelectorAll('img, input[type="image"]')) {
    const source = image.getAttribute('src') ?? '';
    image.removeAttribute('srcset');
    if (source !== '' && !source.startsWith('data:')) {
      image.removeAttribute('src');
      remoteImages += 1;
    }
  }
  for (const element of document.querySelectorAll('[background]')) element.removeAttribute('background');
  const links = new Map<string, string>();
  for (const anchor of document.querySelectorAll('a[href]')) {
    const href = anchor.getAttribute('href') ?? '';
    if (/^https?:\/\//i.test(href) && !links.has(href)) links.set(href, (anchor.textContent ?? '').trim());
  }
  return {
    srcdoc: `<!doctype html>${document.documentElement.outerHTML}`,
    remoteImages,
    links: [...links].map(([href, text]) => ({ href, text })),
  };
}
