# Newsroom's app image: gunicorn serving Django, static files collected at build.
#   docker build -t newsroom .
# compose.yaml runs it with PostgreSQL and Redis; docs/deploying.md
# has the whole story. (No Docker engine runs on the project's development and CI
# machines, so this file is kept simple and is not built there.)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first (wheels only: psycopg2-binary and Pillow need no compiler),
# so code changes don't reinstall them.
COPY pyproject.toml README.md ./
RUN pip install ".[s3]"

COPY . .

# Collected into the image; WhiteNoise serves them with far-future caching.
RUN DEBUG=false SECRET_KEY=collectstatic-only \
    DATABASE_URL=postgres://unused@localhost/unused STATIC_ROOT=/app/static \
    python manage.py collectstatic --noinput --verbosity 0

RUN useradd --system --uid 10001 --no-create-home --home-dir /app newsroom \
    && mkdir -p /app/media \
    && chown newsroom /app/media
USER newsroom

# gunicorn listens on every interface of the container (deploy/gunicorn.conf.py
# defaults to loopback): publish the port only to the TLS proxy, and name it in
# NEWSROOM_TRUSTED_PROXIES.
ENV STATIC_ROOT=/app/static \
    MEDIA_ROOT=/app/media \
    PORT=8000 \
    GUNICORN_BIND=0.0.0.0:8000
EXPOSE 8000

CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py"]
