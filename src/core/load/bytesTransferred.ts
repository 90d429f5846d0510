// S3's own byte counts of a request, `additionalEventData.bytesTransferredIn/Out`
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-understanding-s3-entries.html).
// Only S3 data events carry them, so the index keeps them as a sparse column: the events that have them, and the counts.

import type { RawRecord } from '../types';
import type { ColumnArena, ColumnType } from './columnArena';

/** Bytes in and out of one request; NaN for a count the record does not give. */
export interface BytesTransferred {
  bytesIn: number;
  bytesOut: number;
}

/** The sparse column of a file: `events[k]` (ascending event indexes) moved `bytesIn[k]`/`bytesOut[k]` (NaN = not given). */
export interface TransferColumn {
  events: Uint32Array;
  bytesIn: Float64Array;
  bytesOut: Float64Array;
}

function byteCount(value: unknown): number {
  // Logs write them as numbers (sometimes 0.0 or 1024.0), exports occasionally as numeric strings.
  const count = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  // A count past 2^53 is no request's (S3 objects stop at 5 TB) and would make sums lose their units: not given.
  return Number.isFinite(count) && count >= 0 && count <= Number.MAX_SAFE_INTEGER ? count : NaN;
}

/** The byte counts of a record, or null when it gives neither. */
export function bytesTransferredOf(record: RawRecord): BytesTransferred | null {
  const data = record.additionalEventData;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const fields = data as Record<string, unknown>;
  const bytesIn = byteCount(fields.bytesTransferredIn);
  const bytesOut = byteCount(fields.bytesTransferredOut);
  return Number.isNaN(bytesIn) && Number.isNaN(bytesOut) ? null : { bytesIn, bytesOut };
}

/** Builds a TransferColumn one event at a time. */
export class TransferColumnBuilder {
  private events: number[] = [];
  private bytesIn: number[] = [];
  private bytesOut: number[] = [];

  push(event: number, transfer: BytesTransferred): void {
    this.events.push(event);
    this.bytesIn.push(transfer.bytesIn);
    this.bytesOut.push(transfer.bytesOut);
  }

  finish(columns: ColumnArena): TransferColumn {
    const column = <T extends Uint32Array | Float64Array>(type: ColumnType<T>, values: number[]) => {
      const array = columns.allocate(type, values.length);
      array.set(values);
      return array;
    };
    return { events: column(Uint32Array, this.events), bytesIn: column(Float64Array, this.bytesIn), bytesOut: column(Float64Array, this.bytesOut) };
  }
}
