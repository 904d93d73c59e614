// n8n finds the node and credential through the "n8n" block of package.json. This entry point
// lets code (tests, scripts, other packages) use the same compiled classes directly.
const { GooglePhotos } = require('./dist/nodes/GooglePhotos/GooglePhotos.node');
const { GooglePhotosOAuth2Api } = require('./dist/credentials/GooglePhotosOAuth2Api.credentials');
const {
	GooglePhotosRefreshTokenApi,
} = require('./dist/credentials/GooglePhotosRefreshTokenApi.credentials');

module.exports = { GooglePhotos, GooglePhotosOAuth2Api, GooglePhotosRefreshTokenApi };
