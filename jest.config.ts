import type { Config } from 'jest';

// Workers inherit this: business dates are computed in Asia/Shanghai explicitly, and a fixed process TZ
// keeps tests from passing only on machines that happen to be in China.
process.env.TZ = 'UTC';

// SWC keeps decorator metadata (NestJS DI, class-validator) and is far faster than ts-jest.
const transform: Config['transform'] = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true, tsx: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};

const moduleNameMapper = {
  '^@smartunion/contracts$': '<rootDir>/libs/contracts/src/index.ts',
};

// NestJS 12 (and a few of its dependencies) ship as ESM only. Node 20 loads them through require(esm), but
// Jest's module loader does not, so SWC compiles exactly those packages to CommonJS for the test run.
const ESM_PACKAGES = [
  '@nestjs',
  'file-type',
  'load-esm',
  'uid',
  'strtok3',
  'token-types',
  'peek-readable',
  '@tokenizer',
  'uint8array-extras',
  '@borewit',
  'content-disposition',
  'cookie',
];
const esm = ESM_PACKAGES.map((p) => p.replace('/', '\\/')).join('|');
const transformIgnorePatterns = [`/node_modules/(?!\\.pnpm/[^/]+/node_modules/(${esm})/)(?!(${esm})/)`];

const base = {
  rootDir: __dirname,
  transform,
  transformIgnorePatterns,
  moduleNameMapper,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
} satisfies Config;

const config: Config = {
  // A global option (Jest ignores it per project); browser tests raise it in their own setup.
  testTimeout: 30_000,
  projects: [
    { ...base, displayName: 'contracts', testMatch: ['<rootDir>/libs/contracts/src/**/*.spec.ts'] },
    { ...base, displayName: 'api-unit', testMatch: ['<rootDir>/apps/api/src/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'api-int',
      testMatch: ['<rootDir>/apps/api/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/apps/api/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/apps/api/test/support/global-teardown.ts',
      setupFiles: ['<rootDir>/apps/api/test/support/setup-env.ts'],
    },
    {
      ...base,
      displayName: 'miniapp-e2e',
      testMatch: ['<rootDir>/apps/miniapp/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/apps/api/test/support/e2e-global-setup.ts',
      globalTeardown: '<rootDir>/apps/api/test/support/e2e-global-teardown.ts',
      setupFiles: ['<rootDir>/apps/api/test/support/setup-env-e2e.ts'],
    },
  ],
};

export default config;
