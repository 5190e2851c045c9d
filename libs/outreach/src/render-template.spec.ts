import fc from 'fast-check';
import { parseTemplate, tryParseTemplate } from './parse-template';
import { escapeHtml, personalisationValues, renderTemplate } from './render-template';

const text = { html: false };
const html = { html: true };

describe('renderTemplate', () => {
  it('fills in values, and the fallback when a value is missing or blank', () => {
    const template = parseTemplate('Hi {{ first_name | "there" }} at {{company}}, plan {{custom.plan}}');
    expect(renderTemplate(template, { first_name: 'Ada', company: 'Acme', 'custom.plan': 'pro' }, text)).toBe(
      'Hi Ada at Acme, plan pro',
    );
    expect(renderTemplate(template, { first_name: '  ', company: 'Acme' }, text)).toBe(
      'Hi there at Acme, plan ',
    );
    expect(renderTemplate(template, {}, text)).toBe('Hi there at , plan ');
  });

  it('escapes values in HTML but never the template markup or its fallbacks', () => {
    const template = parseTemplate(
      '<p class="x">Hi {{first_name}} from {{company | "<b>your team</b>"}}</p>',
    );
    expect(renderTemplate(template, { first_name: `<script>"O'Hara" & co</script>` }, html)).toBe(
      '<p class="x">Hi &lt;script&gt;&quot;O&#39;Hara&quot; &amp; co&lt;/script&gt; from <b>your team</b></p>',
    );
  });

  it('writes values unchanged in text bodies and subjects', () => {
    expect(renderTemplate(parseTemplate('{{company}}'), { company: 'A & B <Ltd>' }, text)).toBe(
      'A & B <Ltd>',
    );
  });

  it('does not reach Object.prototype for names like constructor', () => {
    const template = parseTemplate('[{{constructor}}][{{toString | "x"}}][{{__proto__}}]');
    expect(renderTemplate(template, {}, text)).toBe('[][x][]');
  });

  it('never throws, whatever the template and values', () => {
    const names = fc.constantFrom(
      'first_name',
      'company',
      'custom.plan',
      'constructor',
      '__proto__',
      'email',
    );
    const source = fc
      .array(
        fc.oneof(
          fc.string(),
          names.map((name) => `{{${name}}}`),
          names.map((name) => `{{${name}|"f"}}`),
        ),
      )
      .map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(
        source,
        fc.dictionary(fc.oneof(names, fc.string()), fc.string()),
        fc.boolean(),
        (s, values, h) => {
          const parsed = tryParseTemplate(s);
          if (parsed.ok) expect(typeof renderTemplate(parsed.template, values, { html: h })).toBe('string');
        },
      ),
    );
  });

  it('in HTML, no value can add a tag, an entity or break out of a quoted attribute', () => {
    const template = parseTemplate('<a title="{{company}}">{{first_name}}</a>');
    fc.assert(
      fc.property(fc.string(), fc.string(), (company, firstName) => {
        const rendered = renderTemplate(template, { company, first_name: firstName }, html);
        const inner = rendered.slice('<a title="'.length, -'</a>'.length);
        const [title, body] = inner.split('">');
        expect(unescape(title ?? '')).toBe(company);
        expect(unescape(body ?? '')).toBe(firstName);
        expect(`${title}${body}`).not.toMatch(/[<>"']/);
        expect(`${title}${body}`).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
      }),
    );
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
  });
});

describe('personalisationValues', () => {
  it('maps a client to template values, custom fields under custom.', () => {
    const values = personalisationValues({
      email: 'ada@example.com',
      firstName: 'Ada',
      company: 'Acme',
      customFields: { plan: 'pro' },
    });
    expect(values).toEqual({
      email: 'ada@example.com',
      first_name: 'Ada',
      last_name: '',
      company: 'Acme',
      title: '',
      phone: '',
      website: '',
      'custom.plan': 'pro',
    });
    expect(
      renderTemplate(parseTemplate('{{first_name}} / {{last_name | "-"}} / {{custom.plan}}'), values, text),
    ).toBe('Ada / - / pro');
  });
});

function unescape(escaped: string): string {
  return escaped
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}
