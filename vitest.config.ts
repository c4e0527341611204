import { defineConfig } from 'vitest/config'

// Unit and integration tests sit next to the code (`*.test.ts`). Integration tests talk to the
// real PostgreSQL, Redis, NATS and Docker on loopback, so they get generous timeouts and run in
// forked processes (native modules such as sharp and @parcel/watcher are not thread-safe to share).
export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'src-shared/**/*.test.ts', 'src-preload/**/*.test.ts', 'src-renderer/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
})
