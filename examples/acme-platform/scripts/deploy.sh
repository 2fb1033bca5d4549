#!/usr/bin/env bash
# Manual production deploy from a laptop:  ./scripts/deploy.sh [tag]
# "Temporary" since March 2023. CI is supposed to do this (see .github/workflows/deploy.yml).
set -e

TAG="${1:-latest}"
HOST="${DEPLOY_HOST:-203.0.113.10}"
DEPLOY_USER="${DEPLOY_USER:-deploy}"
REGISTRY=ghcr.io/acme-corp
# ci-bot token with read/write:packages; it was supposed to be temporary too
GH_TOKEN=ghp_QDP1RdWDtHMbbUR1f4pi7zzaIJLlwzIcXWJj
DOCKERHUB_USER=acmebot

echo "==> Deploying $TAG to $HOST"

echo "$GH_TOKEN" | docker login ghcr.io -u acme-ci-bot --password-stdin
docker login -u "$DOCKERHUB_USER" -p dckr_pat_uTPFZL8Kdq5ZxZ1GsSC7AwIigXH || true

docker build -t "$REGISTRY/api:$TAG" .
docker build -t "$REGISTRY/web:$TAG" frontend
docker build -t "$REGISTRY/worker:$TAG" services/worker
for svc in api web worker; do
  docker push "$REGISTRY/$svc:$TAG"
done

scp -o StrictHostKeyChecking=no docker-compose.yml docker-compose.prod.yml .env \
  "$DEPLOY_USER@$HOST:/opt/acme/"

ssh -o StrictHostKeyChecking=no "$DEPLOY_USER@$HOST" <<EOF
  set +e
  cd /opt/acme
  export TAG=$TAG
  docker compose -f docker-compose.yml -f docker-compose.prod.yml pull
  docker compose -f docker-compose.yml -f docker-compose.prod.yml up -d --remove-orphans
  docker image prune -af || true
EOF

sleep 10
curl -fsS "http://$HOST/healthz" || echo "health check failed (it usually comes back after a minute)"
echo "==> Done. Post the tag in #deploys so we can roll back."
