/** Just enough of n8n's internal REST API (the one its editor uses) for the checks. */

/** The instance owner the run creates; the browser check signs in as this user. */
export const OWNER = {
	email: 'e2e@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2eTest-Passw0rd!',
};

export class N8nRest {
	private cookie = '';

	constructor(readonly base: string) {}

	/** Creates the owner on a fresh instance and keeps its session cookie. */
	async setUpOwner(): Promise<void> {
		const response = await fetch(`${this.base}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (!response.ok) throw new Error(`owner set-up: ${response.status} ${await response.text()}`);
		this.cookie = response.headers
			.getSetCookie()
			.map((cookie) => cookie.split(';')[0])
			.join('; ');
	}

	/** A request whose answer must be 2xx JSON; `/rest` answers are unwrapped from `{ data }`. */
	async json<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.base}${path}`, {
			method,
			headers: { Cookie: this.cookie, 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
		const parsed = JSON.parse(text) as { data: T } | T;
		return path.startsWith('/rest/') ? (parsed as { data: T }).data : (parsed as T);
	}

	async status(path: string): Promise<{ status: number; contentType: string }> {
		const response = await fetch(`${this.base}/${path.replace(/^\//, '')}`, {
			headers: { Cookie: this.cookie },
		});
		await response.arrayBuffer();
		return { status: response.status, contentType: response.headers.get('content-type') ?? '' };
	}
}
