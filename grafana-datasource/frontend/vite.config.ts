/// <reference types="vitest" />
import { defineConfig } from 'vite';
import { resolve } from 'node:path';

// Grafana loads module.js as an AMD module and provides these imports at run time.
const externals = [
  'react',
  'react-dom',
  '@grafana/data',
  '@grafana/runtime',
  '@grafana/ui',
  'rxjs',
  'lodash',
  '@emotion/css',
  '@emotion/react',
];

export default defineConfig({
  // Classic JSX (React.createElement): no react/jsx-runtime import, which Grafana may not provide.
  esbuild: { jsx: 'transform', jsxFactory: 'React.createElement', jsxFragment: 'React.Fragment' },
  build: {
    outDir: resolve(__dirname, '../target/frontend'),
    emptyOutDir: true,
    sourcemap: true,
    minify: true,
    target: 'es2020',
    rollupOptions: {
      input: resolve(__dirname, 'src/module.ts'),
      external: (id) => externals.some((e) => id === e || id.startsWith(e + '/')),
      preserveEntrySignatures: 'strict',
      output: {
        format: 'amd',
        entryFileNames: 'module.js',
        exports: 'named',
      },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    include: ['src/**/*.test.tsx'],
    setupFiles: ['src/test-setup.ts'],
    testTimeout: 30000,
    // Grafana's packages import CSS and CommonJS named exports: let Vite transform them.
    server: { deps: { inline: [/@grafana\//, /uplot/] } },
    css: false,
  },
});
