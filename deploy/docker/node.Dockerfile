# The Node build of sidecar-lab, one `npm ci` and `npm run build` (services/ts/launch.json) for two images:
#   docker build -f deploy/docker/node.Dockerfile --target ts      -t <registry>/scl-ts:<tag> .
#   docker build -f deploy/docker/node.Dockerfile --target sidecar -t <registry>/scl-sidecar:<tag> .
# The tree keeps the repository's layout under /app: the entry points (dist/...) find spec/ by walking up to package.json.
# Context: the repository root (.dockerignore leaves out node_modules, dist, .cache, reports).

FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/spec ./spec
COPY --from=build /app/dist ./dist
# The uid every pod runs as (scripts/k8s): the sidecar reads its app's /proc entries, which needs the same user.
USER 65532:65532

# web, customers and payment in TypeScript; the manifests give the command (launch.json's start) and SCL_ env.
FROM runtime AS ts
CMD ["node", "dist/services/ts/src/main.js"]

# The sidecar (dist/sidecar/bundle/main.js, as recipe.ts starts it) and the control plane (dist/controlplane/src/main.js).
FROM runtime AS sidecar
CMD ["node", "dist/sidecar/bundle/main.js", "--help"]
