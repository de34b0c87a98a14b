import { existsSync } from "node:fs"
import { join } from "node:path"
import { Config, ConfigError, Context, Duration, Effect, Layer, Option, Redacted } from "effect"
import { parseKeyRing } from "./Secrets/KeyRing.js"

/**
 * Every setting of the server, read once through Effect `Config` (environment first, then `.env`).
 * Problems are collected, not thrown one by one, so a bad start lists all of them at once.
 */
export interface AppConfigShape {
  readonly host: string
  readonly port: number
  readonly databaseUrl: Redacted.Redacted<string>
  readonly migrationDatabaseUrl: Option.Option<Redacted.Redacted<string>>
  readonly dbPoolMax: number
  /** How long a query waits for a connection (pool full, database unreachable) before 503. */
  readonly dbConnectTimeout: Duration.Duration
  /** How long a request may run before it is answered 503 (a question to the assistant also gets the Librarian's deadline). */
  readonly requestDeadline: Duration.Duration
  /** On SIGINT/SIGTERM, how long requests in flight may take to finish before they are dropped. */
  readonly shutdownGrace: Duration.Duration
  readonly jwtSecret: Redacted.Redacted<string>
  readonly jwtIssuer: string
  readonly jwtAudience: string
  readonly accessTokenTtl: Duration.Duration
  readonly refreshTokenTtl: Duration.Duration
  readonly sessionMaxAge: Duration.Duration
  readonly sessionRevocationPollInterval: Duration.Duration
  readonly cookieSecure: boolean
  readonly termsVersion: string
  readonly trustedProxies: ReadonlyArray<string>
  readonly loginMaxFailuresPerAccount: number
  readonly loginMaxFailuresPerIp: number
  readonly loginWindow: Duration.Duration
  readonly registrationsPerIpPerHour: number
  /** The schema of the pipeline's read-only market-data tables. */
  readonly marketDataSchema: string
  readonly mail: MailSettings
  readonly librarian: LibrarianSettings
  /** API requests one user may make a minute, across all replicas. */
  readonly apiRequestsPerMinute: number
  /** Questions one user may ask the assistant a minute. */
  readonly chatPerMinute: number
  /** The internal port of /metrics (Prometheus), never exposed through nginx; 0 picks one. */
  readonly metricsPort: number
  /** Where traces go (OTLP/HTTP base URL); none: tracing is off. */
  readonly otlpEndpoint: Option.Option<string>
  readonly serviceName: string
  /** The built web app to serve from this origin (`pnpm start`); none in production (nginx). */
  readonly webRoot: Option.Option<string>
  /** Whether this process runs the background jobs' workers (else it only queues jobs). */
  readonly jobWorkers: boolean
  /**
   * How often pg-boss's maintenance runs (in one process at a time): it retries jobs whose
   * process died mid-run once their expiry passes, and archives finished ones.
   */
  readonly jobMaintenanceInterval: Duration.Duration
  /** How long the events outbox keeps events for resuming streams (whole months are dropped). */
  readonly eventsRetention: Duration.Duration
  /** How often an idle event stream sends a comment line; below every proxy's read timeout. */
  readonly eventsHeartbeat: Duration.Duration
  /** What this build is (the commit deployed), for the operations dashboard. */
  readonly appVersion: string
  /** How often each process reports itself for the operations dashboard. */
  readonly operationsReportInterval: Duration.Duration
  /** How long audit entries are kept. */
  readonly auditRetention: Duration.Duration
  /** How long the system log's warnings and errors are kept. */
  readonly systemLogRetention: Duration.Duration
  /** An event stream ends after this long; its client reconnects with a new ticket. */
  readonly eventsStreamMaxAge: Duration.Duration
  /**
   * The ring of master keys (`id:base64` of 32 bytes, comma-separated, the current first) that
   * wrap the data keys of the secrets users give, such as webhook addresses; none: such secrets
   * cannot be set.
   */
  readonly secretsKeys: Option.Option<Redacted.Redacted<string>>
  readonly webhooks: WebhookSettings
  readonly exchanges: ExchangeSettings
}

/** How the real exchange adapter (ccxt) reaches exchanges. */
export interface ExchangeSettings {
  /** How long one request to an exchange may take. */
  readonly timeout: Duration.Duration
  /**
   * Where requests for Binance go instead of Binance itself (testnet and live alike): the
   * development stand-in, or a test's.
   */
  readonly binanceUrl: Option.Option<string>
  /** How old a TradingView alert's {{timenow}} may be when it arrives. */
  readonly signalMaxLag: Duration.Duration
  /**
   * Whether this process reaches exchanges (testnet and live): one that does not (no egress to
   * them) leaves their orders and periodic checks to the processes that do; paper trading is
   * the same everywhere.
   */
  readonly access: boolean
}

/** How signals are posted to users' webhooks. */
export interface WebhookSettings {
  /**
   * Whether a webhook may lead to a loopback or private network address, or be plain http: only
   * for a development machine, where the receiver runs next to the app.
   */
  readonly allowPrivate: boolean
  /** How long one post may take. */
  readonly timeout: Duration.Duration
}

/** Where the Librarian is and how patiently it is called. */
export interface LibrarianSettings {
  /** Base URL; none means the assistant is not configured (503). */
  readonly url: Option.Option<string>
  /** Whether `url` is the development stand-in that `pnpm start` runs. */
  readonly standIn: boolean
  readonly chatPath: string
  readonly healthPath: string
  /** Where documents are handed over and drafted from (see docs/librarian.md). */
  readonly documentsPath: string
  /** How long one document call may take: an upload of up to 20 MiB, or drafting from it. */
  readonly documentTimeout: Duration.Duration
  readonly apiKeyHeader: string
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
  readonly attemptTimeout: Duration.Duration
  readonly deadline: Duration.Duration
  readonly maxRetries: number
  readonly backoffBase: Duration.Duration
  readonly breakerThreshold: number
  readonly breakerCooldown: Duration.Duration
  readonly maxResponseBytes: number
}

export class AppConfig extends Context.Tag("AppConfig")<AppConfig, AppConfigShape>() {}

const MIN_SECRET_BYTES = 32

const positiveInt = (name: string, fallback: number) =>
  Config.integer(name).pipe(
    Config.withDefault(fallback),
    Config.validate({ message: `${name} must be a positive integer`, validation: (n) => n > 0 })
  )

/** A whole number of some unit, from `min` to `max`, as a Duration. */
const wholeDuration = (
  name: string,
  unit: (n: number) => Duration.Duration,
  min: number,
  max: number,
  fallback: number,
  why = ""
) =>
  Config.integer(name).pipe(
    Config.withDefault(fallback),
    Config.validate({
      message: `${name} must be between ${min} and ${max}${why}`,
      validation: (n) => n >= min && n <= max
    }),
    Config.map(unit)
  )

const postgresUrl = (name: string) =>
  Config.redacted(name).pipe(
    Config.validate({
      message: `${name} must be a postgres:// or postgresql:// URL`,
      validation: (url) => /^postgres(ql)?:\/\/.+/.test(Redacted.value(url))
    })
  )

/** A port to listen on; 0 lets the system pick a free one (tests, several local runs). */
const listenPort = (name: string, fallback: number) =>
  Config.integer(name).pipe(
    Config.withDefault(fallback),
    Config.validate({
      message: `${name} must be a port number from 0 to 65535 (0: any free port)`,
      validation: (n) => n >= 0 && n <= 65535
    })
  )

const nonNegativeInt = (name: string, fallback: number) =>
  Config.integer(name).pipe(
    Config.withDefault(fallback),
    Config.validate({ message: `${name} must be 0 or more`, validation: (n) => n >= 0 })
  )

/** Outgoing mail (password reset): a feature that is unavailable without SMTP_URL and PUBLIC_URL. */
export interface MailSettings {
  /** smtps://user:password@host:465 (TLS) or smtp://…:587 (STARTTLS required unless loopback). */
  readonly smtpUrl: Option.Option<Redacted.Redacted<string>>
  readonly from: string
  /** The web app's origin, for the links mails carry (never taken from a request's Host). */
  readonly publicUrl: Option.Option<string>
  /** Where development mail can be read (the mail catcher `pnpm start` runs). */
  readonly catcherUrl: Option.Option<string>
  /** "Forgot password" requests one address may make an hour. */
  readonly resetsPerIpPerHour: number
  /** Reset mails one account gets an hour (more requests are answered alike, but send nothing). */
  readonly resetsPerAccountPerHour: number
}

const httpOrigin = (name: string) =>
  Config.string(name).pipe(
    Config.validate({
      message: `${name} must be an http:// or https:// origin, e.g. https://trading.example.com`,
      validation: (url) => /^https?:\/\/[^/\s]+\/?$/.test(url)
    })
  )

const mailSettings = Config.all({
  smtpUrl: Config.option(
    Config.redacted("SMTP_URL").pipe(
      Config.validate({
        message: "SMTP_URL must be an smtp:// or smtps:// URL",
        validation: (url) => /^smtps?:\/\/[^/\s]+/.test(Redacted.value(url))
      })
    )
  ),
  from: Config.string("MAIL_FROM").pipe(Config.withDefault("trading-app <no-reply@localhost>")),
  publicUrl: Config.option(httpOrigin("PUBLIC_URL")),
  catcherUrl: Config.option(Config.string("MAIL_CATCHER_URL")),
  resetsPerIpPerHour: positiveInt("PASSWORD_RESETS_PER_IP_PER_HOUR", 10),
  resetsPerAccountPerHour: positiveInt("PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR", 3)
})

const librarianSettings = Config.all({
  url: Config.option(
    Config.string("LIBRARIAN_URL").pipe(
      Config.validate({
        message: "LIBRARIAN_URL must be an http:// or https:// URL",
        validation: (url) => /^https?:\/\/[^/]+/.test(url)
      })
    )
  ),
  standIn: Config.boolean("LIBRARIAN_STAND_IN").pipe(Config.withDefault(false)),
  chatPath: Config.string("LIBRARIAN_CHAT_PATH").pipe(Config.withDefault("/v1/chat")),
  healthPath: Config.string("LIBRARIAN_HEALTH_PATH").pipe(Config.withDefault("/health")),
  documentsPath: Config.string("LIBRARIAN_DOCUMENTS_PATH").pipe(
    Config.withDefault("/v1/documents")
  ),
  documentTimeout: Config.duration("LIBRARIAN_DOCUMENT_TIMEOUT").pipe(
    Config.withDefault(Duration.minutes(2))
  ),
  apiKeyHeader: Config.string("LIBRARIAN_API_KEY_HEADER").pipe(Config.withDefault("x-api-key")),
  apiKey: Config.option(Config.redacted("LIBRARIAN_API_KEY")),
  attemptTimeout: Config.duration("LIBRARIAN_ATTEMPT_TIMEOUT").pipe(
    Config.withDefault(Duration.seconds(12))
  ),
  deadline: Config.duration("LIBRARIAN_DEADLINE").pipe(Config.withDefault(Duration.seconds(30))),
  maxRetries: nonNegativeInt("LIBRARIAN_MAX_RETRIES", 2),
  backoffBase: Config.duration("LIBRARIAN_BACKOFF_BASE").pipe(
    Config.withDefault(Duration.millis(250))
  ),
  breakerThreshold: positiveInt("LIBRARIAN_BREAKER_THRESHOLD", 5),
  breakerCooldown: Config.duration("LIBRARIAN_BREAKER_COOLDOWN").pipe(
    Config.withDefault(Duration.seconds(30))
  ),
  maxResponseBytes: positiveInt("LIBRARIAN_MAX_RESPONSE_BYTES", 256 * 1024)
})

export const appConfig = Config.all({
  host: Config.string("HOST").pipe(Config.withDefault("127.0.0.1")),
  port: listenPort("PORT", 8000),
  databaseUrl: postgresUrl("DATABASE_URL"),
  migrationDatabaseUrl: Config.option(postgresUrl("MIGRATION_DATABASE_URL")),
  dbPoolMax: positiveInt("DB_POOL_MAX", 10),
  dbConnectTimeout: Config.duration("DB_CONNECT_TIMEOUT").pipe(
    Config.withDefault(Duration.seconds(5))
  ),
  requestDeadline: Config.duration("REQUEST_DEADLINE").pipe(
    Config.withDefault(Duration.seconds(10))
  ),
  shutdownGrace: Config.duration("SHUTDOWN_GRACE").pipe(Config.withDefault(Duration.seconds(10))),
  jwtSecret: Config.redacted("JWT_SECRET").pipe(
    Config.validate({
      message: `JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes (256 bits); generate one with: openssl rand -base64 48`,
      validation: (s) => Buffer.byteLength(Redacted.value(s)) >= MIN_SECRET_BYTES
    })
  ),
  jwtIssuer: Config.string("JWT_ISSUER").pipe(Config.withDefault("trading-app")),
  jwtAudience: Config.string("JWT_AUDIENCE").pipe(Config.withDefault("trading-app")),
  accessTokenTtl: Config.duration("ACCESS_TOKEN_TTL").pipe(
    Config.withDefault(Duration.minutes(15))
  ),
  refreshTokenTtl: Config.duration("REFRESH_TOKEN_TTL").pipe(Config.withDefault(Duration.days(14))),
  sessionMaxAge: Config.duration("SESSION_MAX_AGE").pipe(Config.withDefault(Duration.days(90))),
  sessionRevocationPollInterval: Config.duration("SESSION_REVOCATION_POLL_INTERVAL").pipe(
    Config.withDefault(Duration.seconds(2))
  ),
  cookieSecure: Config.boolean("COOKIE_SECURE").pipe(Config.withDefault(true)),
  termsVersion: Config.string("TERMS_VERSION").pipe(Config.withDefault("2026-11-01")),
  trustedProxies: Config.array(Config.string(), "TRUSTED_PROXIES").pipe(Config.withDefault([])),
  loginMaxFailuresPerAccount: positiveInt("LOGIN_MAX_FAILURES_PER_ACCOUNT", 5),
  loginMaxFailuresPerIp: positiveInt("LOGIN_MAX_FAILURES_PER_IP", 50),
  loginWindow: Config.duration("LOGIN_THROTTLE_WINDOW").pipe(
    Config.withDefault(Duration.minutes(15))
  ),
  registrationsPerIpPerHour: positiveInt("REGISTRATIONS_PER_IP_PER_HOUR", 20),
  marketDataSchema: Config.string("MARKET_DATA_SCHEMA").pipe(
    Config.withDefault("market_data"),
    Config.validate({
      message: "MARKET_DATA_SCHEMA must be a plain lower-case identifier such as market_data",
      validation: (s) => /^[a-z_][a-z0-9_]{0,62}$/.test(s)
    })
  ),
  librarian: librarianSettings,
  mail: mailSettings,
  apiRequestsPerMinute: positiveInt("API_RATE_LIMIT_PER_MINUTE", 100),
  chatPerMinute: positiveInt("AI_CHAT_PER_MINUTE", 20),
  metricsPort: listenPort("METRICS_PORT", 9464),
  otlpEndpoint: Config.option(
    Config.string("OTEL_EXPORTER_OTLP_ENDPOINT").pipe(
      Config.validate({
        message: "OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL",
        validation: (url) => /^https?:\/\/[^/]+/.test(url)
      })
    )
  ),
  serviceName: Config.string("OTEL_SERVICE_NAME").pipe(Config.withDefault("trading-app")),
  jobWorkers: Config.boolean("JOB_WORKERS").pipe(Config.withDefault(true)),
  jobMaintenanceInterval: wholeDuration("JOB_MAINTENANCE_SECONDS", Duration.seconds, 1, 3600, 60),
  eventsRetention: wholeDuration("EVENTS_RETENTION_DAYS", Duration.days, 1, 3650, 30),
  appVersion: Config.string("APP_VERSION").pipe(Config.withDefault("development")),
  operationsReportInterval: wholeDuration("OPERATIONS_REPORT_SECONDS", Duration.seconds, 1, 60, 10),
  auditRetention: wholeDuration("AUDIT_RETENTION_DAYS", Duration.days, 1, 3650, 90),
  systemLogRetention: wholeDuration("SYSTEM_LOG_RETENTION_DAYS", Duration.days, 1, 3650, 30),
  eventsHeartbeat: wholeDuration(
    "EVENTS_HEARTBEAT_SECONDS",
    Duration.seconds,
    1,
    50,
    15,
    " (nginx waits 60 s)"
  ),
  secretsKeys: Config.option(
    Config.redacted("SECRETS_KEYS").pipe(
      Config.validate({
        message:
          'SECRETS_KEYS must be id:key entries, comma-separated, the current first, each key 32 random bytes in base64 (e.g. "k1:" followed by the output of openssl rand -base64 32)',
        validation: (text) => typeof parseKeyRing(Redacted.value(text)) !== "string"
      })
    )
  ),
  webhooks: Config.all({
    allowPrivate: Config.boolean("WEBHOOK_ALLOW_PRIVATE_ADDRESSES").pipe(Config.withDefault(false)),
    timeout: wholeDuration("WEBHOOK_TIMEOUT_SECONDS", Duration.seconds, 1, 30, 5)
  }),
  exchanges: Config.all({
    timeout: wholeDuration("EXCHANGE_TIMEOUT_SECONDS", Duration.seconds, 1, 30, 5),
    binanceUrl: Config.option(
      Config.url("EXCHANGE_BINANCE_URL").pipe(Config.map((u) => u.href.replace(/\/$/, "")))
    ),
    signalMaxLag: wholeDuration("SIGNAL_MAX_LAG_SECONDS", Duration.seconds, 5, 3600, 120),
    access: Config.boolean("EXCHANGE_ACCESS").pipe(Config.withDefault(true))
  }),
  eventsStreamMaxAge: wholeDuration(
    "EVENTS_STREAM_MAX_SECONDS",
    Duration.seconds,
    10,
    86_400,
    1800
  ),
  webRoot: Config.option(
    Config.string("WEB_ROOT").pipe(
      Config.validate({
        message: "WEB_ROOT must be a folder holding the built web app (index.html)",
        validation: (dir) => existsSync(join(dir, "index.html"))
      })
    )
  )
})

export const AppConfigLive = Layer.effect(AppConfig, appConfig)

/** The tests' master key ring (a process started by a test takes it too). */
export const TEST_SECRETS_KEYS = "test-1:dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMDEyMzQ="

/** A fixed configuration, for tests and for the embedded launcher. */
export const AppConfigTest = (
  overrides: Partial<AppConfigShape> & Pick<AppConfigShape, "databaseUrl">
) =>
  Layer.succeed(AppConfig, {
    host: "127.0.0.1",
    port: 0,
    migrationDatabaseUrl: Option.none(),
    dbPoolMax: 5,
    dbConnectTimeout: Duration.seconds(5),
    requestDeadline: Duration.seconds(10),
    shutdownGrace: Duration.seconds(10),
    jwtSecret: Redacted.make("test-secret-test-secret-test-secret-0123"),
    jwtIssuer: "trading-app",
    jwtAudience: "trading-app",
    accessTokenTtl: Duration.minutes(15),
    refreshTokenTtl: Duration.days(14),
    sessionMaxAge: Duration.days(90),
    sessionRevocationPollInterval: Duration.seconds(2),
    cookieSecure: true,
    termsVersion: "2026-11-01",
    trustedProxies: ["127.0.0.1", "::1", "::ffff:127.0.0.1"],
    loginMaxFailuresPerAccount: 5,
    loginMaxFailuresPerIp: 50,
    loginWindow: Duration.minutes(15),
    registrationsPerIpPerHour: 20,
    marketDataSchema: "market_data",
    mail: {
      smtpUrl: Option.none(),
      from: "trading-app <no-reply@localhost>",
      publicUrl: Option.none(),
      catcherUrl: Option.none(),
      resetsPerIpPerHour: 10,
      resetsPerAccountPerHour: 3
    },
    librarian: {
      url: Option.none(),
      standIn: false,
      chatPath: "/v1/chat",
      healthPath: "/health",
      documentsPath: "/v1/documents",
      documentTimeout: Duration.seconds(10),
      apiKeyHeader: "x-api-key",
      apiKey: Option.none(),
      attemptTimeout: Duration.seconds(2),
      deadline: Duration.seconds(5),
      maxRetries: 2,
      backoffBase: Duration.millis(20),
      breakerThreshold: 5,
      breakerCooldown: Duration.seconds(30),
      maxResponseBytes: 256 * 1024
    },
    apiRequestsPerMinute: 10_000,
    chatPerMinute: 20,
    metricsPort: 0,
    otlpEndpoint: Option.none(),
    serviceName: "trading-app",
    webRoot: Option.none(),
    jobWorkers: true,
    jobMaintenanceInterval: Duration.seconds(1),
    eventsRetention: Duration.days(30),
    appVersion: "test",
    operationsReportInterval: Duration.seconds(1),
    auditRetention: Duration.days(90),
    systemLogRetention: Duration.days(30),
    eventsHeartbeat: Duration.seconds(1),
    eventsStreamMaxAge: Duration.minutes(30),
    secretsKeys: Option.some(Redacted.make(TEST_SECRETS_KEYS)),
    webhooks: { allowPrivate: true, timeout: Duration.seconds(2) },
    exchanges: {
      timeout: Duration.seconds(2),
      binanceUrl: Option.none(),
      signalMaxLag: Duration.seconds(120),
      // Tests that trade on testnet give their own server a stand-in: the others keep off.
      access: false
    },
    ...overrides
  })

/** One line per setting that is missing or invalid, for a start-up message a person can act on. */
export const describeConfigError = (error: ConfigError.ConfigError): ReadonlyArray<string> => {
  const lines = new Set<string>()
  const walk = (e: ConfigError.ConfigError): void => {
    switch (e._op) {
      case "And":
      case "Or":
        walk(e.left)
        walk(e.right)
        return
      case "MissingData":
        lines.add(`${e.path.join(".")} is not set`)
        return
      default:
        // Our validations name the setting in their message; the path is then empty.
        lines.add(e.path.length === 0 ? e.message : `${e.path.join(".")}: ${e.message}`)
    }
  }
  walk(error)
  return [...lines]
}

/**
 * Ends a program that cannot start for its settings with one message listing them all, and the
 * exit code 78 (configuration error).
 */
export const exitOnConfigError = (who: string) =>
  Effect.catchIf(ConfigError.isConfigError, (error: ConfigError.ConfigError) =>
    Effect.logError(
      `${who} cannot start. Fix these settings (see .env.example):\n${describeConfigError(error)
        .map((line) => `  - ${line}`)
        .join("\n")}`
    ).pipe(Effect.andThen(Effect.sync(() => process.exit(78))))
  )
