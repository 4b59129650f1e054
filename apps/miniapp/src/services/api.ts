import Taro from '@tarojs/taro';
import {
  ERROR_MESSAGES_ZH,
  ErrorCode,
  isApiErrorBody,
  type LoginProvider,
  type LoginRequest,
  type LoginResponse,
  type LogoutRequest,
  type MeResponse,
  type RefreshRequest,
  type TokenPair,
} from '@smartunion/contracts';

import { API_BASE } from './env';
import { goToLogin } from './navigation';
import { clearTokens, loadTokens, saveTokens } from './token-store';

const REQUEST_TIMEOUT_MS = 15_000;
const UPLOAD_TIMEOUT_MS = 120_000;

/** A failed API call: `code` to branch on, `message` (Chinese, by code) to show in a toast. */
export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Call {
  method: Method;
  /** Absolute path on the API, e.g. /api/v1/me. */
  path: string;
  body?: object;
  /** A file sent as the raw body instead of JSON: a browser File, or the bytes a mini-program read. */
  file?: { data: Blob | ArrayBuffer; contentType: string };
  /** Read the answer as bytes (file downloads, H5). */
  binary?: boolean;
  /** Sends the stored access token and refreshes it once on expiry. */
  auth: boolean;
  /** Extra request headers (an Idempotency-Key). */
  headers?: Record<string, string>;
}

/** What we read of an answer: the body is unknown until checked against the contract. */
interface RawResponse {
  statusCode: number;
  data: unknown;
  header: Record<string, string>;
}

async function send(call: Call, accessToken?: string): Promise<RawResponse> {
  const header: Record<string, string> = { Accept: 'application/json', ...call.headers };
  if (call.file) header['Content-Type'] = call.file.contentType;
  else if (call.body !== undefined) header['Content-Type'] = 'application/json';
  if (accessToken) header.Authorization = `Bearer ${accessToken}`;
  try {
    const res = await Taro.request<unknown>({
      url: `${API_BASE}${call.path}`,
      method: call.method,
      data: call.file?.data ?? call.body,
      header,
      dataType: call.binary ? undefined : 'json',
      responseType: call.binary ? 'arraybuffer' : undefined,
      timeout: call.file ? UPLOAD_TIMEOUT_MS : REQUEST_TIMEOUT_MS,
    });
    const data = call.binary ? binaryBody(res.statusCode, res.data) : res.data;
    return { statusCode: res.statusCode, data, header: res.header ?? {} };
  } catch {
    // Taro rejects only when there is no HTTP answer at all (offline, DNS, timeout, domain not whitelisted).
    throw new ApiError(0, ErrorCode.ServiceUnavailable, '网络异常，请检查网络后重试');
  }
}

/** A download answers bytes; an error still answers a JSON body, which is decoded to be read as one. */
function binaryBody(statusCode: number, data: unknown): unknown {
  if (statusCode >= 200 && statusCode < 300) return data;
  if (!(data instanceof ArrayBuffer) || typeof TextDecoder === 'undefined') return null;
  try {
    return JSON.parse(new TextDecoder().decode(data)) as unknown;
  } catch {
    return null;
  }
}

function unwrap<T>(res: RawResponse): T {
  if (res.statusCode >= 200 && res.statusCode < 300) return res.data as T;
  const body = res.data;
  if (isApiErrorBody(body)) {
    // The API's message is English, for developers; users read the Chinese text of the code.
    const message = ERROR_MESSAGES_ZH[body.code] ?? ERROR_MESSAGES_ZH.INTERNAL;
    throw new ApiError(res.statusCode, body.code, message, body.details, body.requestId);
  }
  throw new ApiError(
    res.statusCode,
    res.statusCode >= 500 ? ErrorCode.ServiceUnavailable : ErrorCode.BadRequest,
    `服务暂时不可用（${res.statusCode}），请稍后重试`,
  );
}

function needsRefresh(res: RawResponse): boolean {
  if (res.statusCode !== 401 || !isApiErrorBody(res.data)) return false;
  return res.data.code === ErrorCode.TokenExpired || res.data.code === ErrorCode.Unauthenticated;
}

/** The refresh in flight, shared by every request that hit a 401 meanwhile. */
let refreshing: Promise<TokenPair> | null = null;

/**
 * Exchanges the stored refresh token for a new pair, once for all concurrent callers. A refresh token is
 * single-use (the API treats reuse as theft), so two parallel refreshes would log the user out.
 * When the API rejects the refresh, the tokens are cleared and the user is sent to the login page.
 */
export function refresh(): Promise<TokenPair> {
  refreshing ??= (async () => {
    const stored = loadTokens();
    if (!stored) {
      goToLogin();
      throw new ApiError(401, ErrorCode.Unauthenticated, '登录已失效，请重新登录');
    }
    try {
      const body: RefreshRequest = { refreshToken: stored.refreshToken };
      const pair = unwrap<TokenPair>(
        await send({ method: 'POST', path: '/api/v1/auth/refresh', body, auth: false }),
      );
      saveTokens(pair);
      return pair;
    } catch (error) {
      // No answer at all: keep the session, the next request may well succeed.
      if (!(isApiError(error) && error.status === 0)) {
        clearTokens();
        goToLogin();
      }
      throw error;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function sendAuthorised(call: Call): Promise<RawResponse> {
  if (!call.auth) return send(call);

  const tokens = loadTokens();
  if (!tokens) throw new ApiError(401, ErrorCode.Unauthenticated, '请先登录');
  const res = await send(call, tokens.accessToken);
  if (!needsRefresh(res)) return res;

  // Another request may have refreshed while this one was in flight: then just retry with the new token.
  const current = loadTokens();
  const fresh = current && current.accessToken !== tokens.accessToken ? current : await refresh();
  return send(call, fresh.accessToken);
}

async function request<T>(call: Call): Promise<T> {
  return unwrap<T>(await sendAuthorised(call));
}

export async function login(provider: LoginProvider, code: string): Promise<LoginResponse> {
  const body: LoginRequest = { provider, code };
  const res = await request<LoginResponse>({ method: 'POST', path: '/api/v1/auth/login', body, auth: false });
  saveTokens(res);
  return res;
}

/** Ends the session on the server and on the device; the device forgets its tokens even if the API is away. */
export async function logout(): Promise<void> {
  const tokens = loadTokens();
  clearTokens();
  if (!tokens) return;
  const body: LogoutRequest = { refreshToken: tokens.refreshToken };
  await request<null>({ method: 'POST', path: '/api/v1/auth/logout', body, auth: false });
}

export function getMe(): Promise<MeResponse> {
  return request<MeResponse>({ method: 'GET', path: '/api/v1/me', auth: true });
}

export type Query = Record<string, string | number | boolean | undefined>;

/** `path?k=v…`; values that are undefined or empty are left out. */
export function withQuery(path: string, query: Query = {}): string {
  const search = Object.entries(query)
    .filter(
      (entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[1] !== '',
    )
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return search ? `${path}?${search}` : path;
}

/** An authenticated GET; `query` values that are undefined are left out. */
export function apiGet<T>(path: string, query: Query = {}): Promise<T> {
  return request<T>({ method: 'GET', path: withQuery(path, query), auth: true });
}

/** A GET of a public route: no token is sent, and none is needed (a join code before login). */
export function apiGetPublic<T>(path: string, query: Query = {}): Promise<T> {
  return request<T>({ method: 'GET', path: withQuery(path, query), auth: false });
}

/** An authenticated POST with an optional JSON body (and extra headers, e.g. an Idempotency-Key). */
export function apiPost<T>(path: string, body?: object, headers?: Record<string, string>): Promise<T> {
  return request<T>({ method: 'POST', path, body, auth: true, headers });
}

/** An authenticated PATCH with a JSON body. */
export function apiPatch<T>(path: string, body: object): Promise<T> {
  return request<T>({ method: 'PATCH', path, body, auth: true });
}

/** An authenticated PUT with a JSON body. */
export function apiPut<T>(path: string, body: object): Promise<T> {
  return request<T>({ method: 'PUT', path, body, auth: true });
}

/** An authenticated DELETE; `query` values that are undefined are left out. */
export function apiDelete<T>(path: string, query: Query = {}): Promise<T> {
  return request<T>({ method: 'DELETE', path: withQuery(path, query), auth: true });
}

/** An authenticated POST of a file as the raw request body. */
export function apiUpload<T>(
  path: string,
  query: Query,
  file: Blob | ArrayBuffer,
  contentType: string,
): Promise<T> {
  return request<T>({
    method: 'POST',
    path: withQuery(path, query),
    file: { data: file, contentType },
    auth: true,
  });
}

/**
 * Mini-programs: an authenticated GET of a file straight into a temporary file, which never passes through the
 * page's memory. Returns its path; errors come back as {@link ApiError} (the JSON body is read from the file).
 */
export async function apiDownloadToTemp(path: string, query: Query = {}): Promise<string> {
  const url = `${API_BASE}${withQuery(path, query)}`;
  const fetchWith = async (accessToken: string): Promise<Taro.downloadFile.FileSuccessCallbackResult> => {
    try {
      return await Taro.downloadFile({ url, header: { Authorization: `Bearer ${accessToken}` } });
    } catch {
      throw new ApiError(0, ErrorCode.ServiceUnavailable, '网络异常，请检查网络后重试');
    }
  };
  const tokens = loadTokens();
  if (!tokens) throw new ApiError(401, ErrorCode.Unauthenticated, '请先登录');
  let res = await fetchWith(tokens.accessToken);
  if (res.statusCode === 401) res = await fetchWith((await refresh()).accessToken);
  if (res.statusCode >= 200 && res.statusCode < 300) return res.tempFilePath;
  let body: unknown = null;
  try {
    const text = Taro.getFileSystemManager().readFileSync(res.tempFilePath, 'utf8');
    if (typeof text === 'string') body = JSON.parse(text) as unknown;
  } catch {
    // not JSON: reported by status below
  }
  return unwrap<string>({ statusCode: res.statusCode, data: body, header: {} });
}
