import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { OpenApiDocumentService } from './openapi-document.service';
import { OPENAPI_INFO, OpenApiInfo } from './openapi-info';
import { OpenApiController } from './openapi.controller';
import { SwaggerUiController } from './swagger-ui.controller';

/** `GET /openapi.json` and `GET /docs` for every route of the application that carries @ApiRoute. */
@Module({})
export class OpenApiModule {
  static forRoot(info: OpenApiInfo): DynamicModule {
    return {
      module: OpenApiModule,
      imports: [DiscoveryModule],
      controllers: [OpenApiController, SwaggerUiController],
      providers: [{ provide: OPENAPI_INFO, useValue: info }, OpenApiDocumentService],
      exports: [OpenApiDocumentService],
    };
  }
}
