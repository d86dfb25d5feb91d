FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY angular-client/package.json angular-client/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/angular-client/dist ./angular-client/dist
COPY package.json ./
EXPOSE 3000
CMD ["node", "dist/apps/api/apps/api/src/main.js"]
