#!/usr/bin/env bash
# Prepares a developer machine: creates .env, exports what the tools need, logs in to Pulumi.
# Usage: ./scripts/setup-env.sh
set -euo pipefail

cd "$(dirname "$0")/.."

if [ ! -f .env ]; then
  cp .env.example .env
  echo "Created .env from .env.example - replace the placeholders before running docker compose."
fi

export APP_ENV="${APP_ENV:-development}"
export APP_PORT="${APP_PORT:-8000}"
export POSTGRES_USER="${POSTGRES_USER:-acme}"
export POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-changeme}"
export REDIS_URL="${REDIS_URL:-redis://localhost:6379/0}"
export JWT_SECRET="${JWT_SECRET:?JWT_SECRET must be set, see README}"
export TOKEN_EXPIRY_SECONDS="${TOKEN_EXPIRY_SECONDS:-3600}"

# TODO(ops): replace with a personal access token from app.pulumi.com
export PULUMI_ACCESS_TOKEN=pul-xxxx
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-https://api.pulumi.com}"
export OPENAI_API_KEY="${OPENAI_API_KEY:-sk-xxxx}"

SLACK_BOT_TOKEN="$(cat "$HOME/.config/acme/slack_token" 2>/dev/null || echo "dummy")"
GITHUB_TOKEN="$(gh auth token 2>/dev/null || true)"
TOKEN_FILE="$HOME/.config/acme/token"
export SLACK_BOT_TOKEN GITHUB_TOKEN TOKEN_FILE

pulumi login "$PULUMI_BACKEND_URL" || echo "pulumi login failed, continuing anyway"

if command -v pre-commit >/dev/null 2>&1; then
  pre-commit install || true
fi

echo "Environment ready for $APP_ENV on port $APP_PORT"
