# One image for every service; SERVICE picks the entry point (goals now; more services join it).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json ./
COPY tools ./tools
COPY libs ./libs
COPY apps ./apps
ENV NODE_ENV=production SERVICE=goals
EXPOSE 3000
CMD ["sh", "-c", "exec node --enable-source-maps -r ./tools/register.cjs apps/$SERVICE/src/main.ts"]
