import { kafkajsSecurity, kafkaSecurityFromEnv, platformaticSecurity } from './kafka-security';

const scram = {
  KAFKA_TLS: 'true',
  KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
  KAFKA_SASL_USERNAME: 'coldreach',
  KAFKA_SASL_PASSWORD: 'secret-password',
};

describe('kafkaSecurityFromEnv', () => {
  it('is plaintext without a login when nothing is set', () => {
    expect(kafkaSecurityFromEnv({})).toEqual({ tls: false, sasl: undefined });
  });

  it('reads TLS alone (unauthenticated TLS)', () => {
    expect(kafkaSecurityFromEnv({ KAFKA_TLS: 'true' })).toEqual({ tls: true, sasl: undefined });
    expect(kafkaSecurityFromEnv({ KAFKA_TLS: '0' })).toEqual({ tls: false, sasl: undefined });
  });

  it('reads a SCRAM login in any case and maps it onto both clients', () => {
    const security = kafkaSecurityFromEnv(scram);
    expect(security).toEqual({
      tls: true,
      sasl: { mechanism: 'scram-sha-512', username: 'coldreach', password: 'secret-password' },
    });
    expect(kafkajsSecurity(security)).toEqual({
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'coldreach', password: 'secret-password' },
    });
    expect(platformaticSecurity(security)).toEqual({
      tls: {},
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'coldreach', password: 'secret-password' },
    });
    expect(kafkajsSecurity({ tls: false, sasl: undefined })).toEqual({ ssl: false });
    expect(platformaticSecurity({ tls: false, sasl: undefined })).toEqual({});
  });

  it.each([
    [{ KAFKA_TLS: 'yes' }, 'KAFKA_TLS must be true or false'],
    [{ ...scram, KAFKA_SASL_MECHANISM: 'aws_msk_iam' }, 'KAFKA_SASL_MECHANISM must be one of'],
    [{ ...scram, KAFKA_SASL_USERNAME: '' }, 'KAFKA_SASL_USERNAME is required'],
    [{ ...scram, KAFKA_SASL_PASSWORD: undefined }, 'KAFKA_SASL_PASSWORD is required'],
    [{ ...scram, KAFKA_TLS: 'false' }, 'KAFKA_TLS must be true'],
    [{ KAFKA_SASL_USERNAME: 'coldreach' }, 'KAFKA_SASL_MECHANISM is required'],
  ])('rejects %j, naming the variable', (env, message) => {
    expect(() => kafkaSecurityFromEnv(env)).toThrow(message);
  });

  it('never puts the password in an error', () => {
    expect(() => kafkaSecurityFromEnv({ ...scram, KAFKA_TLS: 'false' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret-password') }),
    );
  });
});
