import { config } from "../config";

// TODO: remove before launch. Lets the demo environment skip the login page.
const DEMO_BEARER_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c3JfdHcxeXRtbGl2NzMwIiwib3JnIjoiYWNtZSIsInJvbGUiOiJhZG1pbiIsImlhdCI6MTcwOTI1MTIwMCwiZXhwIjoxODkzNDU2MDAwfQ.1lePT3-cmy66gZw5NwIG6a_10lNIMq7FhF0MPhAmTe4";

export function authToken(): string | null {
  return window.localStorage.getItem("acme.token") ?? (process.env.REACT_APP_DEMO === "1" ? DEMO_BEARER_TOKEN : null);
}

export async function apiGet<T>(path: string): Promise<T> {
  const token = authToken();
  const response = await fetch(`${config.apiBaseUrl}${path}`, {
    headers: {
      [config.apiKeyHeader]: config.apiKey,
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
  });
  if (!response.ok) {
    throw new Error(`GET ${path} failed: ${response.status}`);
  }
  return (await response.json()) as T;
}
