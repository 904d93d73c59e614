/**
 * The example workflow the demo runs, and the one change `--ids-file` makes to it: the rows of its
 * sheet (the Set node standing in for a Google Sheets step). Everything else stays as in the file.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { INode } from 'n8n-workflow';

import { EXAMPLE_WORKFLOW_PATH } from '../../examples/demoLibrary';
import { GOOGLE_PHOTOS_NODE_TYPE, type WorkflowJson } from '../../test/engine';
import type { SheetRow } from './idsFile';

const SET_NODE_TYPE = 'n8n-nodes-base.set';

/** What the node's "Media Item IDs" must be for the demo's counts (made from the rows) to hold. */
const IDS_FROM_ROW = '={{ $json.id }}';

export function loadExampleWorkflow(): WorkflowJson {
	const path = resolve(__dirname, '..', '..', EXAMPLE_WORKFLOW_PATH);
	return JSON.parse(readFileSync(path, 'utf8')) as WorkflowJson;
}

function onlyNode(workflow: WorkflowJson, type: string): INode {
	const nodes = workflow.nodes.filter((node) => node.type === type);
	if (nodes.length !== 1) {
		throw new Error(`The workflow must have exactly one ${type} node; it has ${nodes.length}.`);
	}
	return nodes[0];
}

/** Our node in the workflow, checked to read each row's `id` as the example does. */
export function googlePhotosNode(workflow: WorkflowJson): INode {
	const node = onlyNode(workflow, GOOGLE_PHOTOS_NODE_TYPE);
	if (node.parameters.mediaItemIds !== IDS_FROM_ROW) {
		throw new Error(`"${node.name}" must read its IDs with ${IDS_FROM_ROW.slice(1)}.`);
	}
	return node;
}

/** The rows the sheet node emits (its raw JSON output is `{ "rows": [...] }`). */
export function sheetRowsOf(workflow: WorkflowJson): SheetRow[] {
	const node = onlyNode(workflow, SET_NODE_TYPE);
	const output = JSON.parse(String(node.parameters.jsonOutput)) as { rows?: SheetRow[] };
	if (!Array.isArray(output.rows)) throw new Error(`"${node.name}" has no "rows" list.`);
	return output.rows;
}

/** A copy of the workflow whose sheet holds `rows` instead, formatted as the generator writes it. */
export function withSheetRows(workflow: WorkflowJson, rows: readonly SheetRow[]): WorkflowJson {
	const copy = structuredClone(workflow);
	const node = onlyNode(copy, SET_NODE_TYPE);
	node.parameters = { ...node.parameters, jsonOutput: JSON.stringify({ rows }, null, 1) };
	return copy;
}
