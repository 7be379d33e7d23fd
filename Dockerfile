# One image for every AtlHyper process: `docker run atlhyper:0.1.0 master|agent|sim …`.
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv
COPY pyproject.toml uv.lock README.md /src/
COPY src /src/src
RUN cd /src && uv run --frozen --no-dev python -m atlhyper.master.openapi > web/openapi.json \
 && npm run gen:api && npm run build

FROM python:3.11-slim-bookworm
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
COPY src ./src
RUN uv sync --frozen --no-dev --no-editable && rm /usr/local/bin/uv
COPY --from=web /src/web/dist /app/web/dist
ENV PATH=/app/.venv/bin:$PATH MASTER_WEB_DIR=/app/web/dist
RUN useradd --uid 10001 --no-create-home atlhyper
USER 10001
ENTRYPOINT ["atlhyper"]
