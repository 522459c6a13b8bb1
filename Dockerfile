# iamport-sandbox as a container, e.g. a CI service (docs/running.md). Not built in this project's CI (no Docker engine
# there): test/package.test.ts checks what can be checked without one (COPY sources, the start and health commands
# from a production install of the packed package).

# Build stage: the tools of the native SQLite module, the build (tsc, then the bin's bundle), and `npm pack`, so the
# image holds exactly what the npm package holds (`files` in package.json), installed with the lockfile's production
# dependencies.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
# No scripts yet: `prepare` would build before the sources are here, and the build needs no native module (esbuild's
# binary comes in its platform's package, with no install script to run).
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json README.md LICENSE CHANGELOG.md ./
COPY scripts ./scripts
COPY src ./src
COPY fixtures ./fixtures
COPY public ./public
COPY docs ./docs
# `npm pack` runs prepack (clean) and prepare (build). The package is unpacked into /app and given its production
# dependencies at the lockfile's versions; only better-sqlite3 runs its install script (a prebuilt binary or a compile).
RUN npm pack --silent --pack-destination /tmp \
  && mkdir /app \
  && tar -xzf /tmp/iamport-sandbox-*.tgz -C /app --strip-components=1 \
  && cp package-lock.json /app/ \
  && cd /app \
  && npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
  && npm rebuild better-sqlite3

# Runtime stage: node and the package, no compiler, no package sources, not root.
FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=7707 DB_PATH=/data/sandbox.db
WORKDIR /app
COPY --from=build /app ./
# The volume is created owned by the image's unprivileged `node` user, so the database can be written without root.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 7707
# The server closes its database and exits 0 on SIGTERM (and SIGINT); node handles both itself, also as PID 1.
STOPSIGNAL SIGTERM
# GET /__sandbox/health through node (the image has no curl); the route never needs the admin token.
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 CMD ["node", "dist/src/healthcheck.js"]
# Listening beyond loopback requires SANDBOX_ADMIN_TOKEN (or SANDBOX_INSECURE_ADMIN=1 on a trusted CI network).
CMD ["node", "dist/bin/iamport-sandbox.cjs"]
