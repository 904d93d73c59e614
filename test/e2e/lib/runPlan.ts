import { readFileSync } from 'node:fs';

/** What test/e2e/prepare-imports.ts imported into n8n, for the checks that follow. */
export interface RunPlan {
	workflowId: string;
	workflowName: string;
	/** The workflow file imported as-is (by default the example). */
	workflowPath: string;
	/** Node names, for the browser check (plain JS, it does not read the workflow itself). */
	nodes: {
		trigger: string;
		googlePhotos: string;
		mediaItems: string;
		errors: string;
		count: number;
	};
	credentials: {
		/** The one the workflow references, under the id and name it references. */
		emulator: { id: string; name: string };
		/** Tokens that carry only the Photos scopes Google removed: its test must fail. */
		removedScopes: { id: string; name: string };
	};
}

export function readRunPlan(path: string): RunPlan {
	return JSON.parse(readFileSync(path, 'utf8')) as RunPlan;
}
