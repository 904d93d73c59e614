/**
 * Tests run TypeScript sources directly; with `isolatedModules` ts-jest only transpiles, and type
 * checking is `npm run lint`'s job (tsc --noEmit).
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { diagnostics: false }],
	},
	// google-auth-library's HTTP client cannot load its fetch inside Jest's VM; see the file.
	moduleNameMapper: { '^gaxios$': '<rootDir>/test/jest/gaxiosWithNativeFetch.ts' },
	testTimeout: 30000,
};
