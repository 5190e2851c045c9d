/** What the OTEL_* variables ask of tracing, validated. */
export interface TracingSettings {
  /** Where spans go (OTLP over HTTP, `…/v1/traces`); undefined: export nothing. */
  tracesUrl: string | undefined;
  /** Which sampler; the standard names of OTEL_TRACES_SAMPLER. */
  sampler: SamplerName;
  /** The ratio of the `*traceidratio` samplers, 0 to 1. */
  ratio: number;
}

const samplerNames = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type SamplerName = (typeof samplerNames)[number];

/** A variable of the OTEL_* family that does not mean anything tracing can use. */
export class TracingSettingsError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'TracingSettingsError';
  }
}

/**
 * Reads the standard OpenTelemetry variables: OTEL_SDK_DISABLED, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
 * (used as given) or OTEL_EXPORTER_OTLP_ENDPOINT (`/v1/traces` appended), OTEL_TRACES_SAMPLER
 * (default parentbased_traceidratio) and OTEL_TRACES_SAMPLER_ARG (default 1.0). Throws naming the
 * variable when a value is unusable.
 */
export function readTracingSettings(env: Readonly<Record<string, string | undefined>>): TracingSettings {
  const disabled = optional(env, 'OTEL_SDK_DISABLED')?.toLowerCase();
  if (disabled !== undefined && disabled !== 'true' && disabled !== 'false') {
    throw new TracingSettingsError('OTEL_SDK_DISABLED', `must be true or false, not "${disabled}"`);
  }
  const sampler = (optional(env, 'OTEL_TRACES_SAMPLER')?.toLowerCase() ??
    'parentbased_traceidratio') as SamplerName;
  if (!samplerNames.includes(sampler)) {
    throw new TracingSettingsError('OTEL_TRACES_SAMPLER', `must be one of ${samplerNames.join(', ')}`);
  }
  const ratioText = optional(env, 'OTEL_TRACES_SAMPLER_ARG');
  const ratio = ratioText === undefined ? 1 : Number(ratioText);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    throw new TracingSettingsError(
      'OTEL_TRACES_SAMPLER_ARG',
      `must be a number from 0 to 1, not "${ratioText}"`,
    );
  }
  const tracesUrl = disabled === 'true' ? undefined : tracesUrlOf(env);
  return { tracesUrl, sampler, ratio };
}

function tracesUrlOf(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const signal = optional(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (signal !== undefined) return httpUrl(signal, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT').toString();
  const base = optional(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (base === undefined) return undefined;
  const url = httpUrl(base, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
  return url.toString();
}

function httpUrl(value: string, variable: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TracingSettingsError(variable, 'must be an http(s) URL such as http://jaeger:4318');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TracingSettingsError(variable, `must use http or https (OTLP over HTTP), not ${url.protocol}`);
  }
  if (url.username || url.password) {
    // Credentials belong in OTEL_EXPORTER_OTLP_HEADERS; a URL with them would end up in logs.
    throw new TracingSettingsError(variable, 'must not carry credentials');
  }
  return url;
}

function optional(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}
