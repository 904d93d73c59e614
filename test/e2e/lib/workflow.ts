import { readFileSync } from 'node:fs';

import type { IConnections, INode } from 'n8n-workflow';

export const PACKAGE_NAME = 'n8n-nodes-google-photos';
export const NODE_TYPE = `${PACKAGE_NAME}.googlePhotos`;
export const CREDENTIAL_TYPE = 'googlePhotosOAuth2Api';

/** A workflow as n8n exports and imports it. */
export interface WorkflowFile {
	id?: string;
	name: string;
	nodes: INode[];
	connections: IConnections;
	[key: string]: unknown;
}

/** The parts of the workflow the checks talk about, found by type and wiring rather than by name. */
export interface WorkflowShape {
	googlePhotos: INode;
	/** The node whose items the Google Photos node receives. */
	inputNode: string;
	/** The nodes on the "Media Items" and "Errors" outputs. */
	mediaItemsNode: string;
	errorsNode: string;
	/** The field `Media Item IDs` maps, from an expression of the form `{{ $json.<field> }}`. */
	idField: string;
}

export function readWorkflow(path: string): WorkflowFile {
	return JSON.parse(readFileSync(path, 'utf8')) as WorkflowFile;
}

function only<T>(list: T[], what: string): T {
	if (list.length !== 1) throw new Error(`expected exactly one ${what}, found ${list.length}`);
	return list[0];
}

export function shapeOf(workflow: WorkflowFile): WorkflowShape {
	const googlePhotos = only(
		workflow.nodes.filter((node) => node.type === NODE_TYPE),
		`${NODE_TYPE} node`,
	);
	const inputNode = only(
		Object.entries(workflow.connections)
			.filter(([, byType]) =>
				(byType.main ?? []).some((targets) =>
					(targets ?? []).some((target) => target.node === googlePhotos.name),
				),
			)
			.map(([source]) => source),
		`node feeding "${googlePhotos.name}"`,
	);
	const outputs = workflow.connections[googlePhotos.name]?.main ?? [];
	const target = (index: number, label: string) =>
		only(
			(outputs[index] ?? []).map((connection) => connection.node),
			`node on ${label}`,
		);

	const expression = String(googlePhotos.parameters.mediaItemIds ?? '');
	const field = /^=\{\{\s*\$json\.([A-Za-z_$][\w$]*)\s*\}\}$/.exec(expression)?.[1];
	if (!field) {
		throw new Error(
			`"Media Item IDs" is ${JSON.stringify(expression)}; the checks understand {{ $json.<field> }}`,
		);
	}
	return {
		googlePhotos,
		inputNode,
		mediaItemsNode: target(0, '"Media Items"'),
		errorsNode: target(1, '"Errors"'),
		idField: field,
	};
}
