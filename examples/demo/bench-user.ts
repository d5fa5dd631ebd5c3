import { User } from '../../src/auth/index.js';

/** The user the login benchmark logs in as: `bench`, password `bench-password` (made or reset). */
export async function ensureBenchUser(): Promise<void> {
  const existing = await User.objects.filter({ username: 'bench' }).first();
  if (existing === undefined) {
    await User.objects.createUser('bench', 'bench@example.com', 'bench-password');
    return;
  }
  await existing.setPassword('bench-password');
  await existing.save();
}
