import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = Symbol('IS_PUBLIC');

/** Routes anyone may call without a token: health, the OpenAPI document, the docs page. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
