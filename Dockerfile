# The API alone; Neo4j comes from docker-compose.yml (or any Neo4j 5 through NEO4J_URI).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
RUN npm ci --no-audit --no-fund
COPY src ./src
COPY scripts ./scripts
COPY web ./web
# The service (tsc) and the explorer's front end (esbuild, into dist/web): scripts/build.js.
RUN node scripts/build.js

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY cypher ./cypher
COPY data ./data
COPY schema ./schema
USER node
EXPOSE 4000
CMD ["node", "dist/src/main.js"]
