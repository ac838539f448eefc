import { Controller, Get } from '@nestjs/common';
import { Public } from '../auth/public.decorator';
import { JsonSchema } from './json-schema';
import { OpenApiDocumentService } from './openapi-document.service';

/** The service's OpenAPI 3.1 document, built from the same zod schemas its routes validate with. */
@Public()
@Controller()
export class OpenApiController {
  constructor(private readonly documents: OpenApiDocumentService) {}

  @Get('openapi.json')
  openApi(): JsonSchema {
    return this.documents.get();
  }
}
