/**
 * The cache-hit server: canter-hello.ts with its view under cachePage(900), so every measured
 * request after the first is answered from the locmem page cache (the demo's GET /cached/).
 */
process.env.CANTER_BENCH_CACHED = '1';
await import('./canter-hello.js');
