import { type ParsedTemplate } from './parse-template';

/** Values by variable name: `first_name`, `company`, `custom.plan`, ... */
export type TemplateValues = Readonly<Record<string, string | undefined>>;

/** The client fields personalisation can use; the shape of a Client message from the contracts. */
export interface PersonalisationSource {
  email?: string;
  firstName?: string;
  lastName?: string;
  company?: string;
  title?: string;
  phone?: string;
  website?: string;
  customFields?: Readonly<Record<string, string>>;
}

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Renders a parsed template with one lead's values. In HTML, values are escaped (a lead's company
 * name must never become markup) while the template's own text and fallbacks are written as they
 * stand, since the user wrote them as markup. A blank value takes the fallback; a missing value
 * without one renders empty.
 */
export function renderTemplate(
  template: ParsedTemplate,
  values: TemplateValues,
  options: { html: boolean },
): string {
  let output = '';
  for (const part of template.parts) {
    if (part.kind === 'text') {
      output += part.text;
      continue;
    }
    // hasOwn keeps `{{constructor}}` and friends from reaching Object.prototype.
    const found = Object.hasOwn(values, part.name) ? values[part.name] : undefined;
    const value = typeof found === 'string' ? found : '';
    if (value.trim() === '' && part.fallback !== undefined) output += part.fallback;
    else output += options.html ? escapeHtml(value) : value;
  }
  return output;
}

/** The template values of one client: its built-in fields and its custom fields as `custom.<key>`. */
export function personalisationValues(client: PersonalisationSource): Record<string, string> {
  const values: Record<string, string> = {
    email: client.email ?? '',
    first_name: client.firstName ?? '',
    last_name: client.lastName ?? '',
    company: client.company ?? '',
    title: client.title ?? '',
    phone: client.phone ?? '',
    website: client.website ?? '',
  };
  for (const [key, value] of Object.entries(client.customFields ?? {})) values[`custom.${key}`] = value;
  return values;
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character] ?? character);
}
