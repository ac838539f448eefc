import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { OpenApiInfo } from './openapi-document';
import { OPENAPI_INFO, OpenApiController } from './openapi.controller';

@Module({})
export class OpenApiModule {
  static forRoot(info: OpenApiInfo): DynamicModule {
    return {
      module: OpenApiModule,
      imports: [DiscoveryModule],
      controllers: [OpenApiController],
      providers: [{ provide: OPENAPI_INFO, useValue: info }],
    };
  }
}
