import { Inject, Injectable, Logger } from '@nestjs/common';
import { parse, Parser } from 'csv-parse';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Candidate } from '../../application/data-point-row';
import { ChangeOrigin } from '../../application/data-point-ledger.port';
import { DataPointIntake } from '../../application/data-point-intake';
import { IMPORT_JOBS, ImportJobs, ImportProgress, RowError } from '../../application/import-jobs.port';
import { ingestionMetrics } from '../../infrastructure/ingestion-metrics';
import { candidateFromCsvRecord, missingCsvColumns } from './csv-row.mapping';

/** Rows per transaction: large enough to be fast, small enough that memory stays flat whatever the file's size. */
export const IMPORT_BATCH_ROWS = 1_000;

/**
 * Runs a CSV import as the file arrives: the upload is parsed as a stream and committed every
 * IMPORT_BATCH_ROWS rows, so a file of millions of rows never sits in memory. Progress and each
 * bad row's errors are stored with every batch; a row already imported is unchanged.
 */
@Injectable()
export class CsvImportRunner {
  private readonly logger = new Logger(CsvImportRunner.name);
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly intake: DataPointIntake,
    @Inject(IMPORT_JOBS) private readonly jobs: ImportJobs,
  ) {}

  /**
   * Starts a job on the stream and returns its id at once, with `read`: resolves once the stream
   * has been read to its end (or dropped after a failure), when the job has committed all but its last batch.
   */
  async start(upload: Readable, options: { fileName?: string; system: string; origin: ChangeOrigin }): Promise<{ id: string; read: Promise<void> }> {
    const id = randomUUID();
    await this.jobs.start({ id, fileName: options.fileName, startedBy: options.origin.actor });
    const read = new Promise<void>((resolve) => {
      upload.once('end', resolve);
      upload.once('close', resolve);
    });
    const run = this.run(id, upload, options).finally(() => this.running.delete(run));
    this.running.add(run);
    return { id, read };
  }

  /** Resolves when every running job has finished (tests; the module's shutdown waits for it before the publisher stops). */
  async idle(): Promise<void> {
    await Promise.all([...this.running]);
  }

  private async run(id: string, upload: Readable, options: { system: string; origin: ChangeOrigin }): Promise<void> {
    ingestionMetrics.importJobsRunning.inc();
    const progress: ImportProgress = { bytesRead: 0, rowsRead: 0, accepted: 0, unchanged: 0, rejected: 0 };
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
      let batch: { row: number; candidate: Candidate }[] = [];
      for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
        batch.push({ row: info.lines, candidate: candidateFromCsvRecord(record, options.system) });
        if (batch.length >= IMPORT_BATCH_ROWS) {
          await this.commit(id, batch, progress, parser, options.origin);
          batch = [];
        }
      }
      await parsing;
      await this.commit(id, batch, progress, parser, options.origin);
      await this.jobs.finish(id, 'completed');
    } catch (error) {
      const reason = (error as Error).message;
      this.logger.warn(`import ${id} failed after ${progress.rowsRead} rows: ${reason}`);
      await this.jobs.finish(id, 'failed', reason).catch((finishing) => this.logger.error(`import ${id}: could not record its failure: ${(finishing as Error).message}`));
    } finally {
      ingestionMetrics.importJobsRunning.dec();
    }
  }

  private async commit(id: string, batch: { row: number; candidate: Candidate }[], progress: ImportProgress, parser: Parser, origin: ChangeOrigin): Promise<void> {
    const results = await this.intake.accept(batch.map((item) => item.candidate), origin, 'csv');
    const errors: RowError[] = [];
    results.forEach((result, index) => {
      progress[result.status === 'rejected' ? 'rejected' : result.status]++;
      if (result.status === 'rejected') for (const error of result.errors) errors.push({ row: batch[index].row, ...error });
    });
    progress.rowsRead += batch.length;
    progress.bytesRead = parser.info.bytes;
    await this.jobs.progress(id, progress, errors);
  }
}
