/**
 * Checks what `n8n execute --id <id> --rawOutput` printed: the run succeeded and both outputs of the
 * Google Photos node hold exactly the expected items. Writes the expected item counts for the
 * editor check.
 *
 *   tsx test/e2e/check-cli-run.ts --state <file> --plan <run.json> --output <stdout file> --counts <out.json>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import type { IRun } from 'n8n-workflow';

import { readEmulatorState } from './lib/emulatorState';
import { checkWorkflowOutputs } from './lib/runData';
import { readRunPlan } from './lib/runPlan';
import { readWorkflow, shapeOf } from './lib/workflow';

const { values } = parseArgs({
	options: {
		state: { type: 'string' },
		plan: { type: 'string' },
		output: { type: 'string' },
		counts: { type: 'string' },
	},
});
if (!values.state || !values.plan || !values.output || !values.counts) {
	console.error('usage: check-cli-run.ts --state <f> --plan <f> --output <f> --counts <f>');
	process.exit(2);
}

/**
 * n8n prints the run as pretty JSON through its logger, after a few log lines of its own: the
 * document starts at the first line that is exactly "{" and ends at the next line that is "}".
 */
function runFromStdout(text: string): IRun {
	const lines = text.split('\n');
	const start = lines.indexOf('{');
	const end = lines.indexOf('}', start);
	if (start === -1 || end === -1) throw new Error('no JSON run in n8n execute output');
	return JSON.parse(lines.slice(start, end + 1).join('\n')) as IRun;
}

const state = readEmulatorState(values.state);
const plan = readRunPlan(values.plan);
const shape = shapeOf(readWorkflow(plan.workflowPath));
const run = runFromStdout(readFileSync(values.output, 'utf8'));

const failure = run.data.resultData.error;
if (failure) throw new Error(`the run failed: ${failure.message}`);
if (run.status !== 'success') throw new Error(`the run's status is ${run.status}`);

const { expected, problems, summary } = checkWorkflowOutputs(
	run.data.resultData.runData,
	shape,
	state.library,
);
if (problems.length > 0) {
	console.error(problems.map((problem) => `    ✗ ${problem}`).join('\n'));
	throw new Error(`${problems.length} problems in the CLI run's outputs`);
}
writeFileSync(
	values.counts,
	JSON.stringify({ mediaItems: expected.mediaItems.length, errors: expected.errors.length }),
);
console.log(`    ✓ n8n execute: ${summary}; both outputs exactly as expected`);
