# One image per service, from one Dockerfile: `docker build --target goals .` (or metrics-ingestion,
# reporting). The services run their TypeScript sources through SWC, as `npm start` does.
FROM node:20-bookworm-slim AS base
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json ./
COPY tools ./tools
COPY libs ./libs
COPY apps ./apps
ENV NODE_ENV=production
# SIGTERM reaches node directly (exec): the service finishes in-flight messages, commits, exits 0.
CMD ["sh", "-c", "exec node --enable-source-maps -r ./tools/register.cjs apps/$SERVICE/src/main.ts"]

FROM base AS goals
ENV SERVICE=goals PORT=3000 HOST=0.0.0.0
EXPOSE 3000

FROM base AS metrics-ingestion
ENV SERVICE=metrics-ingestion PORT=3001 HOST=0.0.0.0
EXPOSE 3001

FROM base AS reporting
ENV SERVICE=reporting PORT=3002 HOST=0.0.0.0
EXPOSE 3002
