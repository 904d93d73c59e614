import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import jsoncParser from 'jsonc-eslint-parser';
import tseslint from 'typescript-eslint';

const shipped = ['nodes/**/*.ts', 'credentials/**/*.ts'];

export default tseslint.config(
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'.tools/**',
			'.e2e-work/**',
			'.bench-work/**',
			'coverage/**',
		],
	},
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommended],
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
			],
		},
	},
	// n8n's community-node rules apply to what we ship.
	{
		files: [...shipped, 'package.json'],
		...n8nCommunityNodesPlugin.configs.recommended,
	},
	{ files: ['package.json'], languageOptions: { parser: jsoncParser } },
	{
		files: shipped,
		rules: {
			// The refresh-token credential uses google-auth-library: this package targets self-hosted
			// n8n (see README, "Why a runtime dependency"), so the n8n Cloud-only rule is off.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		// The one module that loads google-auth-library. Not the whole non-cloud preset
		// (recommendedWithoutN8nCloudSupport): it would also drop no-restricted-globals everywhere.
		files: ['nodes/GooglePhotos/transport/refreshTokenExchange.ts'],
		rules: { '@n8n/community-nodes/no-restricted-imports': 'off' },
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These two predate NodeConnectionTypes and contradict @n8n/community-nodes/node-connection-type-literal.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Community credentials link to a full URL (@n8n/community-nodes/credential-documentation-url).
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
);
