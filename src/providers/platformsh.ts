import { DEFAULT_ENDPOINTS } from './endpoints.js';
import { createPlatformProvider } from './platform.js';

/** Platform.sh adapter: the shared Platform protocol with the `platform-cli` client id. */
export const platformsh = createPlatformProvider({
  id: 'platformsh',
  title: 'Platform.sh',
  clientId: 'platform-cli',
  envName: 'PLATFORMSH_CLI_TOKEN',
  endpoints: DEFAULT_ENDPOINTS.platformsh,
  // `~` is the console's alias for the signed-in user.
  tokenPageUrl: 'https://console.platform.sh/-/users/~/settings/tokens',
});
