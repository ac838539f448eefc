import { Controller, Get, Header, Inject, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { Public } from '../auth/public.decorator';
import { buildOpenApiDocument, DiscoveredRoute, OpenApiInfo } from './openapi-document';

export const OPENAPI_INFO = Symbol('OPENAPI_INFO');

/** Serves the service's OpenAPI document and a Swagger UI page built from the same routes. */
@Public()
@Controller()
export class OpenApiController implements OnModuleInit {
  private document: Record<string, unknown> = {};

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    @Inject(OPENAPI_INFO) private readonly info: OpenApiInfo,
  ) {}

  onModuleInit(): void {
    const routes: DiscoveredRoute[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        routes.push({ controller: instance, controllerClass: wrapper.metatype as object, handler: prototype[name] });
      }
    }
    this.document = buildOpenApiDocument(this.info, routes);
  }

  @Get('openapi.json')
  openApi(): Record<string, unknown> {
    return this.document;
  }

  @Get('docs/init.js')
  @Header('Content-Type', 'application/javascript; charset=utf-8')
  docsInit(): string {
    return `window.ui = SwaggerUIBundle({ url: 'openapi.json', dom_id: '#ui', persistAuthorization: true });`;
  }

  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  docs(): string {
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${this.info.title}</title>
<link rel="stylesheet" href="docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script src="docs/init.js"></script>
</body></html>`;
  }
}
