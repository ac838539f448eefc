import { Controller, Get, Header, Inject, NotFoundException, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { join } from 'node:path';
import { absolutePath } from 'swagger-ui-dist';
import { Public } from '../auth/public.decorator';
import { OPENAPI_INFO, OpenApiInfo } from './openapi-info';

/** The files of swagger-ui-dist the page loads: served by the app itself, so docs work offline and without a CDN. */
const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-16x16.png', 'favicon-32x32.png']);

/** A Swagger UI page over /openapi.json, with no inline script (strict CSP friendly). */
@Public()
@Controller('docs')
export class SwaggerUiController {
  constructor(@Inject(OPENAPI_INFO) private readonly info: OpenApiInfo) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(@Req() request: Request): string {
    // Relative links work under any global prefix or proxy path, with or without a trailing slash.
    const path = request.path;
    const here = path.endsWith('/') ? '' : `${path.slice(path.lastIndexOf('/') + 1)}/`;
    const documentUrl = path.endsWith('/') ? '../openapi.json' : 'openapi.json';
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(this.info.title)}: API</title>
<link rel="icon" href="${here}assets/favicon-32x32.png"><link rel="stylesheet" href="${here}assets/swagger-ui.css"></head>
<body><div id="swagger-ui" data-url="${documentUrl}"></div>
<script src="${here}assets/swagger-ui-bundle.js"></script>
<script src="${here}init.js"></script>
</body></html>`;
  }

  @Get('init.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  init(): string {
    return `const root = document.getElementById('swagger-ui');
window.ui = SwaggerUIBundle({ url: root.dataset.url, domNode: root, persistAuthorization: true, deepLinking: true });`;
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: Response): void {
    if (!ASSETS.has(file)) throw new NotFoundException(`no asset ${file}`);
    response.setHeader('Cache-Control', 'public, max-age=86400');
    response.sendFile(join(absolutePath(), file));
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
