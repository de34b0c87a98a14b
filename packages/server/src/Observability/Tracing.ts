import { NodeSdk } from "@effect/opentelemetry"
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http"
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Effect, Layer, Option } from "effect"
import { AppConfig } from "../AppConfig.js"

/**
 * Traces of every request and repository call, exported over OTLP/HTTP to
 * OTEL_EXPORTER_OTLP_ENDPOINT when it is set; nothing otherwise. Spans are sent in batches and
 * flushed when the server stops.
 */
export const TracingLive = Layer.unwrapEffect(
  Effect.map(AppConfig, ({ otlpEndpoint, serviceName }) =>
    Option.match(otlpEndpoint, {
      onNone: () => Layer.empty,
      onSome: (endpoint) =>
        NodeSdk.layer(() => ({
          resource: { serviceName },
          spanProcessor: new BatchSpanProcessor(
            new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, "")}/v1/traces` })
          )
        }))
    })
  )
)
