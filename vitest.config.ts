import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src/', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^canter$/, replacement: `${src}index.ts` },
      { find: /^canter\/(.*)$/, replacement: `${src}$1/index.ts` },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default'],
    testTimeout: 20_000,
    // Lets the weak-receiver tests force a real garbage collection.
    execArgv: ['--expose-gc'],
  },
});
