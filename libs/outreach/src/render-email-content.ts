import { htmlToText } from './html-to-text';
import { parseTemplate, type ParsedTemplate } from './parse-template';
import { renderTemplate, type TemplateValues } from './render-template';

/** A step's templates: the subject and the bodies, either of which may be empty. */
export interface EmailTemplates {
  subject: string;
  textBody: string;
  htmlBody: string;
}

/** What a recipient reads, before tracking and the unsubscribe header are added. */
export interface RenderedEmailContent {
  subject: string;
  text: string;
  html: string;
}

/**
 * Renders an email's subject and bodies for one lead, as the Email service sends them and the
 * dashboard previews them: the subject on one line, values escaped in HTML, and the text part derived
 * from the HTML when the step has no text body. `parse` lets a sender cache parsed templates.
 */
export function renderEmailContent(
  templates: EmailTemplates,
  values: TemplateValues,
  parse: (source: string) => ParsedTemplate = parseTemplate,
): RenderedEmailContent {
  // A header value must stay on one line whatever a lead's fields hold.
  const subject = renderTemplate(parse(templates.subject), values, { html: false })
    .replace(/[\r\n]+/g, ' ')
    .trim();
  const html = templates.htmlBody ? renderTemplate(parse(templates.htmlBody), values, { html: true }) : '';
  const text = templates.textBody
    ? renderTemplate(parse(templates.textBody), values, { html: false })
    : htmlToText(html);
  return { subject, text, html };
}
