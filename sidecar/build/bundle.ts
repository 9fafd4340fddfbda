// Builds the sidecar as two files (dist/sidecar/bundle/main.js and its logs worker, worker.js) with esbuild, from tsc's output (whitespace and syntax minified, names kept).
// Usage: npm run build (after tsc), or node dist/sidecar/build/bundle.js. Run it as: node dist/sidecar/bundle/main.js <flags>.
import { build, type Plugin } from 'esbuild';
import { fromRoot } from '../src/paths.js';

const LEAN_UNDICI = fromRoot('sidecar', 'build', 'undici-lean.cjs');

/** `undici` from any module but the shim itself resolves to the shim: only the dispatchers and request() are loaded. */
const leanUndici: Plugin = {
  name: 'lean-undici',
  setup(bundler) {
    bundler.onResolve({ filter: /^undici$/ }, (args) => (args.importer === LEAN_UNDICI ? undefined : { path: LEAN_UNDICI }));
  },
};

await build({
  // worker.js beside main.js: the logs feature starts `./worker.js` relative to its own module, here the bundle.
  entryPoints: { main: fromRoot('dist', 'sidecar', 'src', 'main.js'), worker: fromRoot('dist', 'sidecar', 'src', 'logs', 'worker.js') },
  outdir: fromRoot('dist', 'sidecar', 'bundle'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // V8 keeps every module's source text: minified, the idle sidecar measured 45 MB private against 49 (median of 3 runs each).
  // Names are kept, so CPU profiles and flame graphs read: renaming identifiers too saved nothing measurable (idle private
  // 55.8 and 56.0 MB renamed, 55.2 and 54.7 kept; hop.js, alternating).
  minifyWhitespace: true,
  minifySyntax: true,
  // Loaded only by a sidecar given --grpc-port or --grpc-socket (src/api/grpc.ts), from node_modules as before.
  external: ['@grpc/grpc-js', '@grpc/proto-loader'],
  // CommonJS packages inside an ES module bundle still call require().
  banner: { js: "import { createRequire as __sclCreateRequire } from 'node:module'; const require = __sclCreateRequire(import.meta.url);" },
  plugins: [leanUndici],
  logLevel: 'warning',
});
