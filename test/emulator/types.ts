/**
 * Google's JSON shapes (spec §2, §4) and the emulator's public surface. Everything a test or the
 * node's engine codes against is declared here and re-exported from `index.ts`.
 */

/** `google.rpc.Status` as it appears inside a MediaItemResult (spec §3). */
export interface RpcStatus {
	code: number;
	message: string;
}

export interface PhotoMetadata {
	cameraMake?: string;
	cameraModel?: string;
	focalLength?: number;
	apertureFNumber?: number;
	isoEquivalent?: number;
	/** Duration string, e.g. `"0.008s"` (proto3 JSON: 0, 3, 6 or 9 fraction digits). */
	exposureTime?: string;
}

export type VideoProcessingStatus = 'UNSPECIFIED' | 'PROCESSING' | 'READY' | 'FAILED';

export interface VideoMetadata {
	cameraMake?: string;
	cameraModel?: string;
	fps?: number;
	status?: VideoProcessingStatus;
}

export interface MediaMetadata {
	/** RFC 3339, `Z` suffix. */
	creationTime: string;
	/** int64 rendered as a string. */
	width: string;
	height: string;
	photo?: PhotoMetadata;
	video?: VideoMetadata;
}

export interface ContributorInfo {
	profilePictureBaseUrl: string;
	displayName: string;
}

/** A media item exactly as Google renders it (camelCase, empty fields omitted). */
export interface MediaItem {
	id: string;
	description?: string;
	productUrl: string;
	baseUrl: string;
	mimeType: string;
	mediaMetadata: MediaMetadata;
	contributorInfo?: ContributorInfo;
	filename: string;
}

/** One entry of `mediaItemResults`: either a media item or a status, never an id (spec §2). */
export interface MediaItemResult {
	mediaItem?: MediaItem;
	status?: RpcStatus;
}

export interface BatchGetResponse {
	mediaItemResults?: MediaItemResult[];
}

export interface ErrorInfoDetail {
	'@type': 'type.googleapis.com/google.rpc.ErrorInfo';
	reason: string;
	domain: string;
	metadata?: Record<string, string>;
}

export interface HelpDetail {
	'@type': 'type.googleapis.com/google.rpc.Help';
	links: Array<{ description: string; url: string }>;
}

export interface BadRequestDetail {
	'@type': 'type.googleapis.com/google.rpc.BadRequest';
	fieldViolations: Array<{ field?: string; description: string }>;
}

export type ErrorDetail = ErrorInfoDetail | HelpDetail | BadRequestDetail;

/** Google's whole-request error envelope (spec §4). */
export interface GoogleErrorEnvelope {
	error: {
		code: number;
		message: string;
		errors?: Array<{ message: string; domain: string; reason: string }>;
		status: string;
		details?: ErrorDetail[];
	};
}

export interface TokenSuccess {
	access_token: string;
	expires_in: number;
	scope: string;
	token_type: 'Bearer';
	refresh_token?: string;
}

export interface TokenError {
	error: string;
	error_description: string;
}

/**
 * What a test may set when adding an item. Everything is optional in `library.add()`; missing
 * fields are filled deterministically from the seed.
 */
export interface MediaItemSeed {
	id: string;
	kind: 'photo' | 'video';
	mimeType: string;
	filename: string;
	description?: string;
	width: number;
	height: number;
	/** RFC 3339 string as Google would render it. */
	creationTime: string;
	photo?: PhotoMetadata;
	video?: VideoMetadata;
	/** Length of the `=d` / `=dv` download of a video, in bytes (synthetic MP4). */
	videoBytes?: number;
	/** The OAuth client that created the item; only that client's tokens can read it (spec §7). */
	ownerClientId: string;
}

export type LibraryFilter = 'all' | 'photos' | 'videos' | 'processingVideos';

export interface OAuthClient {
	clientId: string;
	clientSecret: string;
}

export type RequestKind = 'api' | 'token' | 'media' | 'other';

export interface RequestLogEntry {
	method: string;
	path: string;
	/** The query string exactly as received: undecoded, without the leading `?`. */
	rawQuery: string;
	/** Decoded `[key, value]` pairs in order (undecodable parts are kept raw). */
	query: Array<[string, string]>;
	headers: Record<string, string | string[] | undefined>;
	startedAt: number;
	durationMs: number;
	/** HTTP status sent; 0 while in flight or when the connection was dropped without a response. */
	status: number;
	kind: RequestKind;
}

export interface Counters {
	apiRequests: number;
	/** `mediaItemIds` values received by batchGet (whatever their fate) plus one per single get. */
	idsRequested: number;
	mediaRequests: number;
	/** Media (baseUrl) body bytes written. */
	bytesServed: number;
	tokenRequests: number;
}

/**
 * Behaviours the spec marks **[guess]**: defaults follow the spec, every one can be overridden
 * per instance through `EmulatorOptions.guesses`.
 */
export interface GuessKnobs {
	/** Message of the 400 for more than `maxIdsPerBatch` ids (seen on batchCreate). */
	tooManyIdsMessage: string;
	maxIdsPerBatch: number;
	duplicateIdsMessage: string;
	missingIdsMessage: string;
	/** Per-item status for an id that exists but was created by another OAuth client. */
	otherAppStatus: RpcStatus;
	/** The single get's answer for an id that cannot be read: HTTP status and message. */
	singleGetInvalidId: { httpStatus: number; status: string; message: string };
	/** Scopes batchGet / get accept (spec §7). */
	acceptedScopes: string[];
	perMinuteQuotaLimit: string;
	perMinuteQuotaLimitValue: string;
	perDayQuotaLimit: string;
	perDayQuotaLimitValue: string;
	/** Longest side of the image served for a bare baseUrl (no `=` suffix). */
	bareBaseUrlMaxDimension: number;
	/** HTTP status of `=dv` on a video that is not READY. */
	videoNotReadyStatus: number;
}

export interface EmulatorOptions {
	/** Same seed → same ids and metadata. Default `'google-photos-emulator'`. */
	seed?: string | number;
	/** 0 (default) = ephemeral. The host is always 127.0.0.1. */
	port?: number;
	/** Number of app-created items. Default 300. */
	librarySize?: number;
	/** Default 3599 (spec §8). */
	accessTokenTtlSeconds?: number;
	/** Default 3600 (spec §6: "valid ~60 minutes"). */
	baseUrlTtlSeconds?: number;
	/** Cloud project number used in SERVICE_DISABLED and quota messages. */
	projectNumber?: string;
	/** Keep at most this many log entries (oldest dropped). Default 100 000. */
	maxLogEntries?: number;
	guesses?: Partial<GuessKnobs>;
}

export interface TruncateOptions {
	/**
	 * `'honest'` (default): 200 whose Content-Length matches the cut body.
	 * `'close'`: full Content-Length announced, connection closed mid-body.
	 */
	mode?: 'honest' | 'close';
}

export interface Faults {
	/** Delay added before each API (batchGet/get) response. */
	latency(ms: number): void;
	/** Next n API calls answer that error envelope. */
	failNext(n: number, status?: 500 | 503): void;
	rateLimitNext(n: number, opts: { kind: 'minute' | 'day'; retryAfterSeconds?: number }): void;
	/** Any batchGet containing it answers 500 INTERNAL (a single get of it too). */
	poison(id: string): void;
	/** Next n API calls: socket destroyed without a response. */
	resetConnectionsNext(n: number): void;
	/** Next n API responses: headers at once, body dribbled in `chunks` pieces (default 10). */
	slowBodyNext(n: number, opts: { chunkDelayMs: number; chunks?: number }): void;
	/** Next n API calls answer an HTML page (a proxy in the way); default 502. */
	htmlNext(n: number, status?: number): void;
	/** Next n successful API responses are 200 with JSON cut in the middle. */
	truncateNext(n: number, opts?: TruncateOptions): void;
	/** Next n successful batchGets: 200 with `mediaItemResults` one shorter than requested. */
	wrongResultCountNext(n: number): void;
	/** Next n successful batchGets: 200 `{}` without `mediaItemResults`. */
	missingResultsNext(n: number): void;
	/** 403 SERVICE_DISABLED while on. */
	serviceDisabled(on: boolean): void;
	/** baseUrls issued from now on die after ms (403 HTML). */
	expireBaseUrlsAfter(ms: number): void;
	/** Next n media (baseUrl) fetches answer 429 — the 75k/day media quota. */
	mediaRateLimitNext(n: number): void;
	/**
	 * Next n successful media fetches: headers and the first `afterBytes` bytes (default 0), then
	 * nothing more on an open connection until the client gives up — a host that hangs mid-file.
	 */
	stallMediaNext(n: number, opts?: { afterBytes?: number }): void;
	reset(): void;
}

export interface LibraryApi {
	/** App-created (default client), existing items. */
	ids(filter?: LibraryFilter): string[];
	/** Ids that existed but were deleted → per-item code 3. */
	deletedIds(): string[];
	/** Ids that exist but were created by `otherClient` → code 3 for `client`'s tokens. */
	otherAppIds(): string[];
	get(id: string): MediaItem | undefined;
	add(partial?: Partial<MediaItemSeed>): MediaItem;
	/** Deletes an existing item; afterwards it answers code 3. */
	delete(id: string): void;
	/** Forces the per-item status for this id (e.g. code 5 or 7); cleared by `reset()`. */
	setItemStatus(id: string, status: RpcStatus): void;
}

export interface TokensApi {
	/** Default scope photoslibrary.readonly.appcreateddata, default client, default TTL. */
	mintAccessToken(opts?: { scopes?: string[]; ttlSeconds?: number; clientId?: string }): string;
	mintRefreshToken(opts?: { scopes?: string[]; clientId?: string }): string;
	/** The token endpoint answers invalid_grant for it afterwards. */
	revokeRefreshToken(token: string): void;
	expireAccessToken(token: string): void;
}

export interface Emulator {
	/** API origin, e.g. `http://127.0.0.1:38211`: `${origin}/v1/mediaItems:batchGet`. */
	origin: string;
	/** `${origin}/token` */
	tokenUrl: string;
	/** `${origin}/o/oauth2/v2/auth` — auto-consenting authorize endpoint (authorization code flow). */
	authUrl: string;
	/** Origin baseUrls point at (the same server). */
	mediaOrigin: string;
	client: OAuthClient;
	otherClient: OAuthClient;
	library: LibraryApi;
	tokens: TokensApi;
	faults: Faults;
	log: RequestLogEntry[];
	counters: Counters;
	/** Clears log, counters, faults and forced item statuses; library additions stay. */
	reset(): void;
	/** Closes all sockets; resolves when fully closed. */
	stop(): Promise<void>;
}
