import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiRoute, Public } from '@okr/service-kit';
import { Response } from 'express';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

const ASSETS_DIR = join(__dirname, 'assets');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Nothing is fetched from anywhere but this service: no CDN, no inline script, no framing. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Read once at start-up: the page is a handful of small files that change only with a release. */
function loadAssets(): Map<string, { body: Buffer; contentType: string }> {
  const assets = new Map<string, { body: Buffer; contentType: string }>();
  for (const name of readdirSync(ASSETS_DIR)) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (contentType) assets.set(name, { body: readFileSync(join(ASSETS_DIR, name)), contentType });
  }
  return assets;
}

/**
 * The web dashboard: static HTML, CSS and ES modules, public like any web page. The data it shows
 * comes from the JSON API, which stays behind bearer authentication and the privacy rules.
 */
@Controller()
export class WebController {
  private readonly assets = loadAssets();

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
