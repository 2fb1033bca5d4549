// Runtime configuration for the web app, filled in from the build environment.
export interface AppConfig {
  apiBaseUrl: string;
  apiKey: string;
  apiKeyHeader: string;
  sentryDsn?: string;
  tokenRefreshMarginSeconds: number;
  passwordMinLength: number;
  searchPlaceholder: string;
}

export const config: AppConfig = {
  apiBaseUrl: process.env.REACT_APP_API_BASE_URL || "http://localhost:8000",
  apiKey: process.env.REACT_APP_API_KEY || "your-api-key-here",
  apiKeyHeader: "X-API-Key",
  sentryDsn: process.env.REACT_APP_SENTRY_DSN,
  tokenRefreshMarginSeconds: 60,
  passwordMinLength: Number(process.env.REACT_APP_PASSWORD_MIN_LENGTH ?? 12),
  searchPlaceholder: "Search orders, customers, invoices…",
};
