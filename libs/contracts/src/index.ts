export * from './auth';
export * from './checksums';
export * from './common';
export * from './errors';
export * from './membership';
export * from './notices';
export * from './orgs';
export * from './roles';
