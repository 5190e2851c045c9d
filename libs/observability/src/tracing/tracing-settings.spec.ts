import { readTracingSettings } from './tracing-settings';

describe('readTracingSettings', () => {
  it.each([
    [{}, { tracesUrl: undefined, sampler: 'parentbased_traceidratio', ratio: 1 }],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' },
      { tracesUrl: 'http://jaeger:4318/v1/traces', sampler: 'parentbased_traceidratio', ratio: 1 },
    ],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example/base/' },
      { tracesUrl: 'https://otel.example/base/v1/traces' },
    ],
    [
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/custom',
      },
      { tracesUrl: 'http://127.0.0.1:9/custom' },
    ],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_SDK_DISABLED: 'true' },
      { tracesUrl: undefined },
    ],
    [{ OTEL_TRACES_SAMPLER_ARG: '0.01' }, { sampler: 'parentbased_traceidratio', ratio: 0.01 }],
    [{ OTEL_TRACES_SAMPLER: 'ALWAYS_ON' }, { sampler: 'always_on' }],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }, { tracesUrl: undefined }],
  ])('%j', (env, expected) => {
    expect(readTracingSettings(env)).toMatchObject(expected);
  });

  it.each([
    [{ OTEL_TRACES_SAMPLER: 'sometimes' }, 'OTEL_TRACES_SAMPLER must be one of'],
    [{ OTEL_TRACES_SAMPLER_ARG: '1.5' }, 'OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1'],
    [{ OTEL_TRACES_SAMPLER_ARG: 'half' }, 'OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT must use http or https'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }, 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'grpc://x:4317' }, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must use'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://u:hunter2@x:4318' }, 'must not carry credentials'],
    [{ OTEL_SDK_DISABLED: 'maybe' }, 'OTEL_SDK_DISABLED must be true or false'],
  ])('refuses %j', (env, message) => {
    expect(() => readTracingSettings(env)).toThrow(message);
  });

  it('never repeats a refused URL, which may hold a secret', () => {
    expect(() => readTracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://u:hunter2@x:4318' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
});
