import {
	ICredentials,
	UnexpectedError,
	type ICredentialDataDecryptedObject,
	type ICredentialsEncrypted,
	type INodeCredentialsDetails,
} from 'n8n-workflow';

/**
 * What n8n keeps in its credentials table, in memory and unencrypted: one stored credential per
 * credential type (the harness's runs use at most one of each). Writes n8n makes during a run —
 * a refreshed OAuth2 token, a `preAuthentication` result — land here, so later requests of the
 * same run, and later runs given the same store, see them.
 */
export class CredentialStore {
	private readonly data = new Map<string, ICredentialDataDecryptedObject>();

	constructor(initial: Record<string, ICredentialDataDecryptedObject> = {}) {
		for (const [type, data] of Object.entries(initial)) this.set(type, data);
	}

	types(): string[] {
		return [...this.data.keys()];
	}

	has(type: string): boolean {
		return this.data.has(type);
	}

	/** A copy of what is stored: callers (and n8n) may mutate what they get. */
	get(type: string): ICredentialDataDecryptedObject {
		const stored = this.data.get(type);
		if (stored === undefined) {
			throw new UnexpectedError(
				`No stored credential of type "${type}". Stored: ${this.types().join(', ') || 'none'}`,
			);
		}
		return structuredClone(stored);
	}

	set(type: string, data: ICredentialDataDecryptedObject): void {
		this.data.set(type, structuredClone(data));
	}

	/** Merges `changes` into the stored data, like n8n's `Credentials.updateData`. */
	update(type: string, changes: ICredentialDataDecryptedObject): void {
		this.set(type, { ...this.get(type), ...changes });
	}

	/** The `ICredentials` view n8n's helpers expect; the data stays plaintext JSON. */
	credentialsOf(details: INodeCredentialsDetails, type: string): ICredentials {
		return new StoredCredentials(this, details, type);
	}
}

class StoredCredentials extends ICredentials {
	constructor(
		private readonly store: CredentialStore,
		details: INodeCredentialsDetails,
		type: string,
	) {
		super(details, type, JSON.stringify(store.get(type)));
	}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return this.store.get(this.type);
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: this.data };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.store.set(this.type, data);
		this.data = JSON.stringify(data);
	}

	async updateData(
		toUpdate: Partial<ICredentialDataDecryptedObject>,
		toDelete: string[] = [],
	): Promise<void> {
		const next: ICredentialDataDecryptedObject = { ...this.store.get(this.type) };
		for (const [key, value] of Object.entries(toUpdate)) {
			if (value !== undefined) next[key] = value;
		}
		for (const key of toDelete) delete next[key];
		await this.setData(next);
	}
}
