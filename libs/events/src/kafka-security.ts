import type { KafkaConfig, SASLOptions } from 'kafkajs';

/** SASL mechanisms both Kafka clients speak natively (MSK's is SCRAM-SHA-512; IAM would need a plugin). */
export const kafkaSaslMechanisms = ['scram-sha-512', 'scram-sha-256', 'plain'] as const;
export type KafkaSaslMechanism = (typeof kafkaSaslMechanisms)[number];

export interface KafkaSasl {
  mechanism: KafkaSaslMechanism;
  username: string;
  password: string;
}

/** How a client reaches the brokers: TLS or not, and with which SASL login (none: unauthenticated). */
export interface KafkaSecurity {
  tls: boolean;
  sasl: KafkaSasl | undefined;
}

/**
 * The brokers' security from KAFKA_TLS (`true`/`false`, default false), KAFKA_SASL_MECHANISM
 * (scram-sha-512, scram-sha-256 or plain; unset: no login), KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD.
 * Read here rather than in each app's config so every Kafka client (the services, the admin CLI's
 * replay and rebuild) logs in the same way. Errors name the variable, never the password.
 */
export function kafkaSecurityFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaSecurity {
  const tls = booleanFrom(env, 'KAFKA_TLS');
  const mechanism = (env.KAFKA_SASL_MECHANISM ?? '').trim().toLowerCase();
  const username = env.KAFKA_SASL_USERNAME ?? '';
  const password = env.KAFKA_SASL_PASSWORD ?? '';
  if (mechanism === '') {
    if (username !== '' || password !== '')
      throw new Error(
        'KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD are set, so KAFKA_SASL_MECHANISM is required too',
      );
    return { tls, sasl: undefined };
  }
  if (!isMechanism(mechanism))
    throw new Error(`KAFKA_SASL_MECHANISM must be one of ${kafkaSaslMechanisms.join(', ')}`);
  if (username === '') throw new Error('KAFKA_SASL_MECHANISM is set, so KAFKA_SASL_USERNAME is required');
  if (password === '') throw new Error('KAFKA_SASL_MECHANISM is set, so KAFKA_SASL_PASSWORD is required');
  // A login over plaintext would hand the password (PLAIN) or a replayable exchange to the network.
  if (!tls) throw new Error('KAFKA_SASL_MECHANISM is set, so KAFKA_TLS must be true');
  return { tls, sasl: { mechanism, username, password } };
}

function booleanFrom(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = (env[name] ?? '').trim();
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new Error(`${name} must be true or false`);
}

function isMechanism(value: string): value is KafkaSaslMechanism {
  return (kafkaSaslMechanisms as readonly string[]).includes(value);
}

/** The security a client uses: what its options say, else what the environment says. */
export function resolveKafkaSecurity(options: { tls?: boolean; sasl?: KafkaSasl }): KafkaSecurity {
  const fromEnv =
    options.tls === undefined || options.sasl === undefined ? kafkaSecurityFromEnv() : undefined;
  return { tls: options.tls ?? fromEnv?.tls ?? false, sasl: options.sasl ?? fromEnv?.sasl };
}

/** kafkajs' `ssl` and `sasl` settings. */
export function kafkajsSecurity(security: KafkaSecurity): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  // kafkajs types each mechanism's options apart; ours share one shape.
  return { ssl: security.tls, ...(security.sasl && { sasl: { ...security.sasl } as SASLOptions }) };
}

/** @platformatic/kafka's `tls` and `sasl` settings (its mechanism names are upper case). */
export function platformaticSecurity(security: KafkaSecurity) {
  return {
    ...(security.tls && { tls: {} }),
    ...(security.sasl && {
      sasl: {
        mechanism: security.sasl.mechanism.toUpperCase() as 'SCRAM-SHA-512' | 'SCRAM-SHA-256' | 'PLAIN',
        username: security.sasl.username,
        password: security.sasl.password,
      },
    }),
  };
}
