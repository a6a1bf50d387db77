import { DEFAULT_ENDPOINTS } from './endpoints.js';
import { createPlatformProvider } from './platform.js';

/** Upsun adapter: the shared Platform protocol with the `upsun-cli` client id. */
export const upsun = createPlatformProvider({
  id: 'upsun',
  title: 'Upsun',
  clientId: 'upsun-cli',
  envName: 'UPSUN_CLI_TOKEN',
  endpoints: DEFAULT_ENDPOINTS.upsun,
  // `~` is the console's alias for the signed-in user.
  tokenPageUrl: 'https://console.upsun.com/-/users/~/settings/tokens',
});
