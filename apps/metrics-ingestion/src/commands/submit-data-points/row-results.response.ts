import { z } from 'zod';
import { RowResult } from '../../application/data-point-intake';

export const rowResultsResponse = z.object({
  summary: z.object({ accepted: z.number(), unchanged: z.number(), rejected: z.number() }),
  results: z.array(
    z.object({
      index: z.number(),
      status: z.enum(['accepted', 'unchanged', 'rejected']),
      dataPointId: z.string().optional().describe('the data point the row became (accepted)'),
      dataPointIds: z.array(z.string()).optional().describe('every data point it caused: a retraction from a previous subject comes first'),
      superseded: z.literal(true).optional().describe('unchanged because the ledger holds a newer version of the record, by the source’s version or modifiedAt'),
      errors: z.array(z.object({ field: z.string(), reason: z.string() })).optional().describe('what is wrong with the row, by field: [3].occurredAt'),
    }),
  ),
});

/** The answer to a batch: each row in order, bad fields named by their place in the array. */
export function rowResultsOf(results: RowResult[]): z.infer<typeof rowResultsResponse> {
  return {
    summary: {
      accepted: results.filter((r) => r.status === 'accepted').length,
      unchanged: results.filter((r) => r.status === 'unchanged').length,
      rejected: results.filter((r) => r.status === 'rejected').length,
    },
    results: results.map((result, index) => {
      if (result.status === 'accepted') return { index, status: result.status, dataPointId: result.dataPointIds[result.dataPointIds.length - 1], dataPointIds: result.dataPointIds };
      if (result.status === 'rejected') return { index, status: result.status, errors: result.errors.map((error) => ({ field: `[${index}].${error.field}`, reason: error.reason })) };
      return { index, status: result.status, ...(result.superseded ? { superseded: true as const } : {}) };
    }),
  };
}
