import { loadConfig } from '@okr/service-kit';
import { z } from 'zod';
import { WebUpstreams } from './api-forwarder';

/**
 * Where the web app's writes go when reporting runs on its own (the all-in-one process sets them
 * itself): unset, the page is read-only and says so.
 */
export const webUpstreamsSchema = z.object({
  GOALS_URL: z.url({ protocol: /^https?$/ }).optional().meta({ examples: ['http://goals:3000'] }),
  INGESTION_URL: z.url({ protocol: /^https?$/ }).optional().meta({ examples: ['http://metrics-ingestion:3001'] }),
});

export function webUpstreamsFrom(environment: NodeJS.ProcessEnv): WebUpstreams {
  const { GOALS_URL, INGESTION_URL } = loadConfig(webUpstreamsSchema, environment);
  return { goals: GOALS_URL, ingestion: INGESTION_URL };
}
