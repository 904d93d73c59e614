import { PackageDirectoryLoader } from 'n8n-core';
import type { ICredentialTypeData, INodeTypeData } from 'n8n-workflow';

/** A package's node and credential types, named as a running n8n names them. */
export interface LoadedPackage {
	packageName: string;
	/** Keyed by full type name: `<package name>.<description.name>`. */
	nodes: INodeTypeData;
	/** Keyed by credential name (credential names are global in n8n). */
	credentials: ICredentialTypeData;
}

/** Files to load, relative to the package directory, instead of its `n8n` block. */
export interface PackageFiles {
	nodes: string[];
	credentials: string[];
}

/**
 * Loads a package through n8n-core's own `PackageDirectoryLoader`, so every class goes through
 * what n8n does at start-up: instantiation by file-name convention ("Class could not be found"
 * when it doesn't match), description validation, codex and icon-path fix-ups.
 *
 * Without `files` the loader reads the `n8n` block of the package's package.json, exactly like
 * n8n scanning `~/.n8n/nodes/node_modules`. With `files` only those are loaded (a subset of a
 * big package, or TypeScript sources standing in for the compiled ones).
 */
export async function loadPackage(directory: string, files?: PackageFiles): Promise<LoadedPackage> {
	const loader = new PackageDirectoryLoader(directory);
	if (files === undefined) {
		await loader.loadAll();
	} else {
		for (const file of files.nodes) loader.loadNodeFromFile(file);
		for (const file of files.credentials) loader.loadCredentialFromFile(file);
	}

	const { packageName } = loader;
	const nodes: INodeTypeData = {};
	for (const [name, loaded] of Object.entries(loader.nodeTypes)) {
		nodes[`${packageName}.${name}`] = loaded;
	}
	return { packageName, nodes, credentials: { ...loader.credentialTypes } };
}
