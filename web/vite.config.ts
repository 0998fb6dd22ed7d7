/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// React's JSX is compiled by Vite's own esbuild (no React plugin needed).
// `npm run dev` proxies the API to a running `cobuy serve` (COBUY_API, default 127.0.0.1:8080).
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // The server's CSP allows only same-origin scripts and styles: keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: {
      '/api': `http://${process.env.COBUY_API ?? '127.0.0.1:8080'}`,
      '/healthz': `http://${process.env.COBUY_API ?? '127.0.0.1:8080'}`,
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    setupFiles: ['src/test/setup.ts'],
    // Vitest's 5 s default is too short for the longer form tests on a loaded 2-core machine
    // (one timed out while the C++ tests ran beside it): a bound on the harness, not a timing assertion.
    testTimeout: 30000,
  },
});
