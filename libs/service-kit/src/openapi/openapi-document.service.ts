import { Inject, Injectable, RequestMethod } from '@nestjs/common';
import { ApplicationConfig, DiscoveryService, MetadataScanner, ModuleRef } from '@nestjs/core';
import { buildOpenApiDocument, DiscoveredRoute, GlobalPrefix } from './openapi-document.builder';
import { JsonSchema } from './json-schema';
import { OPENAPI_INFO, OpenApiInfo } from './openapi-info';

/** Finds the application's routes and builds their document once, on first use. */
@Injectable()
export class OpenApiDocumentService {
  private document?: JsonSchema;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly moduleRef: ModuleRef,
    @Inject(OPENAPI_INFO) private readonly info: OpenApiInfo,
  ) {}

  /** Built lazily: the global prefix is set on the app after the modules are created. */
  get(): JsonSchema {
    this.document ??= buildOpenApiDocument(this.info, this.routes(), this.globalPrefix());
    return this.document;
  }

  private routes(): DiscoveredRoute[] {
    return this.discovery.getControllers().flatMap((wrapper) => {
      const controllerClass = wrapper.metatype as (abstract new () => unknown) | null;
      if (!controllerClass) return [];
      // The prototype, not the instance: request-scoped controllers have no instance yet.
      const prototype = controllerClass.prototype as Record<string, object>;
      return this.scanner.getAllMethodNames(prototype).map((methodName) => ({ controllerClass, handler: prototype[methodName], methodName }));
    });
  }

  private globalPrefix(): GlobalPrefix {
    // Nest keeps the global prefix in its ApplicationConfig, which it does not offer for injection;
    // the container behind ModuleRef holds it. Without it, paths are documented unprefixed.
    const config = (this.moduleRef as unknown as { container?: { applicationConfig?: ApplicationConfig } }).container?.applicationConfig;
    const prefix = config?.getGlobalPrefix() ?? '';
    const excluded = config?.getGlobalPrefixOptions().exclude ?? [];
    return {
      prefix,
      isExcluded: (path, method) =>
        !prefix || excluded.some((route) => (route.requestMethod === RequestMethod.ALL || route.requestMethod === method) && route.pathRegex.test(path)),
    };
  }
}
