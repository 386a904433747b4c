FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
# Bootstrap reduced to the rules the templates use (see purgecss.config.cjs).
COPY purgecss.config.cjs ./
COPY templates ./templates
COPY static/js ./static/js
COPY accounts ./accounts
COPY core ./core
COPY diagnostics ./diagnostics
COPY events ./events
COPY network ./network
COPY reports ./reports
COPY structures ./structures
RUN node_modules/.bin/purgecss --config purgecss.config.cjs --output /app/purged/

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY requirements ./requirements
COPY . .
RUN pip install --no-cache-dir -c requirements/constraints.txt -e .
COPY --from=assets /app/purged/bootstrap.min.css static/vendor/
# Every commune of France, read by `manage.py territories_load` at deployment.
COPY --from=assets /app/node_modules/@etalab/decoupage-administratif/data node_modules/@etalab/decoupage-administratif/data/
RUN DJANGO_SECRET_KEY=build DJANGO_ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.db \
      python manage.py collectstatic --noinput -v0 \
    && (python manage.py compilemessages -v0 || true)
RUN useradd --create-home maillage && mkdir -p /app/media && chown maillage /app/media
USER maillage
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
