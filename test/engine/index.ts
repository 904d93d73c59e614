/**
 * The engine harness: runs nodes inside n8n-core's real `WorkflowExecute`, with n8n-nodes-base's
 * real nodes and OAuth2 credentials around ours. Tests, the demo and the benchmark use it.
 * README.md in this folder explains what is real and what is stood in for.
 */
export { runNode, type RunNodeOptions, type RunResult } from './runNode';
export {
	runWorkflow,
	MANUAL_TRIGGER_TYPE,
	type RunWorkflowOptions,
	type RunWorkflowResult,
} from './runWorkflow';
export { oauth2CredentialFor, type OAuth2Server, type OAuth2Tokens } from './oauth2Credential';
export { CredentialStore } from './credentialStore';
export type { CredentialUpdate } from './credentialsHelper';
export type { CredentialsInput, WorkflowJson } from './execution';
export type { ExtraTypes } from './engineTypes';
export { GOOGLE_PHOTOS_NODE_TYPE, PACKAGE_NAME, type LoadSource } from './ourPackage';
export { initEngineServices, readBinaryData } from './services';
