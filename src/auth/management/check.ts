import { installedApps } from '../../conf/apps.js';

/**
 * canter/auth's start-up check for the CLI (`canter check`, `runserver`): loads the auth models
 * only when authApp is installed, then runs checkAuth (AUTH_USER_MODEL, auth.E002/E003/E008/E011/E012).
 */
export async function checkAuthIfInstalled(): Promise<void> {
  if (!installedApps().some((app) => app.label === 'auth')) return;
  const { checkAuth } = await import('../models/checks.js');
  checkAuth();
}
