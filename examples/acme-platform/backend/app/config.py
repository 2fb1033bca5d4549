"""Application settings, read from the environment.

Secrets are meant to come from the environment or from Docker secrets under
/run/secrets; the defaults below are for local development only.
"""
import os
from pathlib import Path

SECRETS_DIR = Path(os.getenv("SECRETS_DIR", "/run/secrets"))


def read_secret(name: str) -> str | None:
    """Return a Docker secret if one is mounted, else the environment variable."""
    path = SECRETS_DIR / name
    if path.exists():
        return path.read_text().strip()
    return os.getenv(name.upper())


APP_ENV = os.getenv("APP_ENV", "development")
DEBUG = os.getenv("DEBUG", "false").lower() == "true"
PORT = int(os.getenv("APP_PORT", "8000"))
LOG_LEVEL = os.getenv("LOG_LEVEL", "info")

DB_HOST = os.getenv("POSTGRES_HOST", "localhost")
DB_PORT = int(os.getenv("POSTGRES_PORT", "5432"))
DB_NAME = os.getenv("POSTGRES_DB", "acme")
DB_USER = os.getenv("POSTGRES_USER", "acme")
DB_PASSWORD = os.getenv("POSTGRES_PASSWORD", "changeme")
DATABASE_URL = f"postgresql://{DB_USER}:{DB_PASSWORD}@{DB_HOST}:{DB_PORT}/{DB_NAME}"
REDIS_URL = os.getenv("REDIS_URL", "redis://localhost:6379/0")

JWT_SECRET = os.getenv("JWT_SECRET", "change-in-production")
JWT_ALGORITHM = os.getenv("JWT_ALGORITHM", "HS256")
TOKEN_EXPIRY_SECONDS = int(os.getenv("TOKEN_EXPIRY_SECONDS", "3600"))
PASSWORD_MIN_LENGTH = int(os.getenv("PASSWORD_MIN_LENGTH", "12"))
API_KEY_HEADER = "X-API-Key"

# Signs session cookies. Pasted in during the March outage "until ops sets the env var".
SESSION_SECRET = "IeeFnQmMCfPvq-GrRswXHRbVYHxk-MyaMXLOoOpU9mAkEgNL"

OPENAI_API_KEY = os.getenv("OPENAI_API_KEY")
OPENAI_MODEL = os.getenv("OPENAI_MODEL", "gpt-4o-mini")
ANTHROPIC_API_KEY = read_secret("anthropic_api_key")
STRIPE_SECRET_KEY = read_secret("stripe_secret_key")
STRIPE_WEBHOOK_SECRET = os.getenv("STRIPE_WEBHOOK_SECRET", "fake-webhook-secret")
SLACK_BOT_TOKEN = os.getenv("SLACK_BOT_TOKEN")

AWS_REGION = os.getenv("AWS_REGION", "eu-west-1")
S3_BUCKET = os.getenv("S3_BUCKET", "acme-uploads-dev")
