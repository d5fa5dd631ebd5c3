import { configureSettings, exitOnSignal, Handler, loadInstalledModels, serve, installedApps } from '../../src/core/index.js';
import { caches, createCacheTables } from '../../src/cache/index.js';
import { MigrationExecutor, MigrationLoader, connections } from '../../src/db/index.js';
import settings from './settings.js';
import { ensureBenchUser } from './bench-user.js';
import './signals.js';

/** `npm start`: migrates the demo database (SQLite file by default), then serves on 127.0.0.1:$PORT. */
configureSettings(settings);
await loadInstalledModels();
const executor = new MigrationExecutor(connections.get(), await MigrationLoader.load(installedApps()));
const applied = await executor.migrate();
if (applied.length > 0) console.log(`Applied ${applied.length} migration(s): ${applied.map(([m]) => m.toString()).join(', ')}`);
// BENCH_FAST_HASH=1: the benchmark's user, bench/bench-password.
if (process.env.BENCH_FAST_HASH === '1') await ensureBenchUser();
// CACHE_URL=db://table keeps the cache in a table of the demo database: make it when missing.
await createCacheTables([]);
const running = await serve(new Handler(), { host: '127.0.0.1', port: Number(process.env.PORT ?? 8000) });
console.log(`Canter demo on ${running.url}/hello/ (Ctrl-C to stop)`);
exitOnSignal(async () => {
  await running.close();
  await caches.closeAll();
  await connections.closeAll();
});
