import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'su:isPublic';

/** Opens a route to unauthenticated callers; every other route needs a valid access token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
