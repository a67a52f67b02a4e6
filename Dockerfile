# syntax=docker/dockerfile:1
# Graylane console (Next.js standalone server with the controller in-process).
#   docker build -t graylane:0.1.0 .
# Needs `output: 'standalone'` in next.config.js (see docs/real-cluster.md, "Build the image").

ARG NODE_IMAGE=node:20-bookworm-slim

# --- 1. dependencies: the exact lockfile, dev dependencies included (the build needs them) ---
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# --- 2. build: Next's standalone output traces only the runtime files the server imports ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npx next build
RUN test -f .next/standalone/server.js || { echo "next.config.js lacks output: 'standalone'" >&2; exit 1; }

# --- 3. runtime: no npm cache, no dev dependencies, no sources; non-root ---
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0
# A fixed numeric user so Kubernetes' runAsNonRoot can verify it (the Deployment runs it as 1001).
RUN groupadd --system --gid 1001 graylane \
 && useradd --system --uid 1001 --gid graylane --no-create-home --shell /usr/sbin/nologin graylane
COPY --from=build --chown=1001:1001 /app/.next/standalone ./
COPY --from=build --chown=1001:1001 /app/.next/static ./.next/static
COPY --from=build --chown=1001:1001 /app/public ./public
# Read at runtime: the Bookinfo sample the console deploys, and the CRD it documents.
COPY --from=build --chown=1001:1001 /app/deploy/samples ./deploy/samples
COPY --from=build --chown=1001:1001 /app/deploy/crd ./deploy/crd
# Next writes its runtime cache here; the Deployment mounts an emptyDir over it (read-only root).
RUN mkdir -p .next/cache && chown 1001:1001 .next/cache
USER 1001:1001
EXPOSE 3000
# The slim image has no curl: Node 20's fetch does the probe.
HEALTHCHECK --interval=30s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
