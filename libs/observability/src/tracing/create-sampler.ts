import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace';
import type { TracingSettings } from './tracing-settings';

/** The sampler OTEL_TRACES_SAMPLER names; a parent-based one follows the caller's decision. */
export function createSampler({ sampler, ratio }: Pick<TracingSettings, 'sampler' | 'ratio'>): Sampler {
  const root = (name: string): Sampler => {
    if (name.endsWith('always_on')) return new AlwaysOnSampler();
    if (name.endsWith('always_off')) return new AlwaysOffSampler();
    return new TraceIdRatioBasedSampler(ratio);
  };
  return sampler.startsWith('parentbased_') ? new ParentBasedSampler({ root: root(sampler) }) : root(sampler);
}
