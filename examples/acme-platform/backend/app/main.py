from fastapi import Depends, FastAPI, Header, HTTPException

from . import config
from .placeholder_report import build_placeholder_report

app = FastAPI(title="acme-platform")


def require_api_key(x_api_key: str = Header(alias=config.API_KEY_HEADER)) -> str:
    if not x_api_key:
        raise HTTPException(status_code=401, detail="missing API key")
    return x_api_key


@app.get("/healthz")
def healthz() -> dict:
    return {"status": "ok", "env": config.APP_ENV}


@app.get("/reports/weekly")
def weekly_report(api_key: str = Depends(require_api_key)) -> list:
    from datetime import date, timedelta
    return build_placeholder_report([], date.today() - timedelta(days=7))
