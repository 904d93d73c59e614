import { resolveGrant, tokenUrlOf } from '../../../nodes/GooglePhotos/helpers/refreshTokenGrant';

const FIELDS = {
	clientId: '123-abc.apps.googleusercontent.com',
	clientSecret: 'GOCSPX-field-secret',
	refreshToken: '1//0field-refresh-token',
};

const AUTHORIZED_USER = {
	type: 'authorized_user',
	client_id: '456-def.apps.googleusercontent.com',
	client_secret: 'GOCSPX-json-secret',
	refresh_token: '1//0json-refresh-token',
	universe_domain: 'googleapis.com',
};

describe('resolveGrant', () => {
	it('takes the three fields, trimmed, when no JSON is pasted', () => {
		const resolution = resolveGrant({
			clientId: ` ${FIELDS.clientId}\n`,
			clientSecret: FIELDS.clientSecret,
			refreshToken: `${FIELDS.refreshToken} `,
			authorizedUserSecretJson: '   ',
		});
		expect(resolution).toEqual({ ok: true, source: 'fields', grant: FIELDS });
	});

	it('names every missing field, and never a value', () => {
		const resolution = resolveGrant({ clientId: FIELDS.clientId, clientSecret: '' });
		expect(resolution.ok).toBe(false);
		if (resolution.ok) return;
		expect(resolution.problem).toContain('Client Secret, Refresh Token');
		expect(resolution.problem).not.toContain(FIELDS.clientId);
	});

	it('lets a pasted authorized_user JSON supply all three values, over the fields', () => {
		const resolution = resolveGrant({
			...FIELDS,
			authorizedUserSecretJson: JSON.stringify(AUTHORIZED_USER, null, 2),
		});
		expect(resolution).toEqual({
			ok: true,
			source: 'json',
			grant: {
				clientId: AUTHORIZED_USER.client_id,
				clientSecret: AUTHORIZED_USER.client_secret,
				refreshToken: AUTHORIZED_USER.refresh_token,
			},
		});
	});

	it('accepts an authorized_user JSON without a "type" key', () => {
		const { type: _type, ...untyped } = AUTHORIZED_USER;
		expect(resolveGrant({ authorizedUserSecretJson: JSON.stringify(untyped) }).ok).toBe(true);
	});

	it('says which keys the pasted JSON lacks', () => {
		const { refresh_token: _token, ...partial } = AUTHORIZED_USER;
		expect(resolveGrant({ authorizedUserSecretJson: JSON.stringify(partial) })).toEqual({
			ok: false,
			problem: 'The pasted authorized_user JSON has no "refresh_token".',
		});
	});

	it('reports unparseable JSON without quoting any of it', () => {
		const broken = `{"client_secret": "${AUTHORIZED_USER.client_secret}", oops}`;
		const resolution = resolveGrant({ authorizedUserSecretJson: broken });
		expect(resolution.ok).toBe(false);
		if (resolution.ok) return;
		expect(resolution.problem).toMatch(/not valid JSON/);
		expect(resolution.problem).not.toContain(AUTHORIZED_USER.client_secret);
	});

	it.each([
		['an array', '[1, 2]', /must be an object/],
		[
			'a service account key',
			'{"type":"service_account","private_key":"x"}',
			/service account key/,
		],
		[
			'an OAuth client file',
			'{"installed":{"client_id":"a","client_secret":"b"}}',
			/OAuth client file/,
		],
		['an unknown credential type', '{"type":"external_account"}', /expected "authorized_user"/],
	])('explains what to paste instead of %s', (_kind, pasted, expected) => {
		const resolution = resolveGrant({ ...FIELDS, authorizedUserSecretJson: pasted });
		expect(resolution.ok).toBe(false);
		if (resolution.ok) return;
		expect(resolution.problem).toMatch(expected);
	});
});

describe('tokenUrlOf', () => {
	it("uses Google's token endpoint unless the credential stores another", () => {
		expect(tokenUrlOf({})).toBe('https://oauth2.googleapis.com/token');
		expect(tokenUrlOf({ tokenUrl: '' })).toBe('https://oauth2.googleapis.com/token');
		expect(tokenUrlOf({ tokenUrl: 'http://127.0.0.1:4000/token' })).toBe(
			'http://127.0.0.1:4000/token',
		);
	});
});
