import { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { validationProblem } from '../problems/problem.error';
import { fieldErrorsOf, requestErrorMap } from './field-errors';
import { RequestPart } from './request-part';
import { isCheckedRowByRow, requestValueViolations } from './request-value-policy';

const PARTS: Partial<Record<ArgumentMetadata['type'], RequestPart>> = { body: 'body', query: 'query', param: 'params' };

/**
 * Parses an argument with a zod schema and hands the handler the parsed (typed, defaulted) value,
 * or answers 400 naming every field at fault. Any value breaking REQUEST_LIMITS (a NUL, a lone
 * surrogate, an endless string, 1e309, nesting too deep) is refused first, whatever the schema.
 * `@Body(new ZodValidationPipe(schema))` works, but `@ValidBody(schema)` also documents the schema in OpenAPI: prefer it.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    readonly schema: S,
    /** Needed only on a custom parameter decorator; @Body, @Query and @Param say it themselves. */
    private readonly part?: RequestPart,
  ) {}

  transform(value: unknown, metadata?: ArgumentMetadata): z.output<S> {
    const part = this.part ?? (metadata && PARTS[metadata.type]) ?? 'input';
    // @Query('asOf', pipe) validates one value: its field is query.asOf.
    const prefix = metadata?.data ? `${part}.${metadata.data}` : part;
    // The limits every request keeps come first: a schema may let a value through untyped (z.unknown()).
    const violations = isCheckedRowByRow(this.schema) ? [] : requestValueViolations(value, prefix);
    if (violations.length) throw validationProblem(violations);
    const result = this.schema.safeParse(value, { error: requestErrorMap });
    if (result.success) return result.data;
    throw validationProblem(fieldErrorsOf(result.error, prefix));
  }
}
