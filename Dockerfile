# iamport-sandbox as a CI service container. Not built in this project's CI (no Docker engine there); kept plain.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=7707 DB_PATH=/data/sandbox.db
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY fixtures ./fixtures
COPY public ./public
VOLUME /data
EXPOSE 7707
# Listening beyond loopback requires SANDBOX_ADMIN_TOKEN (or SANDBOX_INSECURE_ADMIN=1 on a trusted CI network).
CMD ["node", "dist/src/server.js"]
