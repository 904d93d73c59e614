import {
	checkPhotosScope,
	parseScopes,
	shortScopeName,
} from '../../../nodes/GooglePhotos/helpers/grantedScopes';

const AUTH = 'https://www.googleapis.com/auth/';
const APP_CREATED = `${AUTH}photoslibrary.readonly.appcreateddata`;

describe('parseScopes', () => {
	it('splits the space-separated scope of a token answer', () => {
		expect(parseScopes(` ${APP_CREATED}  openid\n`)).toEqual([APP_CREATED, 'openid']);
		expect(parseScopes('')).toEqual([]);
	});
});

describe('shortScopeName', () => {
	it('drops the googleapis prefix and keeps anything else', () => {
		expect(shortScopeName(APP_CREATED)).toBe('photoslibrary.readonly.appcreateddata');
		expect(shortScopeName('openid')).toBe('openid');
	});
});

describe('checkPhotosScope', () => {
	it('passes a token that carries photoslibrary.readonly.appcreateddata among others', () => {
		expect(checkPhotosScope([`${AUTH}drive.file`, APP_CREATED])).toEqual({
			ok: true,
			granted: [`${AUTH}drive.file`, APP_CREATED],
		});
	});

	it('blames the 2025 removal for a token with only the old photoslibrary scopes', () => {
		const check = checkPhotosScope([`${AUTH}photoslibrary.readonly`]);
		expect(check.ok).toBe(false);
		if (check.ok) return;
		expect(check.message).toContain('removed on 31 March 2025 (photoslibrary.readonly)');
		expect(check.description).toContain(APP_CREATED);
	});

	it('lists what was granted when the Photos scope is missing for another reason', () => {
		const check = checkPhotosScope([`${AUTH}cloud-platform`, 'openid']);
		expect(check.ok).toBe(false);
		if (check.ok) return;
		expect(check.message).toBe(
			'The refresh token was granted cloud-platform, openid, but not photoslibrary.readonly.appcreateddata.',
		);
	});

	it('cannot judge an answer that named no scopes', () => {
		expect(checkPhotosScope(undefined)).toEqual({ ok: true, granted: undefined });
	});
});
