import { smtpConnectionOptions } from './smtp-connection-options';

describe('smtpConnectionOptions', () => {
  it("passes the operator's URL as it is", () => {
    expect(smtpConnectionOptions({ url: 'smtp://relay:2525?tls.rejectUnauthorized=false' })).toEqual({
      url: 'smtp://relay:2525?tls.rejectUnauthorized=false',
    });
  });

  it('connects a pinned target to the checked address, naming the host for TLS', () => {
    expect(
      smtpConnectionOptions({
        url: 'smtps://alice%40corp.example:p%3Ass@mail.example.com',
        pinned: { address: '93.184.215.14', servername: 'mail.example.com' },
      }),
    ).toEqual({
      host: '93.184.215.14',
      port: 465,
      secure: true,
      auth: { user: 'alice@corp.example', pass: 'p:ss' },
      servername: 'mail.example.com',
      tls: { servername: 'mail.example.com' },
    });
    expect(
      smtpConnectionOptions({
        url: 'smtp://[::1]:2525',
        pinned: { address: '::1', servername: undefined },
      }),
    ).toEqual({ host: '::1', port: 2525, secure: false });
  });
});
