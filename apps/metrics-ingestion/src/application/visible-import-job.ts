import { Actor, ProblemError, problemType } from '@okr/service-kit';
import { IMPORT_HEARTBEAT_STALE_MS, ImportJob, ImportJobs } from './import-jobs.port';

/**
 * The job as `actor` may see it: only its creator and admins see it at all (anyone else gets the
 * answer of a missing job, since its existence says what was imported), and a running job whose
 * runner has not been heard of for IMPORT_HEARTBEAT_STALE_MS died with its process: interrupted.
 */
export async function visibleImportJob(jobs: ImportJobs, id: string, actor: Actor, now: Date): Promise<ImportJob> {
  const job = await jobs.get(id);
  if (!job || (!actor.isAdmin && job.startedBy !== actor.id)) throw new ProblemError({ type: problemType('not-found'), title: 'Not found', status: 404, detail: `no import job ${id}` });
  if (job.state === 'running' && now.getTime() - Date.parse(job.heartbeatAt) > IMPORT_HEARTBEAT_STALE_MS) {
    return { ...job, state: 'interrupted', failure: `its process stopped before the end of the file: upload the same file to POST /imports/${id}/resume to go on after line ${job.committedThroughLine}` };
  }
  return job;
}

/** Before this instant, a running job's heartbeat is stale. */
export function staleBefore(now: Date): Date {
  return new Date(now.getTime() - IMPORT_HEARTBEAT_STALE_MS);
}
