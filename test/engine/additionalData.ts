import { ExecutionLifecycleHooks, ExternalSecretsProxy } from 'n8n-core';
import type {
	ICredentialsHelper,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

export interface ExecutionContext {
	executionId: string;
	mode: WorkflowExecuteMode;
	workflowData: IWorkflowBase;
	credentialsHelper: ICredentialsHelper;
	/** Lets a caller add its own lifecycle handlers, e.g. `nodeExecuteAfter` for progress. */
	onHooks?: (hooks: ExecutionLifecycleHooks) => void;
}

export interface PreparedExecution {
	additionalData: IWorkflowExecuteAdditionalData;
	/** Settles when the engine runs `workflowExecuteAfter`, as n8n's own execution services wait. */
	finished: Promise<IRun>;
}

const UNSUPPORTED = 'is not supported by the engine harness';

/**
 * What n8n's CLI hands `WorkflowExecute` (its `WorkflowExecuteAdditionalData.getBase()`), cut
 * to a single local execution: lifecycle hooks, the credentials helper, an execution id and
 * the URLs expressions may read. Sub-workflows, task runners and AI agents are not offered.
 */
export function prepareExecution(context: ExecutionContext): PreparedExecution {
	const hooks = new ExecutionLifecycleHooks(
		context.mode,
		context.executionId,
		context.workflowData,
	);
	const finished = new Promise<IRun>((resolve) => {
		hooks.addHandler('workflowExecuteAfter', (run) => resolve(run));
	});
	context.onHooks?.(hooks);

	const baseUrl = 'http://localhost:5678';
	const additionalData: IWorkflowExecuteAdditionalData = {
		hooks,
		credentialsHelper: context.credentialsHelper,
		executionId: context.executionId,
		workflowId: context.workflowData.id,
		currentNodeExecutionIndex: 0,
		variables: {},
		externalSecretsProxy: new ExternalSecretsProxy(),
		restApiUrl: `${baseUrl}/rest`,
		instanceBaseUrl: baseUrl,
		formBaseUrl: `${baseUrl}/form`,
		formWaitingBaseUrl: `${baseUrl}/form-waiting`,
		formTestBaseUrl: `${baseUrl}/form-test`,
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
		mcpBaseUrl: `${baseUrl}/mcp`,
		mcpTestBaseUrl: `${baseUrl}/mcp-test`,
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		executeWorkflow: async () => {
			throw new Error(`Executing a sub-workflow ${UNSUPPORTED}`);
		},
		startRunnerTask: async () => {
			throw new Error(`Running a task-runner task (Code node) ${UNSUPPORTED}`);
		},
	};
	return { additionalData, finished };
}
