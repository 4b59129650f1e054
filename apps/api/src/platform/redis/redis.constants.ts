/** Injection token of the app's ioredis client. */
export const REDIS = Symbol('REDIS');
