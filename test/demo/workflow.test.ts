import type { SheetRow } from '../../scripts/demo/idsFile';
import {
	googlePhotosNode,
	loadExampleWorkflow,
	sheetRowsOf,
	withSheetRows,
} from '../../scripts/demo/workflow';

describe('the demo workflow', () => {
	it('replaces the sheet rows of the Set node and leaves every other part of the workflow as it is', () => {
		const example = loadExampleWorkflow();
		const before = structuredClone(example);
		const rows: SheetRow[] = [{ id: 'A1' }, { id: 'A2, A3', file: 'pasted' }];

		const changed = withSheetRows(example, rows);

		expect(sheetRowsOf(changed)).toEqual(rows);
		expect(example).toEqual(before);
		const setNode = (workflow: typeof example) =>
			workflow.nodes.findIndex((node) => node.type === 'n8n-nodes-base.set');
		const index = setNode(example);
		const { jsonOutput: _new, ...otherParameters } = changed.nodes[index].parameters;
		const { jsonOutput: _old, ...exampleParameters } = example.nodes[index].parameters;
		expect(otherParameters).toEqual(exampleParameters);
		expect({ ...changed, nodes: changed.nodes.filter((_, i) => i !== index) }).toEqual({
			...example,
			nodes: example.nodes.filter((_, i) => i !== index),
		});
	});

	it("reads the example's sheet rows and its Google Photos node", () => {
		const example = loadExampleWorkflow();
		expect(sheetRowsOf(example).length).toBeGreaterThan(200);
		expect(googlePhotosNode(example).parameters.mediaItemIds).toBe('={{ $json.id }}');
	});
});
