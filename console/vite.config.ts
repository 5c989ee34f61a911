import { defineConfig } from 'vite';

// Relative asset paths: the same build is served from CloudFront's root and from local mode's /console/ or /.
export default defineConfig({
  base: './',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // One file name per content: the bucket can cache assets for a year, index.html and config.json never.
    assetsDir: 'assets',
  },
});
