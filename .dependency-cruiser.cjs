// The layering of sidecar-lab, checked by `npm test` (scripts/test/layering.test.ts runs `npm run layering`).
// library <- services, controlplane <- sidecar; scripts/orchestration <- conformance <- scripts (the engine) <- scenarios
// <- the composition root (scripts/registry.ts); scripts/orchestration <- scripts/k8s (the Kubernetes renderer, a leaf).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'An import cycle makes the order of module evaluation matter and layers impossible to read.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-names-no-scenario',
      severity: 'error',
      comment: 'scripts/ is the engine: only the composition root (scripts/registry.ts) may know the scenarios.',
      from: { path: '^scripts/', pathNot: '^scripts/registry\\.ts$' },
      to: { path: '^scenarios/' },
    },
    {
      name: 'products-below-the-harness',
      severity: 'error',
      comment: 'The products (library, services, controlplane, sidecar) never import the harness or the conformance suite.',
      from: { path: '^(library|services|controlplane|sidecar/src)/', pathNot: '/test/' },
      to: { path: '^(scripts|scenarios|conformance)/' },
    },
    {
      name: 'conformance-below-the-engine',
      severity: 'error',
      comment: 'The conformance suite is used by the engine, never the other way round; both start processes with scripts/orchestration.',
      from: { path: '^conformance/' },
      to: { path: '^(scripts|scenarios)/', pathNot: '^scripts/orchestration/' },
    },
    {
      name: 'orchestration-is-the-floor',
      severity: 'error',
      comment: 'scripts/orchestration starts processes for the conformance suite and the engine alike: it imports neither.',
      from: { path: '^scripts/orchestration/' },
      to: { path: '^(conformance|scenarios)/|^scripts/(?!orchestration/)' },
    },
    {
      name: 'k8s-renders-from-the-recipe',
      severity: 'error',
      comment: 'scripts/k8s renders manifests from the recipe the harness starts processes with (scripts/orchestration), and from nothing else of the harness.',
      from: { path: '^scripts/k8s/' },
      to: { path: '^(conformance|scenarios)/|^scripts/(?!orchestration/|k8s/)' },
    },
    {
      name: 'k8s-is-a-leaf',
      severity: 'error',
      comment: 'Nothing builds on the Kubernetes renderer: the bench measures processes it starts itself, the renderer only reads its recipe.',
      from: { pathNot: '^scripts/k8s/' },
      to: { path: '^scripts/k8s/' },
    },
    {
      name: 'library-below-its-users',
      severity: 'error',
      comment: 'library/ts is the bottom layer: services and the sidecar build on it.',
      from: { path: '^library/' },
      to: { path: '^(services|controlplane|sidecar)/' },
    },
    {
      name: 'sidecar-is-not-a-service',
      severity: 'error',
      comment: 'The sidecar stands beside any app: it imports no service and no control plane code.',
      from: { path: '^sidecar/src/' },
      to: { path: '^(services|controlplane)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|reports)/' },
    includeOnly: '^(library/ts|services/ts|controlplane|sidecar|conformance|scripts|scenarios)/',
    tsPreCompilationDeps: true,
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
