import { randomBytes } from 'node:crypto';
import type { OAuthClient } from './types';

/** Access and refresh tokens with a client, a scope set and an expiry (spec §4, §7, §8). */

export const SCOPE_PREFIX = 'https://www.googleapis.com/auth/';
export const READONLY_APP_CREATED = `${SCOPE_PREFIX}photoslibrary.readonly.appcreateddata`;

/** Removed on 2025-03-31: tokens still refresh, every read answers 403 (spec §7). */
export const REMOVED_SCOPES = [
	`${SCOPE_PREFIX}photoslibrary`,
	`${SCOPE_PREFIX}photoslibrary.readonly`,
	`${SCOPE_PREFIX}photoslibrary.sharing`,
];

/** `photoslibrary.readonly.appcreateddata` → the full URL; anything else is kept as given. */
export function normaliseScope(scope: string): string {
	return scope.startsWith('photos') ? SCOPE_PREFIX + scope : scope;
}

export interface AccessTokenRecord {
	clientId: string;
	scopes: ReadonlySet<string>;
	expiresAt: number;
}

export interface RefreshTokenRecord {
	clientId: string;
	scopes: string[];
	revoked: boolean;
}

export interface AuthCodeRecord {
	clientId: string;
	scopes: string[];
	redirectUri: string;
	offline: boolean;
}

export type TokenCheck =
	{ ok: true; record: AccessTokenRecord } | { ok: false; failure: 'invalid' | 'expired' };

export class TokenStore {
	private readonly clients = new Map<string, string>();
	private readonly access = new Map<string, AccessTokenRecord>();
	private readonly refresh = new Map<string, RefreshTokenRecord>();
	private readonly codes = new Map<string, AuthCodeRecord>();

	constructor(
		clients: OAuthClient[],
		private readonly defaultClientId: string,
		private readonly accessTtlSeconds: number,
	) {
		for (const client of clients) this.clients.set(client.clientId, client.clientSecret);
	}

	get accessTokenTtlSeconds(): number {
		return this.accessTtlSeconds;
	}

	clientSecret(clientId: string): string | undefined {
		return this.clients.get(clientId);
	}

	mintAccess(opts: { scopes?: string[]; ttlSeconds?: number; clientId?: string } = {}): string {
		const token = 'ya29.a0' + randomBytes(96).toString('base64url');
		const scopes = (opts.scopes ?? [READONLY_APP_CREATED]).map(normaliseScope);
		this.access.set(token, {
			clientId: opts.clientId ?? this.defaultClientId,
			scopes: new Set(scopes),
			expiresAt: Date.now() + (opts.ttlSeconds ?? this.accessTtlSeconds) * 1000,
		});
		return token;
	}

	mintRefresh(opts: { scopes?: string[]; clientId?: string } = {}): string {
		const token = '1//0' + randomBytes(72).toString('base64url');
		this.refresh.set(token, {
			clientId: opts.clientId ?? this.defaultClientId,
			scopes: (opts.scopes ?? [READONLY_APP_CREATED]).map(normaliseScope),
			revoked: false,
		});
		return token;
	}

	mintCode(record: AuthCodeRecord): string {
		const code = '4/0' + randomBytes(48).toString('base64url');
		this.codes.set(code, record);
		return code;
	}

	/** Authorization codes are single use. */
	takeCode(code: string): AuthCodeRecord | undefined {
		const record = this.codes.get(code);
		this.codes.delete(code);
		return record;
	}

	revokeRefresh(token: string): void {
		const record = this.refresh.get(token);
		if (record) record.revoked = true;
	}

	findRefresh(token: string): RefreshTokenRecord | undefined {
		return this.refresh.get(token);
	}

	expireAccess(token: string): void {
		const record = this.access.get(token);
		if (record) record.expiresAt = 0;
	}

	checkAccess(token: string, now: number): TokenCheck {
		const record = this.access.get(token);
		if (!record) return { ok: false, failure: 'invalid' };
		if (record.expiresAt <= now) return { ok: false, failure: 'expired' };
		return { ok: true, record };
	}
}
