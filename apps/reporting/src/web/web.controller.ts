import { All, Controller, Get, Header, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiRoute, Public } from '@okr/service-kit';
import { Request, Response } from 'express';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { forwardRequest, WebUpstreams } from './api-forwarder';
import { webUpstreamsFrom } from './web-upstreams.config';

const ASSETS_DIR = join(__dirname, 'assets');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The services the page's calls go on to, under /api/<name>, and the setting that says where each runs. */
const UPSTREAM_SETTINGS: Record<keyof WebUpstreams, string> = { goals: 'GOALS_URL', ingestion: 'INGESTION_URL' };

/** Nothing is fetched from anywhere but this service: no CDN, no inline script, no framing. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Libraries the page uses, served from this service (pinned in package.json): asset name → file of the package. */
const VENDOR_ASSETS: Record<string, string> = {
  'uPlot.esm.js': 'uplot/dist/uPlot.esm.js',
  'uPlot.min.css': 'uplot/dist/uPlot.min.css',
};

/** Read once at start-up: the page is a handful of small files that change only with a release. */
function loadAssets(): Map<string, { body: Buffer; contentType: string }> {
  const assets = new Map<string, { body: Buffer; contentType: string }>();
  for (const name of readdirSync(ASSETS_DIR)) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (contentType) assets.set(name, { body: readFileSync(join(ASSETS_DIR, name)), contentType });
  }
  for (const [name, file] of Object.entries(VENDOR_ASSETS)) assets.set(name, { body: readFileSync(require.resolve(file)), contentType: CONTENT_TYPES[extname(name)] });
  return assets;
}

/**
 * The web dashboard: static HTML, CSS and ES modules, public like any web page. The data it shows
 * comes from the JSON API, which stays behind bearer authentication and the privacy rules.
 */
@Controller()
export class WebController {
  private readonly assets = loadAssets();
  private upstreams: WebUpstreams = webUpstreamsFrom(process.env);

  /** The all-in-one process points the page at its own goals and metrics-ingestion. */
  forwardApiTo(upstreams: WebUpstreams): void {
    this.upstreams = { ...this.upstreams, ...upstreams };
  }

  @Get()
  @Public()
  @Header('Cache-Control', 'no-cache')
  @ApiRoute({ summary: 'The web dashboard (HTML)', tags: ['web'], responses: { 200: { description: 'the page', contentType: 'text/html' } } })
  page(@Res() response: Response): void {
    this.send(response, 'index.html');
  }

  @Get('assets/:name')
  @Public()
  @Header('Cache-Control', 'no-cache')
  @ApiRoute({ summary: 'A stylesheet, script or icon of the web dashboard', tags: ['web'], responses: { 200: 'the file', 404: 'no such file' } })
  asset(@Param('name') name: string, @Res() response: Response): void {
    this.send(response, name);
  }

  @All(['api/:service', 'api/:service/*rest'])
  @Public()
  @ApiRoute({
    summary: 'The page’s calls to goals (/api/goals/…) and metrics-ingestion (/api/ingestion/…), passed on unchanged',
    description:
      'The page stays on this origin under its content security policy; the service behind judges each request (its bearer token, its rules, its problems). ' +
      '404 for another service, or when reporting does not know where that one runs (GOALS_URL, INGESTION_URL).',
    tags: ['web'],
    responses: { 200: 'the service’s answer', 404: 'no such service, or not configured' },
  })
  async forward(@Param('service') service: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    if (!Object.hasOwn(UPSTREAM_SETTINGS, service)) throw new NotFoundException(`no service ${service} behind /api: goals or ingestion`);
    const name = service as keyof WebUpstreams;
    const base = this.upstreams[name];
    if (!base) throw new NotFoundException(`this reporting service does not know where ${name} runs: the page is read-only (set ${UPSTREAM_SETTINGS[name]})`);
    await forwardRequest(request, response, base, request.originalUrl.slice(`/api/${name}`.length));
  }

  private send(response: Response, name: string): void {
    // Only the files read at start-up can be served: a name is a key, never a path.
    const asset = this.assets.get(name);
    if (!asset) throw new NotFoundException(`no asset ${name}`);
    response
      .status(200)
      .setHeader('Content-Type', asset.contentType)
      .setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
      .setHeader('X-Content-Type-Options', 'nosniff')
      .setHeader('Referrer-Policy', 'no-referrer')
      .end(asset.body);
  }
}
