# syntax=docker/dockerfile:1
#
# One image for every Cold Reach app; the command picks the app (the default is the gateway):
#   docker run IMAGE                                                              # gateway, :8080
#   docker run IMAGE node -r @swc-node/register apps/client-service/src/main.ts   # gRPC, :50051
#   docker run IMAGE node -r @swc-node/register apps/admin-cli/src/main.ts migrate
#
# TypeScript runs through @swc-node/register (not tsx: TypeORM needs decorator metadata), which is why the
# dev dependencies are installed too.

ARG NODE_IMAGE=node:24-bookworm-slim

# --- manifests: only the files `npm install` reads, so editing source never re-runs the install ---
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir -p /manifests \
 && cp package.json package-lock.json /manifests/ \
 && find apps libs -mindepth 2 -maxdepth 2 -name package.json -exec cp --parents {} /manifests/ \; \
 && cp --parents bench/package.json /manifests/

# --- deps: node_modules for the whole workspace ---
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=manifests /manifests/ ./
# `npm ci` fails on our registry (the lockfile lacks other platforms' optional binaries), so: install.
# --ignore-scripts: the only install scripts are the `node` devDependency (which would download a second
# Node 24 binary; the image already is Node 24), buf/nx/protobufjs (not used at run time) and @swc/core's
# check (its linux binary comes as an optional dependency from the lockfile).
RUN --mount=type=cache,target=/root/.npm \
    npm install --no-audit --no-fund --ignore-scripts \
 && node -e "require('@swc/core').transformSync('const a: number = 1', { jsc: { parser: { syntax: 'typescript' } } })"

# --- build: the workspace source on top of its node_modules ---
FROM deps AS build
COPY . .
# The dashboard's assets (apps/web/dist), served by the gateway at / through WEB_ROOT below.
RUN node scripts/build-web.mjs --force

# --- runtime ---
FROM ${NODE_IMAGE} AS runtime
# kafkajs 2.2.4 trips a harmless TimeoutNegativeWarning on Node 24 (tulios/kafkajs#1751).
ENV NODE_ENV=production \
    NODE_OPTIONS="--enable-source-maps --disable-warning=TimeoutNegativeWarning" \
    WEB_ROOT=/app/apps/web/dist
WORKDIR /app
# Owned by root and read-only to the app user: a compromised process cannot rewrite its own code.
COPY --from=build /app /app
USER node
EXPOSE 8080 50051
CMD ["node", "-r", "@swc-node/register", "apps/gateway/src/main.ts"]
