import { personalisationValues } from './render-template';
import { renderEmailContent } from './render-email-content';

const ada = personalisationValues({ firstName: 'Ada', company: 'A & B <Ltd>' });

describe('renderEmailContent', () => {
  it('renders the subject on one line, values escaped only in HTML', () => {
    const rendered = renderEmailContent(
      {
        subject: ' Hi {{first_name}}\r\nfrom {{company}} ',
        textBody: 'Dear {{first_name}} at {{company}}',
        htmlBody: '<p>{{company}}</p>',
      },
      ada,
    );
    expect(rendered).toEqual({
      subject: 'Hi Ada from A & B <Ltd>',
      text: 'Dear Ada at A & B <Ltd>',
      html: '<p>A &amp; B &lt;Ltd&gt;</p>',
    });
  });

  it('derives the text part from the HTML when the step has no text body', () => {
    const rendered = renderEmailContent(
      { subject: 'x', textBody: '', htmlBody: '<p>Hello {{first_name | "there"}}</p>' },
      personalisationValues({}),
    );
    expect(rendered.html).toBe('<p>Hello there</p>');
    expect(rendered.text.trim()).toBe('Hello there');
  });

  it('leaves the HTML part empty when the step has no HTML body', () => {
    expect(renderEmailContent({ subject: 's', textBody: 't', htmlBody: '' }, ada).html).toBe('');
  });

  it('parses through the given function, so a sender can cache', () => {
    const seen: string[] = [];
    renderEmailContent({ subject: 'a', textBody: 'b', htmlBody: '' }, ada, (source) => {
      seen.push(source);
      return { parts: [{ kind: 'text', text: source }], variables: [] };
    });
    expect(seen).toEqual(['a', 'b']);
  });
});
