/** Where Google Photos lives. Tests and the demo replace the API origin through the credential. */
export const GOOGLE_PHOTOS_API_ORIGIN = 'https://photoslibrary.googleapis.com';

/** The only read scope Google still grants to the Library API since 2025-03-31 (spec §7). */
export const PHOTOS_READ_SCOPE =
	'https://www.googleapis.com/auth/photoslibrary.readonly.appcreateddata';

export const BATCH_GET_PATH = '/v1/mediaItems:batchGet';

/** Google's documented maximum of ids in one batchGet (spec §1). */
export const MAX_IDS_PER_BATCH_GET = 50;

/**
 * Google's OAuth token endpoint (spec §8). The refresh-token credential stores it in a hidden field
 * so that tests and the demo can point it at the emulator.
 */
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
