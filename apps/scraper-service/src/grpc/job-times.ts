import { timestampFromDate } from '@bufbuild/protobuf/wkt';

/** A job's life as the contracts write it: created, started and ended (unset until then), updated. */
export function jobTimesToProto(job: {
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  updatedAt: Date;
}) {
  return {
    createTime: timestampFromDate(job.createdAt),
    ...(job.startedAt && { startTime: timestampFromDate(job.startedAt) }),
    ...(job.endedAt && { endTime: timestampFromDate(job.endedAt) }),
    updateTime: timestampFromDate(job.updatedAt),
  };
}
