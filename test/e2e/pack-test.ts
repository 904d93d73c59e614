/**
 * The "pack test": loads our package from the copy installed the way n8n installs a community
 * package, with n8n's module paths (NODE_PATH, as n8n sets it), and checks what n8n's loader relies on:
 *
 * - every file of the package.json `n8n` block exists and exports a class named like the file
 *   (`GooglePhotos.node.js` → `GooglePhotos`) that can be instantiated;
 * - node: `description.name` and a codex file naming `<package>.<name>`; credential: its `name`;
 * - every `file:` icon exists inside the package;
 * - every bare module any compiled file requires resolves: our direct dependencies from the
 *   package's own node_modules, `n8n-workflow` from n8n itself (never a nested second copy);
 * - n8n accepts the declared `n8nNodesApiVersion` (its installer refuses a package it does not).
 *
 *   NODE_PATH=<n8n>/node_modules tsx test/e2e/pack-test.ts <installed package dir> <n8n install dir>
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

import type { ICredentialType, INodeType, Themed } from 'n8n-workflow';

interface PackageJson {
	name: string;
	dependencies?: Record<string, string>;
	n8n?: { n8nNodesApiVersion?: number; nodes?: string[]; credentials?: string[] };
}

const [packageDir, n8nDir] = process.argv.slice(2).map((path) => resolve(path));
if (!packageDir || !n8nDir) {
	console.error('usage: pack-test.ts <installed package dir> <n8n install dir>');
	process.exit(2);
}
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as PackageJson;
const problems: string[] = [];
const passed: string[] = [];
const inside = (root: string, path: string) => path === root || path.startsWith(root + sep);

/** n8n's loader: `new (require(file)[<file name up to the first dot>])()`. */
function instantiate<T>(file: string): T | undefined {
	const path = join(packageDir, file);
	if (!existsSync(path)) {
		problems.push(`${file} is listed in the n8n block but is not in the package`);
		return undefined;
	}
	const className = basename(file).split('.')[0];
	try {
		const exported = (createRequire(path)(path) as Record<string, new () => T>)[className];
		if (typeof exported !== 'function') {
			problems.push(`${file} does not export a class named ${className}`);
			return undefined;
		}
		return new exported();
	} catch (error) {
		problems.push(`${file} fails to load: ${error instanceof Error ? error.message : error}`);
		return undefined;
	}
}

function checkIcon(owner: string, file: string, icon: string | Themed<string> | undefined): void {
	const icons = typeof icon === 'string' ? [icon] : Object.values(icon ?? {});
	for (const entry of icons.filter((value) => value.startsWith('file:'))) {
		const path = resolve(dirname(join(packageDir, file)), entry.slice('file:'.length));
		if (!inside(packageDir, path) || !existsSync(path)) {
			problems.push(
				`${owner}'s icon ${entry} is not in the package (${relative(packageDir, path)})`,
			);
		}
	}
}

for (const file of manifest.n8n?.nodes ?? []) {
	const node = instantiate<INodeType>(file);
	if (!node) continue;
	const { name, icon } = node.description;
	checkIcon(name, file, icon as string | Themed<string> | undefined);
	const codexPath = join(packageDir, `${file}on`);
	const codex = existsSync(codexPath)
		? (JSON.parse(readFileSync(codexPath, 'utf8')) as { node?: string; categories?: string[] })
		: undefined;
	if (codex?.node !== `${manifest.name}.${name}`) {
		problems.push(`${file}: codex ${file}on must name "${manifest.name}.${name}"`);
	}
	passed.push(`node ${manifest.name}.${name} (codex: ${codex?.categories?.join(', ')})`);
}
for (const file of manifest.n8n?.credentials ?? []) {
	const credential = instantiate<ICredentialType>(file);
	if (!credential) continue;
	checkIcon(credential.name, file, credential.icon as string | Themed<string> | undefined);
	passed.push(`credential ${credential.name} (extends ${credential.extends?.join(', ') ?? '—'})`);
}
if (passed.length === 0) problems.push('the n8n block lists no node or credential');

// The check n8n's CommunityPackagesService runs before it loads an installed package.
const n8nWorkflow = createRequire(join(n8nDir, 'node_modules', 'n8n', 'package.json'))(
	'n8n-workflow',
) as typeof import('n8n-workflow');
const apiVersion = n8nWorkflow.checkNodesApiVersion(manifest);
if (apiVersion.compatible) {
	passed.push(
		`n8nNodesApiVersion ${apiVersion.version} (this n8n supports ${n8nWorkflow.N8N_NODES_API_VERSION})`,
	);
} else {
	problems.push(
		`n8n refuses n8nNodesApiVersion ${JSON.stringify(apiVersion.declared)}: ${apiVersion.reason}`,
	);
}

function compiledFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : compiledFiles(path);
		return entry.name.endsWith('.js') ? [path] : [];
	});
}

const builtins = new Set(builtinModules);
const resolvedFrom = new Map<string, string>();
for (const file of compiledFiles(packageDir)) {
	const source = readFileSync(file, 'utf8');
	for (const [, request] of source.matchAll(/\brequire\(\s*["']([^"'.][^"']*)["']\s*\)/g)) {
		if (builtins.has(request) || request.startsWith('node:')) continue;
		const module = request.startsWith('@')
			? request.split('/').slice(0, 2).join('/')
			: request.split('/')[0];
		try {
			const path = createRequire(file).resolve(request);
			const own = manifest.dependencies?.[module] !== undefined;
			const expectedRoot = own ? join(packageDir, 'node_modules') : n8nDir;
			if (!inside(expectedRoot, path)) {
				problems.push(
					`${relative(packageDir, file)} requires ${request}, resolved outside ${own ? 'the package' : 'n8n'}: ${path}`,
				);
			}
			resolvedFrom.set(module, own ? 'package dependency' : 'provided by n8n');
		} catch {
			problems.push(`${relative(packageDir, file)} requires ${request}, which does not resolve`);
		}
	}
}
if (manifest.dependencies?.['n8n-workflow']) {
	problems.push('n8n-workflow is a dependency: a second copy breaks loading; keep it a peer');
}

for (const line of passed) console.log(`    ✓ ${line}`);
console.log(
	`    ✓ requires: ${[...resolvedFrom].map(([module, from]) => `${module} (${from})`).join(', ') || 'none'}`,
);
if (problems.length > 0) {
	console.error(problems.map((problem) => `    ✗ ${problem}`).join('\n'));
	process.exit(1);
}
