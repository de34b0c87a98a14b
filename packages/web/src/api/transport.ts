import axios, {
  type AxiosInstance,
  type AxiosResponse,
  type InternalAxiosRequestConfig
} from "axios"

/**
 * The transport concerns of every API call, in one place: the bearer token (kept in memory
 * only), a request id per call, and a single-flight refresh when the server answers 401.
 */

let accessToken: string | null = null

export const setAccessToken = (token: string | null): void => {
  accessToken = token
}

export const hasAccessToken = (): boolean => accessToken !== null

/**
 * Gets a new access token through the refresh cookie: null when the server refused it (the
 * session is over), a rejection when the server could not be asked.
 */
type Refresher = () => Promise<string | null>
let refresher: Refresher = async () => null
let onSessionLost: () => void = () => {}

export const configureSessionRecovery = (options: {
  readonly refresh: Refresher
  readonly onSessionLost: () => void
}): void => {
  refresher = options.refresh
  onSessionLost = options.onSessionLost
}

// All concurrent 401s wait for the same refresh: the refresh token is single-use, so a second
// refresh with the same cookie would look like theft to the server and revoke the session.
let inFlight: Promise<string | null> | null = null

export const refreshAccessToken = (): Promise<string | null> => {
  inFlight ??= refresher()
    .then((token) => {
      setAccessToken(token)
      return token
    })
    .finally(() => {
      inFlight = null
    })
  return inFlight
}

const withCredentials = (config: InternalAxiosRequestConfig): InternalAxiosRequestConfig => {
  if (accessToken !== null) config.headers.set("Authorization", `Bearer ${accessToken}`)
  if (!config.headers.has("X-Request-Id")) config.headers.set("X-Request-Id", crypto.randomUUID())
  return config
}

interface RetriableConfig extends InternalAxiosRequestConfig {
  _retried?: boolean
}

const create = (): AxiosInstance =>
  axios.create({
    // The typed client decodes every status itself, errors included.
    validateStatus: () => true,
    responseType: "text",
    transitional: { silentJSONParsing: true, forcedJSONParsing: false },
    timeout: 30_000
  })

/** Calls that never trigger a refresh: signing in, signing up, refreshing, signing out. */
export const sessionTransport: AxiosInstance = create()
sessionTransport.interceptors.request.use(withCredentials)

/** Every other call: on 401, refresh once (shared by concurrent calls) and retry once. */
export const apiTransport: AxiosInstance = create()
apiTransport.interceptors.request.use(withCredentials)
apiTransport.interceptors.response.use(async (response: AxiosResponse) => {
  const config = response.config as RetriableConfig
  if (response.status !== 401 || config._retried) return response
  let token: string | null
  try {
    token = await refreshAccessToken()
  } catch {
    return response // Not refused, just unreachable: the session stays for the next try.
  }
  if (token === null) {
    onSessionLost()
    return response
  }
  config._retried = true
  config.headers.set("Authorization", `Bearer ${token}`)
  return apiTransport.request(config)
})
