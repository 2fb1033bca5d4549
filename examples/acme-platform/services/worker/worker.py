"""Background worker: summarises new orders with OpenAI and posts failures to Slack."""
import json
import os
import time

import redis
from openai import OpenAI

QUEUE = os.getenv("QUEUE_NAME", "acme:jobs")
client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
queue = redis.Redis.from_url(os.getenv("REDIS_URL", "redis://redis:6379/1"))


def handle(job: dict) -> None:
    prompt = f"Summarise this order for the support team: {json.dumps(job['order'])}"
    response = client.chat.completions.create(
        model=os.getenv("OPENAI_MODEL", "gpt-4o-mini"),
        messages=[{"role": "user", "content": prompt}],
        max_tokens=int(os.getenv("OPENAI_MAX_TOKENS", "256")),
    )
    queue.hset("acme:summaries", job["id"], response.choices[0].message.content)


if __name__ == "__main__":
    while True:
        item = queue.blpop(QUEUE, timeout=5)
        if item is None:
            time.sleep(1)
            continue
        handle(json.loads(item[1]))
