import type { INodeExecutionData, IRunData } from 'n8n-workflow';

import type { EmulatorState } from './emulatorState';
import { compareOutputs, expectedOutputs, summarise, type ExpectedOutputs } from './expectations';
import type { WorkflowShape } from './workflow';

/** The items a node sent on one output in its (only) run. */
export function outputItems(runData: IRunData, node: string, output = 0): INodeExecutionData[] {
	const runs = runData[node];
	if (!runs?.length) throw new Error(`node "${node}" did not run`);
	if (runs[0].error) throw new Error(`node "${node}" failed: ${runs[0].error.message}`);
	return runs[0].data?.main?.[output] ?? [];
}

export interface OutputsCheck {
	expected: ExpectedOutputs;
	problems: string[];
	summary: string;
}

/**
 * Checks both outputs of the Google Photos node against the oracle, and that the nodes wired to
 * them received exactly those items.
 */
export function checkWorkflowOutputs(
	runData: IRunData,
	shape: WorkflowShape,
	library: EmulatorState['library'],
): OutputsCheck {
	const inputs = outputItems(runData, shape.inputNode);
	const expected = expectedOutputs(inputs, shape.idField, library);
	const node = shape.googlePhotos.name;
	const actual = {
		mediaItems: outputItems(runData, node, 0),
		errors: outputItems(runData, node, 1),
	};
	const problems = compareOutputs(actual, expected);
	for (const [downstream, items] of [
		[shape.mediaItemsNode, actual.mediaItems],
		[shape.errorsNode, actual.errors],
	] as const) {
		// A node whose input is empty does not run at all.
		const received = runData[downstream] ? outputItems(runData, downstream).length : 0;
		if (received !== items.length) {
			problems.push(`"${downstream}" received ${received} items, the output had ${items.length}`);
		}
	}
	if (expected.mediaItems.length === 0 || expected.errors.length === 0) {
		problems.push(`the workflow must exercise both outputs; it gives ${summarise(expected)}`);
	}
	return { expected, problems, summary: `${inputs.length} input items → ${summarise(expected)}` };
}
