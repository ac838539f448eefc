import { Inject, Injectable, Logger } from '@nestjs/common';
import { parse, Parser } from 'csv-parse';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Candidate } from '../../application/data-point-row';
import { ChangeOrigin } from '../../application/data-point-ledger.port';
import { DataPointIntake } from '../../application/data-point-intake';
import { IMPORT_HEARTBEAT_MS, IMPORT_JOBS, ImportJob, ImportJobs, ImportProgress, RowError } from '../../application/import-jobs.port';
import { ingestionMetrics } from '../../infrastructure/ingestion-metrics';
import { candidateFromCsvRecord, missingCsvColumns } from './csv-row.mapping';

/** Rows per transaction: large enough to be fast, small enough that memory stays flat whatever the file's size. */
export const IMPORT_BATCH_ROWS = 1_000;

/** Told to stop (the process is shutting down): the job ends interrupted after committing what it read. */
class ImportInterrupted extends Error {
  constructor() {
    super('the service stopped before the end of the file');
  }
}

interface RunOptions {
  system: string;
  origin: ChangeOrigin;
}

/**
 * Runs a CSV import as the file arrives: the upload is parsed as a stream and committed every
 * IMPORT_BATCH_ROWS rows, so a file of millions of rows never sits in memory. Progress and each
 * bad row's errors are stored with every batch; a row already imported is unchanged. Told to stop,
 * a job commits the rows it has read and ends `interrupted`; the same file uploaded to its resume
 * route skips the committed lines and goes on.
 */
@Injectable()
export class CsvImportRunner {
  private readonly logger = new Logger(CsvImportRunner.name);
  private readonly running = new Set<Promise<void>>();
  private readonly interrupts = new Map<string, () => void>();
  private stopping = false;

  constructor(
    private readonly intake: DataPointIntake,
    @Inject(IMPORT_JOBS) private readonly jobs: ImportJobs,
  ) {}

  /**
   * Starts a job on the stream and returns its id at once, with `read`: resolves once the stream
   * has been read to its end (or dropped after a failure), when the job has committed all but its last batch.
   */
  async start(upload: Readable, options: RunOptions & { fileName?: string }): Promise<{ id: string; read: Promise<void> }> {
    const id = randomUUID();
    await this.jobs.start({ id, fileName: options.fileName, startedBy: options.origin.actor, system: options.system });
    const progress: ImportProgress = { bytesRead: 0, rowsRead: 0, accepted: 0, unchanged: 0, rejected: 0, committedThroughLine: 1, currentRowsPerSecond: 0 };
    return { id, read: this.launch(id, upload, options, progress) };
  }

  /** Goes on with an interrupted job (the caller marked it running again) from the line after its last committed one. */
  resume(job: ImportJob, upload: Readable, origin: ChangeOrigin): { read: Promise<void> } {
    const progress: ImportProgress = { bytesRead: 0, rowsRead: job.rowsRead, accepted: job.accepted, unchanged: job.unchanged, rejected: job.rejected, committedThroughLine: job.committedThroughLine, currentRowsPerSecond: 0 };
    return { read: this.launch(job.id, upload, { system: job.system, origin }, progress) };
  }

  /** Resolves when every running job has finished (tests; the module's shutdown waits for it before the publisher stops). */
  async idle(): Promise<void> {
    await Promise.all([...this.running]);
  }

  /** Stops every job at its next commit (or at once, when it waits for data), each ending interrupted; then resolves. */
  async interrupt(): Promise<void> {
    this.stopping = true;
    for (const interrupt of this.interrupts.values()) interrupt();
    await this.idle();
  }

  private launch(id: string, upload: Readable, options: RunOptions, progress: ImportProgress): Promise<void> {
    const read = new Promise<void>((resolve) => {
      upload.once('end', resolve);
      upload.once('close', resolve);
    });
    const run = this.run(id, upload, options, progress).finally(() => this.running.delete(run));
    this.running.add(run);
    return read;
  }

  private async run(id: string, upload: Readable, options: RunOptions, progress: ImportProgress): Promise<void> {
    ingestionMetrics.importJobsRunning.inc();
    const resumeAfterLine = progress.committedThroughLine;
    const parser = parse({
      columns: (header: string[]) => {
        const names = header.map((name) => name.trim().toLowerCase());
        const missing = missingCsvColumns(names);
        if (missing.length) throw new Error(`the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
        return names;
      },
      info: true,
      skip_empty_lines: true,
      bom: true,
    });
    this.interrupts.set(id, () => parser.destroy(new ImportInterrupted()));
    if (this.stopping) parser.destroy(new ImportInterrupted());
    const heartbeat = setInterval(() => void this.jobs.heartbeat(id).catch(() => undefined), IMPORT_HEARTBEAT_MS);
    heartbeat.unref();
    const batch: { row: number; candidate: Candidate }[] = [];
    const since = { at: performance.now() };
    try {
      // An upload that breaks off (its client gone, or idle past the timeout) ends the parse too:
      // without this the loop below would wait for rows that never come.
      let ended = false;
      upload.once('end', () => (ended = true));
      const brokeOff = (error?: Error) => parser.destroy(new Error(`the upload broke off before its end${error ? ` (${error.message})` : ''}`));
      upload.once('error', brokeOff);
      upload.once('close', () => ended || brokeOff());
      const parsing = new Promise<void>((resolve, reject) => {
        parser.once('error', (error) => {
          // The rest of the file is read and dropped, so the upload's answer can still be sent.
          upload.unpipe(parser);
          upload.resume();
          reject(error);
        });
        parser.once('end', resolve);
      });
      // Its failure (a broken upload, a bad header) also ends the loop below, which reports it.
      parsing.catch(() => undefined);
      upload.pipe(parser);
      for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
        // Committed before the job was interrupted.
        if (info.lines <= resumeAfterLine) continue;
        batch.push({ row: info.lines, candidate: candidateFromCsvRecord(record, options.system) });
        if (batch.length >= IMPORT_BATCH_ROWS) await this.commit(id, batch.splice(0), progress, parser, options.origin, since);
      }
      await parsing;
      await this.commit(id, batch.splice(0), progress, parser, options.origin, since);
      await this.jobs.finish(id, 'completed');
    } catch (error) {
      await this.end(id, error as Error, { batch, progress, parser, origin: options.origin, since });
      // Stopping within seconds means not reading the rest of the upload: its connection closes.
      if (error instanceof ImportInterrupted) upload.destroy();
    } finally {
      clearInterval(heartbeat);
      this.interrupts.delete(id);
      ingestionMetrics.importJobsRunning.dec();
    }
  }

  /** A job that stopped early: interrupted after committing what it read, or failed with its reason. */
  private async end(id: string, error: Error, state: { batch: { row: number; candidate: Candidate }[]; progress: ImportProgress; parser: Parser; origin: ChangeOrigin; since: { at: number } }): Promise<void> {
    const { batch, progress, parser, origin, since } = state;
    try {
      if (error instanceof ImportInterrupted) {
        await this.commit(id, batch.splice(0), progress, parser, origin, since);
        this.logger.log(`import ${id} interrupted after line ${progress.committedThroughLine}: the same file resumes it`);
        await this.jobs.finish(id, 'interrupted', `${error.message}: upload the same file to POST /imports/${id}/resume to go on after line ${progress.committedThroughLine}`);
        return;
      }
      this.logger.warn(`import ${id} failed after ${progress.rowsRead} rows: ${error.message}`);
      await this.jobs.finish(id, 'failed', error.message);
    } catch (finishing) {
      this.logger.error(`import ${id}: could not record how it ended: ${(finishing as Error).message}`);
    }
  }

  private async commit(id: string, batch: { row: number; candidate: Candidate }[], progress: ImportProgress, parser: Parser, origin: ChangeOrigin, since: { at: number }): Promise<void> {
    if (batch.length === 0) return;
    const results = await this.intake.accept(batch.map((item) => item.candidate), origin, 'csv');
    const errors: RowError[] = [];
    results.forEach((result, index) => {
      progress[result.status === 'rejected' ? 'rejected' : result.status]++;
      if (result.status === 'rejected') for (const error of result.errors) errors.push({ row: batch[index].row, ...error });
    });
    const now = performance.now();
    progress.rowsRead += batch.length;
    progress.bytesRead = parser.info.bytes;
    progress.committedThroughLine = batch[batch.length - 1].row;
    progress.currentRowsPerSecond = Math.round((batch.length * 1000) / Math.max(now - since.at, 1));
    since.at = now;
    await this.jobs.progress(id, progress, errors);
  }
}
