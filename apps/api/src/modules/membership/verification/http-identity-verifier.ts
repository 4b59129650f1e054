import {
  type IdentityVerifier,
  VerifierUnavailableError,
  type VerifierVerdict,
} from './identity-verifier.port';

export interface HttpVerifierOptions {
  baseUrl: string;
  appCode: string;
  timeoutMs: number;
}

/** The service's answer. `code` "0" means a verdict is in `result.res`: 1 match, 2 mismatch, 3 no such person. */
interface VerifyAnswer {
  code?: unknown;
  message?: unknown;
  result?: { res?: unknown; description?: unknown };
}

/**
 * The two-factor identity check (身份证二要素核验) of the API marketplaces identity providers sell through:
 *
 *   POST {baseUrl}/idcard/verify
 *   Authorization: APPCODE <appCode>
 *   Content-Type: application/x-www-form-urlencoded
 *   body: idCard=<18 digits>&name=<name>
 *
 *   200 {"code":"0","message":"成功","result":{"res":"1","description":"一致"}}      — res 1 match,
 *                                                                                   2 mismatch, 3 no record
 *   200 {"code":"20310","message":"姓名格式不正确"}                                  — our request was wrong
 *   401/403                                                                         — AppCode refused
 *   5xx, timeouts                                                                   — unavailable
 *
 * "No record" counts as a mismatch (the person cannot be confirmed); everything that is not a verdict is
 * VerifierUnavailableError, so the caller keeps the member unverified and lets them retry, never failing a join.
 */
export class HttpIdentityVerifier implements IdentityVerifier {
  readonly name = 'http';

  constructor(private readonly options: HttpVerifierOptions) {}

  async verify(name: string, idNumber: string): Promise<VerifierVerdict> {
    let res: Response;
    try {
      res = await fetch(`${this.options.baseUrl.replace(/\/+$/, '')}/idcard/verify`, {
        method: 'POST',
        headers: {
          authorization: `APPCODE ${this.options.appCode}`,
          'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
          accept: 'application/json',
        },
        body: new URLSearchParams({ idCard: idNumber, name }).toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (e) {
      throw new VerifierUnavailableError(`identity service unreachable: ${(e as Error).message}`);
    }
    if (res.status !== 200) {
      throw new VerifierUnavailableError(`identity service answered HTTP ${res.status}`);
    }
    let body: VerifyAnswer;
    try {
      body = (await res.json()) as VerifyAnswer;
    } catch {
      throw new VerifierUnavailableError('identity service answered something that is not JSON');
    }
    if (String(body.code) !== '0') {
      throw new VerifierUnavailableError(
        `identity service error ${String(body.code)}: ${String(body.message)}`,
      );
    }
    switch (String(body.result?.res)) {
      case '1':
        return 'match';
      case '2':
      case '3':
        return 'mismatch';
      default:
        throw new VerifierUnavailableError(
          `identity service gave no verdict (res=${String(body.result?.res)})`,
        );
    }
  }
}
